// Repository tests for the foundation, run on SQLite (npm test) and PostgreSQL (npm run test:pg).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS, DEMO_PASSWORDS, seedDemo } from '../../src/lib/server/demo/seed';
import { register, type RegistrationInput } from '../../src/lib/server/accounts';
import { createSession, deleteSession, sessionUser, signIn, SESSION_TTL_MS } from '../../src/lib/server/auth';
import { hashPassword, SCRYPT_COST, verifyPassword } from '../../src/lib/server/password';
import { randomBytes, scryptSync } from 'node:crypto';
import { unitTree } from '../../src/lib/server/contest';

let t: TestDb;
const NOW = Date.UTC(2026, 10, 21, 3, 0); // 21 Nov 2026, 10:00 in Vietnam
const limits = { loginFreeTries: 5, loginFailuresPerAccount: 50, loginFailuresPerAddress: 300 };

beforeAll(async () => {
	t = await openTestDb();
	await seedDemo(t.db, { now: NOW });
});
afterAll(async () => t.drop());

function person(over: Partial<RegistrationInput> = {}): RegistrationInput {
	return {
		fullName: 'Trương Văn Kiểm',
		birthDate: '1995-04-10',
		gender: 'male',
		nationalId: '082095001111',
		phone: '0987000111',
		email: null,
		address: 'Số 1 Đường 30/4, Mỹ Tho',
		unitId: 'my-tho',
		password: 'matkhau123',
		publishName: true,
		guardian: null,
		...over
	};
}

const reg = (input: RegistrationInput, address = '10.0.0.1', limitPerHour = 1000) =>
	register(t.db, { input, address, limitPerHour }, NOW);

