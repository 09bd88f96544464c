// Browser tests that need PostgreSQL (several server processes on one database); run by
// `npm run test:pg`. Each test starts its own built servers.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
	...base,
	testDir: 'tests/e2e-pg',
	webServer: undefined,
	use: { ...base.use, baseURL: undefined }
});
