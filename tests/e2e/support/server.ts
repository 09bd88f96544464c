// A built server of its own for tests that stop and restart it, or need a fresh database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { endProcess, freePort, waitForServer } from './processes';

export class TestServer {
	child: ChildProcess | null = null;
	port = 0;
	/** Everything the server wrote to stderr. */
	stderr = '';
	readonly dataDir: string;

	constructor(
		name: string,
		readonly env: Record<string, string> = {}
	) {
		this.dataDir = path.resolve('.e2e-data', `${name}-${process.pid}`);
		fs.rmSync(this.dataDir, { recursive: true, force: true });
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get sqliteFile(): string {
		return path.join(this.dataDir, 'phongthi.sqlite');
	}

	async start(): Promise<void> {
		if (!this.port) this.port = await freePort();
		this.child = spawn(process.execPath, ['server/index.js', process.env.BUILD_OUT ?? 'build'], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				DATA_DIR: this.dataDir,
				SEED_DEMO: 'true',
				...this.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.child.stderr?.on('data', (d) => {
			this.stderr += String(d);
			process.stderr.write(`[server ${this.port}] ${d}`);
		});
		await waitForServer(`${this.url}/api/time`, this.child);
	}

	/** Stops the process the hard way: what a crash or a pulled plug does. */
	async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		await endProcess(this.child, signal);
		this.child = null;
	}

	async stop(): Promise<void> {
		await this.kill('SIGTERM');
	}
}
