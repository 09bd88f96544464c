import { defineConfig } from '@playwright/test';
// @ts-expect-error plain JS helper shared with scripts/ensure-browser.js
import { findBrowser } from './scripts/browser.js';

const browser = findBrowser();
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${E2E_PORT}`,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		serviceWorkers: 'allow',
		launchOptions: {
			executablePath: browser?.executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	webServer: {
		command: 'node scripts/e2e-server.js',
		url: `http://127.0.0.1:${E2E_PORT}/api/time`,
		reuseExistingServer: false,
		timeout: 120_000,
		env: {
			PORT: String(E2E_PORT),
			HOST: '127.0.0.1',
			E2E_DATA_DIR: `.e2e-data/${E2E_PORT}`,
			// hostile.spec.ts sends hundreds of well-formed registrations of an excluded id from
			// 127.0.0.1; the limit itself is shown in tests/db/foundation.spec.ts.
			REGISTRATION_REFUSALS_PER_ADDRESS_PER_HOUR: '1000000'
		}
	}
});
