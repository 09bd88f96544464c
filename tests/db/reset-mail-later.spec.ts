// Asking for a reset link is answered at once, and alike for every login: the link is made and
// mailed after the answer (mailer.ts `outbox`), so neither the time the answer takes nor a mail
// server's failure tells which accounts exist and have an e-mail. The mail server here is held
// by the test: a send ends only when the test releases or fails it. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { requestEmailReset } from '../../src/lib/server/reset';
import { outbox, type Mail, type SendMail } from '../../src/lib/server/mailer';

const NOW = Date.UTC(2026, 10, 25, 2, 0);
let t: TestDb;
const [withEmail, withoutEmail, failing] = DEMO_ACCOUNTS.candidates;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
	for (const [c, email] of [
		[withEmail, 'an@example.vn'],
		[failing, 'cuong@example.vn']
	] as const)
		await t.db.updateTable('app_user').set({ email }).where('national_id', '=', c.nationalId).execute();
	await t.db
		.updateTable('app_user')
		.set({ email: null })
		.where('national_id', '=', withoutEmail.nationalId)
		.execute();
});
afterAll(async () => {
	await outbox.idle();
	await t.drop();
});

/** A mail server that holds each mail until the test releases (or fails) it. */
function heldMailServer() {
	const held: { mail: Mail; release: () => void; fail: (e: Error) => void }[] = [];
	let called!: () => void;
	const firstMail = new Promise<void>((resolve) => (called = resolve));
	const send: SendMail = (mail) =>
		new Promise<void>((release, fail) => {
			held.push({ mail, release, fail });
			called();
		});
	return { send, held, firstMail };
}

let address = 0;
/**
 * The answer to a request for `login`, or 'waited for the mail server' when the mail server was
 * given a mail and a turn of the event loop passed without an answer.
 */
async function answerOf(login: string, send: SendMail, firstMail: Promise<void>) {
	const answer = requestEmailReset(
		t.db,
		{
			login,
			address: `10.42.0.${++address}`,
			linkBase: 'https://thi.example.vn',
			send,
			mail: ({ link }) => ({ subject: 'Đặt lại mật khẩu', text: link })
		},
		NOW
	);
	return Promise.race([
		answer,
		firstMail.then(
			() =>
				new Promise<'waited for the mail server'>((r) => setImmediate(() => r('waited for the mail server')))
		)
	]);
}

const userId = async (nationalId: string) =>
	(
		await t.db
			.selectFrom('app_user')
			.select('id')
			.where('national_id', '=', nationalId)
			.executeTakeFirstOrThrow()
	).id;
const linksOf = async (nationalId: string) =>
	Number(
		(
			await t.db
				.selectFrom('password_reset')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('user_id', '=', await userId(nationalId))
				.executeTakeFirstOrThrow()
		).n
	);
const mailedAudits = async (nationalId: string) =>
	Number(
		(
			await t.db
				.selectFrom('audit_log')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('action', '=', 'password.resetMailed')
				.where('target', '=', await userId(nationalId))
				.executeTakeFirstOrThrow()
		).n
	);

describe('a request for a reset link', () => {
	it('is answered before the mail server has taken the mail, and the link is mailed after', async () => {
		const server = heldMailServer();
		expect(await answerOf(withEmail.phone, server.send, server.firstMail)).toEqual({ ok: true });
		await server.firstMail;
		expect(server.held.map((h) => h.mail.to)).toEqual(['an@example.vn']);
		expect(server.held[0].mail.text).toMatch(/^https:\/\/thi\.example\.vn\/reset\?token=/);
		expect(await mailedAudits(withEmail.nationalId)).toBe(0);
		server.held[0].release();
		await outbox.idle();
		expect(await mailedAudits(withEmail.nationalId)).toBe(1);
		expect(await linksOf(withEmail.nationalId)).toBe(1);
	});

	it('is answered alike when the mail server refuses the mail, which is logged and its link forgotten', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const server = heldMailServer();
			expect(await answerOf(failing.nationalId, server.send, server.firstMail)).toEqual({ ok: true });
			await server.firstMail;
			server.held[0].fail(new Error('421 try again later'));
			await outbox.idle();
			expect(logged.mock.calls.some((c) => String(c[0]).includes('password reset mail'))).toBe(true);
		} finally {
			logged.mockRestore();
		}
		expect(await linksOf(failing.nationalId)).toBe(0);
		expect(await mailedAudits(failing.nationalId)).toBe(0);
	});

	it('gets the same answer for an unknown login, an account without e-mail and one with', async () => {
		const logins = ['0987650000', withoutEmail.phone, withEmail.nationalId];
		const servers = logins.map(() => heldMailServer());
		const answers = [];
		for (const [i, login] of logins.entries())
			answers.push(await answerOf(login, servers[i].send, servers[i].firstMail));
		expect(answers).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
		// Only the account with an e-mail is mailed, after its answer.
		await servers[2].firstMail;
		for (const h of servers[2].held) h.release();
		await outbox.idle();
		expect(servers.map((s) => s.held.map((h) => h.mail.to))).toEqual([[], [], ['an@example.vn']]);
	});
});
