// The password reset page's form action (/reset): a field left empty is refused by name, in the
// catalogue's words and in both languages, as /register and /results/tra-cuu refuse theirs, not
// as a wrong code, and it does not count against the address's wrong codes. On SQLite and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { openTestDb, type TestDb } from './testdb';
import { messages } from '../../src/lib/i18n';

let t: TestDb;
let appDb: Db;
vi.mock('../../src/lib/server/app', () => ({ app: async () => ({ db: appDb }) }));
const resetPage = await import('../../src/routes/(site)/reset/+page.server');

beforeAll(async () => {
	t = await openTestDb();
	appDb = t.db;
});
afterAll(async () => t?.drop());

const required = { vi: messages('vi').errors.required, en: messages('en').errors.required };

/** Posts the reset form from `address`, as the page does; the action's answer. */
async function post(fields: Record<string, string>, address = '10.31.0.1') {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	const event = {
		request: new Request('http://127.0.0.1/reset', { method: 'POST', body }),
		locals: { locale: 'vi' },
		cookies: { set() {} },
		url: new URL('http://127.0.0.1/reset'),
		getClientAddress: () => address,
		setHeaders() {}
	};
	return (await resetPage.actions.default(event as any)) as { status: number; data: Record<string, unknown> };
}

const tries = async () =>
	Number(
		(
			await t.db
				.selectFrom('login_attempt')
				.select((e) => e.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('the reset form with fields left empty', () => {
	it('names each empty field as required, and says nothing of a wrong code', async () => {
		const before = await tries();
		const r = await post({ login: '', code: '', password: '' });
		expect(r.status).toBe(400);
		expect(r.data.fields).toEqual({ login: required, code: required, password: required });
		expect(r.data.message).toBeUndefined();
		// Nothing was tried: the address's wrong codes are as they were.
		expect(await tries()).toBe(before);
	});

	it('names only the fields left empty (spaces are empty too), and keeps what was typed', async () => {
		const r = await post({ login: '0912000001', code: '   ', password: 'MatKhauMoi2027' });
		expect(r.status).toBe(400);
		expect(r.data.fields).toEqual({ code: required });
		expect(r.data.login).toBe('0912000001');
	});

	it('by link, asks for the new password only', async () => {
		const r = await post({ token: 'x'.repeat(40), password: '' });
		expect(r.status).toBe(400);
		expect(r.data.fields).toEqual({ password: required });
	});

	it('filled in, a wrong code is still refused as one, and counted', async () => {
		const before = await tries();
		const r = await post({ login: '0912000001', code: 'AAAA-AAAA', password: 'MatKhauMoi2027' });
		expect(r.status).toBe(400);
		expect(r.data).toMatchObject({ code: 'badResetCode' });
		expect(r.data.fields).toBeUndefined();
		expect(await tries()).toBe(before + 1);
	});
});
