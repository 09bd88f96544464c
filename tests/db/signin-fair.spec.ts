// What a stranger cannot take from the owner of an account: the hashing queue (a few addresses
// sending wrong passwords without pause held every place in it, and every sign-in anywhere was
// refused as busy) and the account's sign-in from a new address (past the account-wide bound,
// new addresses shared one try a minute, which the stranger took every minute).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS, DEMO_PASSWORDS } from '../../src/lib/server/demo/seed';
import { signIn } from '../../src/lib/server/auth';
import { hashing } from '../../src/lib/server/password';
import { isBusy } from '../../src/lib/server/slots';

const NOW = Date.UTC(2026, 10, 24, 2, 0);
const MINUTE = 60_000;
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

const code = (r: Awaited<ReturnType<typeof signIn>>) => (r.ok ? 'ok' : r.code);

describe('the hashing queue, held by a stranger', { timeout: 120_000 }, () => {
	it('still takes the owner, from another address, and runs the owner next', async () => {
		const stranger = '10.9.9.9';
		const releases: (() => void)[] = [];
		// Every slot and every waiting place, the stranger's (work that ends only when released).
		const fillers = Array.from({ length: hashing.size * 9 }, () =>
			hashing
				.run(() => new Promise<void>((done) => releases.push(done)), stranger)
				.then(
					() => 'done',
					(e) => (isBusy(e) ? 'busy' : 'failed')
				)
		);
		expect(hashing.full).toBe(true);
		expect(hashing.refuses(stranger)).toBe(true);
		const limits = { loginFreeTries: 5, loginFailuresPerAccount: 50, loginFailuresPerAddress: 300 };
		const owner = signIn(
			t.db,
			limits,
			{ login: DEMO_ACCOUNTS.candidates[0].phone, password: DEMO_PASSWORDS.candidate, address: '10.8.8.8' },
			NOW
		);
		// The stranger's newest waiting hash gave its place up; once one running ends, the owner's runs.
		let answered = false;
		void owner.finally(() => (answered = true));
		while (!answered && hashing.held('10.8.8.8') === 0) await new Promise((r) => setImmediate(r));
		expect(hashing.held(stranger)).toBe(hashing.size * 9 - 1);
		releases.shift()?.();
		expect(code(await owner)).toBe('ok');
		while (releases.length) {
			releases.shift()?.();
			await new Promise((r) => setImmediate(r));
		}
		const outcomes = await Promise.all(fillers);
		expect(outcomes.filter((o) => o === 'busy')).toHaveLength(1);
		expect(outcomes.filter((o) => o === 'done')).toHaveLength(hashing.size * 9 - 1);
	});
});

describe('an account over its account-wide bound', { timeout: 180_000 }, () => {
	// A small bound, so that few real hashes put the account over it.
	const limits = { loginFreeTries: 5, loginFailuresPerAccount: 6, loginFailuresPerAddress: 300 };
	const login = DEMO_ACCOUNTS.proctor.phone;
	const wrong = (address: string, at: number) =>
		signIn(t.db, limits, { login, password: 'DoanSai123', address }, at).then(code);
	const right = (address: string, at: number) =>
		signIn(t.db, limits, { login, password: DEMO_PASSWORDS.proctor, address }, at).then(code);

	it("lets the owner in from every new address while a stranger spends each minute's try", async () => {
		for (let a = 1; a <= 6; a++) expect(await wrong(`10.10.0.${a}`, NOW)).toBe('badLogin');
		const seen: string[] = [];
		for (let minute = 1; minute <= 3; minute++) {
			const at = NOW + minute * MINUTE;
			// The stranger, from an address new each minute, tries first…
			expect(await wrong(`10.10.1.${minute}`, at)).toBe('badLogin');
			// …and the owner, from an address never used before, with the right password.
			seen.push(await right(`10.11.0.${minute}`, at + 1000));
		}
		expect(seen).toEqual(['ok', 'ok', 'ok']);
	});

	it("holds each stranger's address to its own lane: one try per 5 minutes", async () => {
		const at = NOW + 10 * MINUTE;
		expect(await wrong('10.12.0.1', at)).toBe('badLogin');
		const again = await signIn(
			t.db,
			limits,
			{ login, password: 'DoanSai456', address: '10.12.0.1' },
			at + MINUTE
		);
		expect(again).toEqual({ ok: false, code: 'tooManyTries', params: { retryAfterMs: 4 * MINUTE } });
		// Another new address is not held back by it.
		expect(await wrong('10.12.0.2', at + MINUTE)).toBe('badLogin');
		expect(await wrong('10.12.0.1', at + 5 * MINUTE)).toBe('badLogin');
	});

	it('past twice the bound, lets each new address try once an hour, and its first try always', async () => {
		// 6 + 3 + 3 failures in the hour so far: at twice the bound (12).
		const at = NOW + 20 * MINUTE;
		const later = await signIn(t.db, limits, { login, password: 'DoanSai789', address: '10.12.0.2' }, at);
		// Its last failure (at minute 11) leaves the hour at minute 71.
		expect(later).toEqual({ ok: false, code: 'tooManyTries', params: { retryAfterMs: 51 * MINUTE } });
		expect(await wrong('10.12.0.3', at)).toBe('badLogin');
		expect(await right('10.11.1.1', at + 1000)).toBe('ok');
	});
});
