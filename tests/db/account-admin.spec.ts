// The organiser's accounts area, through its routes: the recent log on /admin names whose account
// an account action touched (name and role, nothing more); /admin/accounts says it serves
// candidates and proctors, sends an organiser's account to the server's command, and disables an
// account (its sessions end at once) and enables it again, never oneself nor the last organiser;
// the server's command sets a staff account's new password. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS, DEMO_PASSWORDS } from '../../src/lib/server/demo/seed';
import { createSession, sessionUser, signIn } from '../../src/lib/server/auth';
import { issueCode, resetWithCode } from '../../src/lib/server/reset';
import { setAccountDisabled, setStaffPassword } from '../../src/lib/server/account-admin';
import { ACCOUNT_ACTIONS } from '../../src/lib/server/audit';
import { auditPhrase, auditVi } from '../../src/lib/i18n/audit.vi';
import { auditEn } from '../../src/lib/i18n/audit.en';
import { fmt, messages, type Locale } from '../../src/lib/i18n';

let t: TestDb;
let appDb: Db;
let organiser: string;
vi.mock('../../src/lib/server/app', () => ({ app: async () => ({ db: appDb }) }));
const adminPage = await import('../../src/routes/(site)/admin/+page.server');
const accountsPage = await import('../../src/routes/(site)/admin/accounts/+page.server');

const NOW = Date.UTC(2026, 11, 6, 2, 0);
const limits = { loginFreeTries: 5, loginFailuresPerAccount: 50, loginFailuresPerAddress: 300 };

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 3600_000));
	appDb = t.db;
});
afterAll(async () => t?.drop());

const userOf = async (phone: string) =>
	(await t.db.selectFrom('app_user').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()).id;

type Log = Awaited<ReturnType<typeof adminLog>>;
const adminLog = async () =>
	((await adminPage.load({} as any)) as any).audit as {
		action: string;
		actor: { name: string; role: 'candidate' | 'proctor' | 'organiser' } | null;
		target: { name: string; role: 'candidate' | 'proctor' | 'organiser' } | null;
	}[];

/** A log entry as the admin page words it. */
function worded(e: Log[number], locale: Locale) {
	const log = messages(locale).admin.log;
	const who = (p: { name: string; role: 'candidate' | 'proctor' | 'organiser' }) =>
		fmt(log.who, { name: p.name, role: log.roles[p.role] });
	return fmt(log.entry, {
		who: e.actor ? who(e.actor) : log.system,
		action: auditPhrase(log, e.action, e.target && who(e.target))
	});
}

/** What the page load answers for `?login=`. */
async function lookUp(login: string) {
	const url = new URL(`http://127.0.0.1/admin/accounts?login=${encodeURIComponent(login)}`);
	return (await accountsPage.load({ url } as any)) as any;
}

/** Posts the page's form `action` as the demo organiser. */
async function post(
	action: 'issue' | 'disable' | 'enable',
	fields: Record<string, string>,
	locale: Locale = 'vi'
) {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	const request = new Request(`http://127.0.0.1/admin/accounts?/${action}`, { method: 'POST', body });
	const locals = {
		user: { id: organiser, role: 'organiser', fullName: DEMO_ACCOUNTS.organiser.name },
		locale
	};
	return (await accountsPage.actions[action]!({ request, locals } as any)) as any;
}

