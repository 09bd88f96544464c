// What a device says is left of a round's attempts: the server's count, less the practice
// papers drawn here that the server had not counted, and nothing it cannot know.
import { describe, expect, it } from 'vitest';
import { heardFrom, limitsView, noneLeft } from './round-limits';
import { localAttempt } from '../../../tests/unit/support/fake-sync-server';

const MONDAY = Date.UTC(2026, 10, 23, 2, 0); // Monday 23 Nov 2026, 09:00 in Vietnam
const DAY = 24 * 3600_000;

/** A practice round allowing 3 in all, of which the server counted two (a-1, a-2). */
const listed = {
	id: 'r',
	attemptsLeft: 1,
	attemptsAllowed: 3,
	attemptsPer: 'round' as const,
	nextAttemptAt: null,
	attemptCount: 2,
	history: [
		{ id: 'a-2', at: MONDAY - 2000 },
		{ id: 'a-1', at: MONDAY - 3000 }
	]
};
const mine = (id: string, extra = {}) =>
	localAttempt(id, { kind: 'practice', token: '', startedAt: MONDAY - 1000, ...extra });

describe('attempts left as a device says it', () => {
	it('is the server figure when every paper here was counted', () => {
		const heard = heardFrom(listed, 'u', MONDAY);
		const view = limitsView({ heard, fresh: true }, [mine('a-1', { token: 't' })], MONDAY);
		expect(view).toEqual({
			kind: 'limited',
			left: 1,
			allowed: 3,
			per: 'round',
			pending: 0,
			fresh: true,
			heardAt: MONDAY,
			nextAttemptAt: null
		});
	});

	it('takes off papers drawn here the server has not counted, never below none', () => {
		const heard = heardFrom(listed, 'u', MONDAY);
		// a-3 drawn offline, a-4 recorded after the figure was heard: both still to count.
		const local = [mine('a-1'), mine('a-3'), mine('a-4', { token: 't' })];
		const view = limitsView({ heard, fresh: false }, local, MONDAY + 60_000);
		expect(view).toMatchObject({ kind: 'limited', left: 0, pending: 2, fresh: false });
	});

	it('leaves out papers the server refused for good, other rounds and other accounts', () => {
		const heard = heardFrom(listed, 'u', MONDAY);
		const local = [
			mine('x-1', { unrecorded: true }),
			mine('x-2', { roundId: 'other' }),
			mine('x-3', { userId: 'someone else' })
		];
		expect(limitsView({ heard, fresh: true }, local, MONDAY)).toMatchObject({ left: 1, pending: 0 });
	});

	it('when the list holds only the latest, a paper older than them was counted', () => {
		const heard = heardFrom({ ...listed, attemptCount: 5 }, 'u', MONDAY);
		const local = [mine('old', { startedAt: MONDAY - 10_000 }), mine('new')];
		expect(limitsView({ heard, fresh: true }, local, MONDAY)).toMatchObject({ left: 0, pending: 1 });
	});

	it('says nothing for a round without limits, or when nothing was heard on this device', () => {
		const free = heardFrom(
			{ ...listed, attemptsLeft: null, attemptsAllowed: null, attemptsPer: null },
			'u',
			MONDAY
		);
		expect(limitsView({ heard: free, fresh: true }, [mine('a-3')], MONDAY)).toEqual({ kind: 'unlimited' });
		expect(limitsView(null, [mine('a-3')], MONDAY)).toEqual({ kind: 'unheard' });
	});

	it('a weekly figure heard last week is not this week’s; a whole-round one still is', () => {
		const week = heardFrom({ ...listed, attemptsPer: 'week', attemptsLeft: 0 }, 'u', MONDAY - DAY);
		expect(limitsView({ heard: week, fresh: false }, [], MONDAY)).toEqual({ kind: 'newWeek' });
		expect(limitsView({ heard: week, fresh: false }, [], MONDAY - DAY + 1000)).toMatchObject({
			kind: 'limited',
			left: 0,
			per: 'week'
		});
		const round = heardFrom(listed, 'u', MONDAY - DAY);
		expect(limitsView({ heard: round, fresh: false }, [], MONDAY)).toMatchObject({
			kind: 'limited',
			left: 1
		});
	});
});

describe('whether a device offers a new paper', () => {
	const limited = (left: number) =>
		({
			kind: 'limited',
			left,
			allowed: 2,
			per: 'round',
			pending: 0,
			fresh: true,
			heardAt: 0,
			nextAttemptAt: null
		}) as const;
	it('offers none at 0 left, and one otherwise (unheard and unlimited included)', () => {
		expect(noneLeft(limited(0))).toBe(true);
		expect(noneLeft(limited(1))).toBe(false);
		expect(noneLeft({ kind: 'unheard' })).toBe(false);
		expect(noneLeft({ kind: 'unlimited' })).toBe(false);
		expect(noneLeft({ kind: 'newWeek' })).toBe(false);
	});
});
