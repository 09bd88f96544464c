// Sign-in limits: a stranger guessing from elsewhere slows down themself, not the owner.
import { describe, expect, it } from 'vitest';
import { ACCOUNT_SLOW_MS, loginGate, pairDelayMs, type LoginHistory } from './ratelimit';

const limits = { loginFreeTries: 5, loginFailuresPerAccount: 50, loginFailuresPerAddress: 300 };
const NOW = 1_800_000_000_000;
const hits = (count: number, newest: number | null = count ? NOW - 1000 : null) => ({
	count,
	oldest: newest,
	newest
});
const history = (over: Partial<LoginHistory> = {}): LoginHistory => ({
	pair: hits(0),
	account: hits(0),
	address: hits(0),
	knownAddress: false,
	...over
});

describe('pairDelayMs', () => {
	it.each([
		[0, 0],
		[4, 0],
		[5, 30_000],
		[6, 60_000],
		[7, 120_000],
		[9, 480_000],
		[10, 900_000],
		[50, 900_000],
		[10_000, 900_000]
	])('%i failures → wait %i ms', (failures, ms) => expect(pairDelayMs(failures, 5)).toBe(ms));
});

describe('loginGate', () => {
	it('lets the free tries through at once', () => {
		expect(loginGate(history({ pair: hits(4), account: hits(4) }), limits, NOW)).toEqual({ go: true });
	});
	it('makes the guessing address wait, more after each failure', () => {
		const fifth = loginGate(history({ pair: hits(5), account: hits(5) }), limits, NOW);
		expect(fifth).toEqual({ go: false, why: 'tooManyTries', retryAfterMs: 29_000 });
		const eighth = loginGate(history({ pair: hits(8), account: hits(8) }), limits, NOW);
		expect(eighth).toEqual({ go: false, why: 'tooManyTries', retryAfterMs: 239_000 });
	});
	it('lets the same address try again once the delay has passed', () => {
		expect(loginGate(history({ pair: hits(5, NOW - 30_000), account: hits(5) }), limits, NOW)).toEqual({
			go: true
		});
	});
	it("does not hold the owner back for a stranger's failures from another address", () => {
		// 40 failures from elsewhere this hour: under the account-wide bound.
		expect(loginGate(history({ account: hits(40) }), limits, NOW)).toEqual({ go: true });
	});
	it('over the account-wide bound, slows new addresses to one try a minute', () => {
		const h = history({ account: hits(50, NOW - 10_000) });
		expect(loginGate(h, limits, NOW)).toEqual({
			go: false,
			why: 'tooManyTries',
			retryAfterMs: ACCOUNT_SLOW_MS - 10_000
		});
		expect(loginGate(history({ account: hits(500, NOW - ACCOUNT_SLOW_MS) }), limits, NOW)).toEqual({
			go: true
		});
	});
	it('never slows an address the account signed in from before', () => {
		expect(loginGate(history({ account: hits(10_000), knownAddress: true }), limits, NOW)).toEqual({
			go: true
		});
	});
	it('stops an address failing at many accounts', () => {
		expect(loginGate(history({ address: hits(300) }), limits, NOW)).toEqual({
			go: false,
			why: 'tooManyFromAddress'
		});
	});
});