describe('demo seed', () => {
	it('creates units, accounts, a bank of at least 90 questions and three rounds', async () => {
		const units = await unitTree(t.db);
		expect(units).toHaveLength(1);
		expect(units[0].children.length).toBeGreaterThanOrEqual(11);
		const count = async (table: 'question' | 'round' | 'seat' | 'app_user' | 'topic') =>
			Number(
				(
					await t.db
						.selectFrom(table)
						.select((eb) => eb.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		expect(await count('question')).toBeGreaterThanOrEqual(90);
		expect(await count('topic')).toBeGreaterThanOrEqual(3);
		expect(await count('round')).toBe(3);
		expect(await count('seat')).toBe(10);
		expect(await count('app_user')).toBe(2 + DEMO_ACCOUNTS.candidates.length);
		const difficulties = await t.db.selectFrom('question').select('difficulty').distinct().execute();
		expect(difficulties.map((d) => d.difficulty).sort()).toEqual([1, 2, 3]);
		const q = await t.db.selectFrom('question_version').selectAll().limit(1).executeTakeFirstOrThrow();
		expect(JSON.parse(q.options)).toHaveLength(4);
		expect(JSON.parse(q.correct)).toHaveLength(1);
		expect(q.explanation.length).toBeGreaterThan(0);
	});

	it('opens the practice and qualifying rounds for 60 days from seeding', async () => {
		const rounds = await t.db.selectFrom('round').selectAll().orderBy('opens_at').execute();
		const practice = rounds.find((r) => r.kind === 'practice')!;
		expect(practice.opens_at).toBe(NOW);
		expect(practice.closes_at - practice.opens_at).toBe(60 * 24 * 3600 * 1000);
		expect(rounds.find((r) => r.kind === 'qualifying')!.duration_s).toBe(1500);
	});

	it('publishes a contact page whose hotline is the demo organiser’s phone, said to be no real number', async () => {
		const page = await t.db
			.selectFrom('site_page')
			.select('body')
			.where('slug', '=', 'lien-he')
			.executeTakeFirstOrThrow();
		const line = page.body.split('\n').find((l) => l.includes('0900000001'));
		expect(line).toContain('không phải số thật');
	});

	it('does nothing on a database that already has accounts', async () => {
		expect(await seedDemo(t.db, { now: NOW })).toBe(false);
	});
});

describe('registration rules', { timeout: 60_000 }, () => {
	it('registers an eligible adult', async () => {
		const r = await reg(person());
		expect(r.ok).toBe(true);
		const row = await t.db
			.selectFrom('app_user')
			.select(['phone', 'role'])
			.where('national_id', '=', '082095001111')
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ phone: '0987000111', role: 'candidate' });
	});

	it('refuses the same national id or phone twice', async () => {
		const r = await reg(person({ phone: '0987000222' }));
		expect(r.ok || r.status !== 422 ? null : r.fields.nationalId?.code).toBe('duplicateId');
		const r2 = await reg(person({ nationalId: '082095002222', phone: '+84 987 000 111' }));
		expect(r2.ok || r2.status !== 422 ? null : r2.fields.phone?.code).toBe('duplicatePhone');
	});

	it('refuses anyone younger than the minimum age on the contest start date', async () => {
		// The contest starts 2026-11-21; born 2014-11-22 is 11 that day.
		const r = await reg(person({ birthDate: '2014-11-22', nationalId: '082214003333', phone: '0987000333' }));
		expect(r.ok || r.status !== 422 ? null : r.fields.birthDate?.code).toBe('tooYoung');
		expect(r.ok || r.status !== 422 ? '' : r.fields.birthDate?.message).toContain('12 tuổi');
	});

	it('asks a 13-year-old for a guardian and accepts one with consent', async () => {
		const child = person({
			birthDate: '2013-01-05',
			nationalId: '082213004444',
			phone: '0987000444',
			gender: 'male'
		});
		const missing = await reg(child);
		expect(missing.ok || missing.status !== 422 ? null : Object.keys(missing.fields).sort()).toEqual([
			'guardian.consent',
			'guardian.name',
			'guardian.phone'
		]);
		const ok = await reg({
			...child,
			guardian: { name: 'Trương Thị Mẹ', phone: '0987999444', consent: true }
		});
		expect(ok.ok).toBe(true);
	});

	it('refuses an id on the exclusion list, but says so only to a form otherwise valid', async () => {
		const excludedId = { nationalId: '082080009999', birthDate: '1980-01-01' };
		const r = await reg(person({ ...excludedId, phone: '0123', password: 'abc' }));
		expect(
			r.ok || r.status !== 422
				? null
				: [r.fields.nationalId?.code, r.fields.phone?.code, r.fields.password?.code]
		).toEqual([undefined, 'badPhone', 'weakPassword']);
		const r2 = await reg(person({ ...excludedId, phone: '0987000998' }));
		expect(r2.ok || r2.status !== 422 ? null : r2.fields.nationalId?.code).toBe('excluded');
	});

	it('tells one address whether an id or phone is taken at most 30 times an hour', async () => {
		const probe = (i: number, address: string) =>
			reg(person({ phone: `0987001${String(i).padStart(3, '0')}` }), address);
		for (let i = 0; i < 30; i++) expect(await probe(i, '10.8.8.8')).toMatchObject({ ok: false, status: 422 });
		// All 30 at NOW: the first leaves the hour's count an hour later.
		expect(await probe(30, '10.8.8.8')).toEqual({
			ok: false,
			status: 429,
			code: 'tooManyRegistrations',
			params: { retryAfterMs: 3600_000 }
		});
		// Another address is not held back, and a form with a mistake of its own is still answered.
		const elsewhere = await probe(31, '10.8.8.9');
		expect(elsewhere.ok || elsewhere.status !== 422 ? null : elsewhere.fields.nationalId?.code).toBe(
			'duplicateId'
		);
		const mistaken = await reg(person({ phone: '0123' }), '10.8.8.8');
		expect(mistaken.ok || mistaken.status !== 422 ? null : mistaken.fields.phone?.code).toBe('badPhone');
	});

	it('refuses an id whose first three digits are no province, and names hiding characters', async () => {
		const r = await reg(person({ nationalId: '999095007777', phone: '0987000777' }));
		expect(r.ok || r.status !== 422 ? null : r.fields.nationalId?.code).toBe('badProvince');
		for (const fullName of ['Nguyễn\u200bVăn An', 'Nguyễn \u202eнА', '\u0000=1+1', 'An\u0007']) {
			const n = await reg(person({ fullName, nationalId: '082095007777', phone: '0987000777' }));
			expect(n.ok || n.status !== 422 ? null : n.fields.fullName?.code, JSON.stringify(fullName)).toBe(
				'badName'
			);
		}
		const nfd = await reg(
			person({ fullName: 'Nguye\u0302\u0303n Văn Bảy', nationalId: '082095007777', phone: '0987000777' })
		);
		expect(nfd.ok).toBe(true);
		const row = await t.db
			.selectFrom('app_user')
			.select('full_name')
			.where('national_id', '=', '082095007777')
			.executeTakeFirstOrThrow();
		expect(row.full_name).toBe('Nguyễn Văn Bảy'.normalize('NFC'));
	});

	it('counts only registrations that went through against the address limit', async () => {
		for (let i = 0; i < 4; i++) {
			const bad = await reg(person({ nationalId: '082095008888', phone: '0123' }), '10.9.9.8', 1);
			expect(bad.ok ? 0 : bad.status).toBe(422);
		}
		const good = await reg(person({ nationalId: '082095008888', phone: '0987000888' }), '10.9.9.8', 1);
		expect(good.ok).toBe(true);
	});

	it('throttles registrations from one address', async () => {
		const a = await reg(person({ nationalId: '082095005555', phone: '0987000555' }), '10.9.9.9', 1);
		expect(a.ok).toBe(true);
		const b = await reg(person({ nationalId: '082095006666', phone: '0987000666' }), '10.9.9.9', 1);
		expect(b.ok ? 0 : b.status).toBe(429);
	});
});

// Every sign-in runs scrypt at full cost: about a second each, several on a busy machine.
describe('sign-in and sessions', { timeout: 120_000 }, () => {
	const candidate = DEMO_ACCOUNTS.candidates[1];

	it('signs in by national id or phone and resolves the session', async () => {
		for (const login of [candidate.nationalId, candidate.phone]) {
			const r = await signIn(
				t.db,
				limits,
				{ login, password: DEMO_PASSWORDS.candidate, address: '10.0.0.2' },
				NOW
			);
			expect(r.ok).toBe(true);
			if (r.ok) expect((await sessionUser(t.db, r.token, NOW))?.fullName).toBe(candidate.name);
		}
	});

	it("delays the guessing address, not the owner's", async () => {
		const login = DEMO_ACCOUNTS.candidates[2].phone;
		const stranger = '10.1.0.66';
		for (let i = 0; i < 5; i++) {
			const r = await signIn(t.db, limits, { login, password: 'sai-mat-khau1', address: stranger }, NOW + i);
			expect(r.ok ? 'ok' : r.code).toBe('badLogin');
		}
		// The stranger must now wait, even with the right password…
		const waiting = await signIn(
			t.db,
			limits,
			{ login, password: DEMO_PASSWORDS.candidate, address: stranger },
			NOW + 10
		);
		expect(waiting.ok ? 'ok' : waiting.code).toBe('tooManyTries');
		// …while the owner, elsewhere, signs in at once.
		const owner = await signIn(
			t.db,
			limits,
			{ login, password: DEMO_PASSWORDS.candidate, address: '10.1.0.99' },
			NOW + 11
		);
		expect(owner.ok).toBe(true);
		const later = await signIn(
			t.db,
			limits,
			{ login, password: DEMO_PASSWORDS.candidate, address: stranger },
			NOW + 31_000
		);
		expect(later.ok).toBe(true);
	});

	it('holds a proctor to the same rule: a stranger cannot keep them out', async () => {
		const login = DEMO_ACCOUNTS.proctor.phone;
		for (let i = 0; i < 8; i++)
			await signIn(t.db, limits, { login, password: 'doan-sai-1', address: '10.7.0.1' }, NOW + i * 60_000);
		const proctor = await signIn(
			t.db,
			limits,
			{ login, password: DEMO_PASSWORDS.proctor, address: '10.7.0.2' },
			NOW + 8 * 60_000
		);
		expect(proctor.ok).toBe(true);
	});

	it('re-hashes a password stored at the old scrypt cost on the next correct sign-in', async () => {
		const salt = randomBytes(16);
		const key = scryptSync('MatKhauCu2020', salt, 32, { N: 16384, r: 8, p: 1 });
		const old = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
		const id = 'old-hash-user';
		await t.db
			.insertInto('app_user')
			.values({
				id,
				role: 'proctor',
				full_name: 'Lê Văn Cũ',
				national_id: null,
				phone: '0912000777',
				email: null,
				password_hash: old,
				created_at: NOW,
				disabled: 0
			})
			.execute();
		const r = await signIn(
			t.db,
			limits,
			{ login: '0912000777', password: 'MatKhauCu2020', address: '10.8.0.1' },
			NOW
		);
		expect(r.ok).toBe(true);
		const row = await t.db
			.selectFrom('app_user')
			.select('password_hash')
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row.password_hash.split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 17), '8', '1']);
		expect(await verifyPassword('MatKhauCu2020', row.password_hash)).toBe(true);
		expect(SCRYPT_COST).toEqual({ N: 131072, r: 8, p: 1 });
		expect((await hashPassword('x1234567')).startsWith('scrypt$131072$8$1$')).toBe(true);
	});

	it('lets a whole school on one address keep signing in after others failed', async () => {
		for (let i = 0; i < 6; i++) {
			await signIn(
				t.db,
				limits,
				{ login: `09870${String(i).padStart(5, '0')}`, password: 'x', address: '10.2.2.2' },
				NOW
			);
		}
		const r = await signIn(
			t.db,
			limits,
			{ login: candidate.phone, password: DEMO_PASSWORDS.candidate, address: '10.2.2.2' },
			NOW
		);
		expect(r.ok).toBe(true);
		const strict = { ...limits, loginFailuresPerAddress: 6 };
		const blocked = await signIn(
			t.db,
			strict,
			{ login: candidate.phone, password: DEMO_PASSWORDS.candidate, address: '10.2.2.2' },
			NOW
		);
		expect(blocked.ok ? 'ok' : blocked.code).toBe('tooManyFromAddress');
	});

	it('expires and deletes sessions', async () => {
		const user = await t.db
			.selectFrom('app_user')
			.select('id')
			.where('phone', '=', candidate.phone)
			.executeTakeFirstOrThrow();
		const token = await createSession(t.db, user.id, NOW);
		expect(await sessionUser(t.db, token, NOW + SESSION_TTL_MS - 1)).not.toBeNull();
		expect(await sessionUser(t.db, token, NOW + SESSION_TTL_MS + 1)).toBeNull();
		await deleteSession(t.db, token);
		expect(await sessionUser(t.db, token, NOW)).toBeNull();
	});
});
