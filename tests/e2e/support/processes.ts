// Running a built server as a child process: shared by the browser tests' TestServer and the
// bench and chaos scripts.
import net from 'node:net';
import type { ChildProcess } from 'node:child_process';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

/** Polls `url` until it answers 2xx; fails if the child exits or `tries` × 100 ms pass. */
export async function waitForServer(url: string, child: ChildProcess, tries = 300): Promise<void> {
	for (let i = 0; i < tries; i++) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('server did not start');
}

/** Ends a child with `signal`; one that has not ended after `graceMs` is killed. */
export async function endProcess(
	child: ChildProcess | null,
	signal: NodeJS.Signals,
	graceMs = 10_000
): Promise<void> {
	if (!child || child.exitCode !== null) return;
	await new Promise<void>((resolve) => {
		child.once('exit', () => resolve());
		child.kill(signal);
		if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
	});
}