describe('the recent log on /admin', () => {
	it('names whose reset code was issued, by name and role, in both languages', async () => {
		const proctor = await userOf(DEMO_ACCOUNTS.proctor.phone);
		const candidate = DEMO_ACCOUNTS.candidates[0];
		await issueCode(t.db, { userId: proctor, actorId: organiser }, NOW);
		await issueCode(t.db, { userId: await userOf(candidate.phone), actorId: organiser }, NOW + 1);
		const [forCandidate, forProctor] = await adminLog();
		expect(forProctor.action).toBe('password.codeIssued');
		expect(forProctor.target).toEqual({ name: DEMO_ACCOUNTS.proctor.name, role: 'proctor' });
		// Nothing of the account but its name and role reaches the page.
		expect(Object.keys(forProctor).sort()).toEqual(['action', 'actor', 'at', 'id', 'target']);
		expect(worded(forProctor, 'vi')).toBe(
			`${DEMO_ACCOUNTS.organiser.name} (Ban tổ chức): cấp mã đặt lại mật khẩu cho ${DEMO_ACCOUNTS.proctor.name} (Giám thị)`
		);
		expect(worded(forProctor, 'en')).toBe(
			`${DEMO_ACCOUNTS.organiser.name} (Organiser): issued a password-reset code for ${DEMO_ACCOUNTS.proctor.name} (Proctor)`
		);
		expect(worded(forCandidate, 'vi')).toBe(
			`${DEMO_ACCOUNTS.organiser.name} (Ban tổ chức): cấp mã đặt lại mật khẩu cho ${candidate.name} (Thí sinh)`
		);
	});

	it('names nobody twice: a reset by one’s own code is said of who acted', async () => {
		const candidate = DEMO_ACCOUNTS.candidates[1];
		const { code } = await issueCode(
			t.db,
			{ userId: await userOf(candidate.phone), actorId: organiser },
			NOW
		);
		const r = await resetWithCode(
			t.db,
			{ login: candidate.phone, code, password: 'MatKhauMoi2026', address: '10.0.0.9' },
			NOW + 1000
		);
		expect(r.ok).toBe(true);
		const [reset] = await adminLog();
		expect(reset.action).toBe('password.reset');
		expect(reset.target).toBeNull();
		expect(worded(reset, 'vi')).toBe(`${candidate.name} (Thí sinh): đặt mật khẩu mới`);
	});

	it('words every account action with its account in both languages, and without one', () => {
		for (const action of ACCOUNT_ACTIONS)
			for (const words of [auditVi, auditEn]) {
				expect(auditPhrase(words, action, 'X (Y)'), action).toContain('X (Y)');
				expect(auditPhrase(words, action), action).not.toBe(words.other);
				expect(auditPhrase(words, action), action).not.toContain('{target}');
			}
		// A name is put in as it is, `$&` and all.
		expect(auditPhrase(auditEn, 'account.disable', 'A $& B (Proctor)')).toBe(
			'disabled the account of A $& B (Proctor)'
		);
	});
});

describe('/admin/accounts', () => {
	it('says it serves candidates and proctors, in both languages', () => {
		expect(messages('vi').account.assist.lead).toMatch(/thí sinh và giám thị/);
		expect(messages('vi').account.assist.login).toMatch(/thí sinh hoặc giám thị/);
		expect(messages('en').account.assist.lead).toMatch(/candidates and proctors/);
		expect(messages('en').account.assist.login).toMatch(/candidate's or proctor's/);
	});

	it("finds a proctor; sends an organiser's account to the server's command, not “no such account”", async () => {
		const proctor = await lookUp(DEMO_ACCOUNTS.proctor.phone);
		expect(proctor.account).toMatchObject({
			fullName: DEMO_ACCOUNTS.proctor.name,
			role: 'proctor',
			disabled: false
		});
		expect(proctor.organiserPhone).toBeNull();
		const org = await lookUp(DEMO_ACCOUNTS.organiser.phone);
		expect(org.account).toBeNull();
		expect(org.organiserPhone).toBe(DEMO_ACCOUNTS.organiser.phone);
		const nobody = await lookUp('0999999999');
		expect(nobody).toMatchObject({ account: null, organiserPhone: null, searched: true });
		// An organiser's account posted anyway: the server's command, not “no such account”.
		for (const action of ['issue', 'disable'] as const) {
			const refused = await post(action, { login: DEMO_ACCOUNTS.organiser.phone, confirm: 'on' }, 'en');
			expect(refused.status).toBe(403);
			expect(refused.data.message).toBe(messages('en').account.assist.organiserRefused);
			expect(refused.data.message).toContain('npm run admin:password');
		}
		expect(messages('vi').account.assist.organiserCommand).toContain('npm run admin:password');
	});

	it('disables a proctor (signed out at once, cannot sign in) and enables them again, logged', async () => {
		const phone = DEMO_ACCOUNTS.proctor.phone;
		const proctor = await userOf(phone);
		const token = await createSession(t.db, proctor);
		expect(await sessionUser(t.db, token)).not.toBeNull();

		const unconfirmed = await post('disable', { login: phone });
		expect(unconfirmed.status).toBe(400);
		expect(await sessionUser(t.db, token)).not.toBeNull();

		const done = await post('disable', { login: phone, confirm: 'on' });
		expect(done.changed).toEqual({ name: DEMO_ACCOUNTS.proctor.name, disabled: true });
		expect(await t.db.selectFrom('session').select('id').where('user_id', '=', proctor).execute()).toEqual(
			[]
		);
		expect((await lookUp(phone)).account.disabled).toBe(true);
		const refused = await signIn(
			t.db,
			limits,
			{ login: phone, password: DEMO_PASSWORDS.proctor, address: '10.3.3.3' },
			Date.now()
		);
		expect(refused.ok).toBe(false);
		expect(worded((await adminLog())[0], 'vi')).toBe(
			`${DEMO_ACCOUNTS.organiser.name} (Ban tổ chức): khóa tài khoản ${DEMO_ACCOUNTS.proctor.name} (Giám thị)`
		);

		const enabled = await post('enable', { login: phone });
		expect(enabled.changed).toEqual({ name: DEMO_ACCOUNTS.proctor.name, disabled: false });
		expect((await lookUp(phone)).account.disabled).toBe(false);
		const back = await signIn(
			t.db,
			limits,
			{ login: phone, password: DEMO_PASSWORDS.proctor, address: '10.3.3.3' },
			Date.now()
		);
		expect(back.ok).toBe(true);
		expect(worded((await adminLog())[0], 'en')).toBe(
			`${DEMO_ACCOUNTS.organiser.name} (Organiser): enabled the account of ${DEMO_ACCOUNTS.proctor.name} (Proctor) again`
		);
	});

	it('disables a candidate found by national id', async () => {
		const c = DEMO_ACCOUNTS.candidates[2];
		const done = await post('disable', { login: c.nationalId, confirm: 'on' });
		expect(done.changed).toEqual({ name: c.name, disabled: true });
		expect((await lookUp(c.phone)).account.disabled).toBe(true);
		await post('enable', { login: c.nationalId });
		expect((await lookUp(c.phone)).account.disabled).toBe(false);
	});

	it('refuses disabling oneself and the last organiser who can sign in', async () => {
		const before = await t.db.selectFrom('audit_log').select('id').execute();
		expect(
			await setAccountDisabled(t.db, { actorId: organiser, userId: organiser, disabled: true }, NOW)
		).toEqual({
			ok: false,
			code: 'disableSelf'
		});
		// Another organiser (none acting: the server) may not disable the only one left either.
		expect(await setAccountDisabled(t.db, { actorId: null, userId: organiser, disabled: true }, NOW)).toEqual(
			{
				ok: false,
				code: 'lastOrganiser'
			}
		);
		expect(await t.db.selectFrom('audit_log').select('id').execute()).toHaveLength(before.length);
		// With a second organiser, one may disable the other, and then not the one left.
		const second = 'second-organiser';
		await t.db
			.insertInto('app_user')
			.values({
				id: second,
				role: 'organiser',
				full_name: 'Đỗ Thị Hai',
				national_id: null,
				phone: '0900000009',
				email: null,
				password_hash: 'x',
				created_at: NOW,
				disabled: 0
			})
			.execute();
		expect(
			await setAccountDisabled(t.db, { actorId: organiser, userId: second, disabled: true }, NOW)
		).toEqual({
			ok: true,
			changed: true
		});
		expect(
			await setAccountDisabled(t.db, { actorId: second, userId: organiser, disabled: true }, NOW)
		).toEqual({
			ok: false,
			code: 'lastOrganiser'
		});
		expect(messages('en').account.assist.lastOrganiser).toBeTruthy();
		expect(messages('vi').account.assist.disableSelf).toBeTruthy();
	});
});

