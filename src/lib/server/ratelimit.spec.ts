// Sign-in limits: a stranger guessing from elsewhere slows down themself, not the owner.
import { describe, expect, it } from 'vitest';
import { LOGIN_WINDOW_MS, NEW_ADDRESS_LANE_MS, loginGate, pairDelayMs, type LoginHistory } from './ratelimit';

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
	it('over the account-wide bound, gives each new address a lane of its own: one try per 5 minutes', () => {
		// A stranger's failure a second ago, from elsewhere, holds nobody else back…
		const fresh = history({ account: hits(50, NOW - 1000) });
		expect(loginGate(fresh, limits, NOW)).toEqual({ go: true });
		// …while the address that failed here 10 s ago waits out its own 5 minutes.
		const mine = history({ pair: hits(1, NOW - 10_000), account: hits(80, NOW - 1000) });
		expect(loginGate(mine, limits, NOW)).toEqual({
			go: false,
			why: 'tooManyTries',
			retryAfterMs: NEW_ADDRESS_LANE_MS - 10_000
		});
		const later = history({ pair: hits(1, NOW - NEW_ADDRESS_LANE_MS), account: hits(80, NOW - 1000) });
		expect(loginGate(later, limits, NOW)).toEqual({ go: true });
	});
	it('past twice the bound, lets each new address try once an hour, its first try at once', () => {
		expect(loginGate(history({ account: hits(499, NOW - 1) }), limits, NOW)).toEqual({ go: true });
		const tried = history({ pair: hits(1, NOW - NEW_ADDRESS_LANE_MS), account: hits(100, NOW - 1) });
		expect(loginGate(tried, limits, NOW)).toEqual({
			go: false,
			why: 'tooManyTries',
			retryAfterMs: LOGIN_WINDOW_MS - NEW_ADDRESS_LANE_MS
		});
	});
	it('at ten times the bound, holds every new address back until the hour has fewer', () => {
		const capped = history({ account: { count: 500, oldest: NOW - 50 * 60_000, newest: NOW - 1 } });
		expect(loginGate(capped, limits, NOW)).toEqual({
			go: false,
			why: 'tooManyTries',
			retryAfterMs: 10 * 60_000 + 1
		});
		expect(loginGate({ ...capped, knownAddress: true }, limits, NOW)).toEqual({ go: true });
	});
	it('keeps the growing delays of an address that guesses on', () => {
		const guessing = history({ pair: hits(9, NOW - NEW_ADDRESS_LANE_MS), account: hits(60, NOW - 1) });
		expect(loginGate(guessing, limits, NOW)).toEqual({
			go: false,
			why: 'tooManyTries',
			retryAfterMs: pairDelayMs(9, 5) - NEW_ADDRESS_LANE_MS
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
