// The server the browser tests share: the built app on a fresh SQLite database.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';

const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? '.e2e-data');
fs.rmSync(dataDir, { recursive: true, force: true });
// server/index.js: adapter-node's handler behind our own listener (backlog, graceful stop).
const child = spawn(process.execPath, ['server/index.js', process.env.BUILD_OUT ?? 'build'], {
	stdio: 'inherit',
	env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'true' }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
