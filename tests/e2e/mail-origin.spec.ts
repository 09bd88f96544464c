// Links in password-reset mail name ORIGIN, never the Host a request carries: a stranger asking
// for someone's reset with `Host: evil.example` must not get the link pointed at their site.
// A server with mail and without ORIGIN does not start.
import http from 'node:http';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import { TestServer } from './support/server';
import { freePort } from './support/processes';

test.describe.configure({ timeout: 180_000 });

const mails: string[] = [];
let smtp: SMTPServer;
let smtpPort = 0;

test.beforeAll(async () => {
	smtpPort = await freePort();
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, _session, callback) {
			const parts: Buffer[] = [];
			stream.on('data', (d: Buffer) => parts.push(d));
			stream.on('end', () => {
				mails.push(Buffer.concat(parts).toString('utf8'));
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', () => resolve()));
});

test.afterAll(async () => {
	await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** A form post with the Host and Origin headers given (fetch will not let a caller set Host). */
function postForm(
	port: number,
	pathname: string,
	form: Record<string, string>,
	headers: Record<string, string>
) {
	const body = new URLSearchParams(form).toString();
	return new Promise<{ status: number; text: string }>((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				path: pathname,
				method: 'POST',
				headers: {
					...headers,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body)
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** The mail's text, quoted-printable undone. */
function textOf(raw: string): string {
	const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
	const bytes = body
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
	return Buffer.from(bytes, 'latin1').toString('utf8');
}

test('a reset asked for with a forged Host and Origin mails a link to ORIGIN', async ({ request }) => {
	const webPort = await freePort();
	const origin = `http://127.0.0.1:${webPort}`;
	const server = new TestServer('mail-origin', {
		SMTP_HOST: '127.0.0.1',
		SMTP_PORT: String(smtpPort),
		ORIGIN: origin,
		WARM_UP_BATCHES: '0'
	});
	server.port = webPort;
	await server.start();
	try {
		const person = {
			fullName: 'Huỳnh Văn Nạn Nhân',
			birthDate: '1988-08-08',
			gender: 'male',
			nationalId: '082088008888',
			phone: '0934008888',
			email: 'nan.nhan@example.vn',
			address: 'Cai Lậy',
			unitId: 'my-tho',
			password: 'MatKhauCu2026',
			publishName: false
		};
		const registered = await request.post(`${server.url}/api/candidates`, { data: person });
		expect(registered.status(), await registered.text()).toBe(201);

		const res = await postForm(
			webPort,
			'/forgot',
			{ login: person.phone },
			{ host: 'evil.example', origin: 'http://evil.example' }
		);
		expect(res.status, res.text.slice(0, 300)).toBe(200);

		await expect.poll(() => mails.length, { timeout: 30_000 }).toBe(1);
		const text = textOf(mails[0]);
		expect(mails[0]).not.toContain('evil.example');
		const link = /(https?:\/\/\S+\/reset\?token=[\w-]+)/.exec(text)?.[1];
		expect(link, text).toBeTruthy();
		expect(new URL(link!).origin).toBe(origin);
	} finally {
		await server.stop();
	}
});

test('with SMTP_HOST and no ORIGIN the server refuses to start and says what to set', async () => {
	const dataDir = path.resolve('.e2e-data', `mail-origin-refused-${process.pid}`);
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(await freePort()),
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		SMTP_HOST: '127.0.0.1',
		SMTP_PORT: String(smtpPort),
		WARM_UP_BATCHES: '0'
	};
	delete env.ORIGIN;
	const child = spawn(process.execPath, ['server/index.js', process.env.BUILD_OUT ?? 'build'], {
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout.on('data', (d) => (out += String(d)));
	child.stderr.on('data', (d) => (out += String(d)));
	const code = await new Promise<number | null>((resolve) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			resolve(null);
		}, 60_000);
		child.on('exit', (c) => {
			clearTimeout(timer);
			resolve(c);
		});
	});
	fs.rmSync(dataDir, { recursive: true, force: true });
	expect(code, out).toBe(1);
	expect(out).toContain('SMTP_HOST is set but ORIGIN is not: set ORIGIN to');
	expect(out).not.toContain('Listening on');
});
