// Makes sure a Chromium exists before the browser tests: Playwright's own download where
// the network allows it, else Debian's chromium package (as root).
import { spawnSync } from 'node:child_process';
import { findBrowser } from './browser.js';

function run(cmd, args) {
	console.log(`$ ${cmd} ${args.join(' ')}`);
	return spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;
}

if (!findBrowser()) {
	const ok =
		run('npx', ['playwright', 'install', 'chromium']) ||
		(process.getuid?.() === 0 &&
			run('apt-get', ['update', '-qq']) &&
			run('apt-get', ['install', '-y', '-qq', 'chromium']));
	if (!ok || !findBrowser()) {
		console.error(
			'Không tìm thấy Chromium cho kiểm thử trình duyệt. Cài bằng: npx playwright install chromium (hoặc apt-get install chromium).'
		);
		process.exit(1);
	}
}
console.log(`Chromium: ${findBrowser().path}`);