describe("the server's command for a staff account's new password", () => {
	it("sets an organiser's password, ends its sessions, and logs it", async () => {
		const phone = DEMO_ACCOUNTS.organiser.phone;
		const token = await createSession(t.db, organiser);
		const user = await setStaffPassword(t.db, { phone, password: 'BanToChucMoi2026' }, Date.now());
		expect(user).toEqual({ id: organiser, role: 'organiser', fullName: DEMO_ACCOUNTS.organiser.name });
		expect(await sessionUser(t.db, token)).toBeNull();
		const signedIn = await signIn(
			t.db,
			limits,
			{ login: phone, password: 'BanToChucMoi2026', address: '10.4.4.4' },
			Date.now()
		);
		expect(signedIn.ok).toBe(true);
		const [entry] = await adminLog();
		expect(worded(entry, 'vi')).toBe(
			`Hệ thống: đặt mật khẩu mới cho ${DEMO_ACCOUNTS.organiser.name} (Ban tổ chức) bằng lệnh trên máy chủ`
		);
	});

	it('refuses a candidate, an unknown phone and a weak password, in Vietnamese', async () => {
		const vi = messages('vi');
		await expect(
			setStaffPassword(t.db, { phone: DEMO_ACCOUNTS.candidates[0].phone, password: 'MatKhau2026x' })
		).rejects.toThrow(vi.account.staff.noStaffAccount);
		await expect(setStaffPassword(t.db, { phone: '0999999998', password: 'MatKhau2026x' })).rejects.toThrow(
			vi.account.staff.noStaffAccount
		);
		await expect(
			setStaffPassword(t.db, { phone: DEMO_ACCOUNTS.proctor.phone, password: 'short' })
		).rejects.toThrow(vi.errors.weakPassword);
	});
});
