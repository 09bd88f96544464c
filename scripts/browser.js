// Finds a Chromium for Playwright: the one Playwright manages if installed (a developer's
// machine), else the system's (Debian's chromium package).
import fs from 'node:fs';
import { chromium } from '@playwright/test';

export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findBrowser() {
	try {
		const managed = chromium.executablePath();
		if (managed && fs.existsSync(managed)) return { executablePath: undefined, managed: true, path: managed };
	} catch {
		/* not installed */
	}
	const system = SYSTEM_CHROMIUM.find((p) => fs.existsSync(p));
	return system ? { executablePath: system, managed: false, path: system } : null;
}
