// How many attempts a round still allows, as a device can say it: the server's count
// (`GET /api/rounds`, history.ts `attemptsLeft`, the rule `openWithinLimits` applies) kept on
// the device, less the practice papers drawn here that the server has not counted yet. The
// rule itself is never recomputed here; offline, the figure is the server's as of when it was
// heard, and a paper over the limit is not recorded (sync.ts `unrecorded`).
import { get, set } from 'idb-keyval';
import { vietnamWeekStart } from '$lib/exam/calendar';
import type { LocalAttempt } from './db';
import { clockOffset } from './device';

/** What the server said of one round for one candidate, and when (server time). */
export interface HeardLimits {
	roundId: string;
	userId: string;
	attemptsLeft: number | null;
	attemptsAllowed: number | null;
	attemptsPer: 'round' | 'week' | null;
	nextAttemptAt: number | null;
	/** All the candidate's attempts in the round, and the ids of the latest of them. */
	attemptCount: number;
	counted: string[];
	/** The start of the oldest listed attempt, when the list holds fewer than all of them. */
	listedSince: number | null;
	heardAt: number;
}

/**
 * What a screen says: nothing (no limit, or nothing heard from the server on this device), that
 * a new week began since the weekly figure was heard, or n of max left.
 */
export type LimitsView =
	| { kind: 'unlimited' }
	| { kind: 'unheard' }
	| { kind: 'newWeek' }
	| {
			kind: 'limited';
			left: number;
			allowed: number;
			per: 'round' | 'week';
			/** Papers drawn on this device the server has not counted yet (taken off `left`). */
			pending: number;
			/** False when the figure is the one heard at `heardAt`, not just now. */
			fresh: boolean;
			heardAt: number;
			nextAttemptAt: number | null;
	  };

const key = (userId: string, roundId: string) => `roundLimits:${userId}:${roundId}`;

interface ListedRound {
	id: string;
	attemptsLeft: number | null;
	attemptsAllowed?: number | null;
	attemptsPer?: 'round' | 'week' | null;
	nextAttemptAt: number | null;
	attemptCount: number;
	history: { id: string; at: number }[];
}

/**
 * Asks the server, keeps its answer on the device and returns it (`fresh`); without an answer
 * (offline, signed out, the round closed) returns what was kept, if anything.
 */
export async function roundLimits(
	roundId: string,
	userId: string
): Promise<{ heard: HeardLimits; fresh: boolean } | null> {
	try {
		const res = await fetch('/api/rounds', { cache: 'no-store', credentials: 'same-origin' });
		const body = res.ok ? ((await res.json().catch(() => null)) as { rounds?: ListedRound[] } | null) : null;
		const round = body?.rounds?.find((r) => r.id === roundId);
		if (round) {
			const heard = heardFrom(round, userId, Date.now() + ((await clockOffset()) ?? 0));
			await set(key(userId, roundId), heard);
			return { heard, fresh: true };
		}
	} catch {
		// Offline: what was heard before.
	}
	const kept = await get<HeardLimits>(key(userId, roundId));
	return kept ? { heard: kept, fresh: false } : null;
}

export function heardFrom(round: ListedRound, userId: string, heardAt: number): HeardLimits {
	const complete = round.history.length >= round.attemptCount;
	return {
		roundId: round.id,
		userId,
		attemptsLeft: round.attemptsLeft,
		attemptsAllowed: round.attemptsAllowed ?? null,
		attemptsPer: round.attemptsPer ?? null,
		nextAttemptAt: round.nextAttemptAt,
		attemptCount: round.attemptCount,
		counted: round.history.map((a) => a.id),
		listedSince: complete ? null : Math.min(...round.history.map((a) => a.at)),
		heardAt
	};
}

/**
 * The figure a screen shows: the server's, less this device's papers of the round the server
 * had not counted when it answered (drawn here, not refused for good). Other devices' attempts
 * since then are not known here, so an old figure is at most what is left. A weekly figure heard
 * in an earlier Vietnamese week says nothing of this one (`newWeek`) until the server is heard.
 */
export function limitsView(
	found: { heard: HeardLimits; fresh: boolean } | null,
	local: readonly LocalAttempt[],
	now: number
): LimitsView {
	if (!found) return { kind: 'unheard' };
	const { heard, fresh } = found;
	if (heard.attemptsLeft === null || heard.attemptsAllowed === null || heard.attemptsPer === null)
		return { kind: 'unlimited' };
	if (!fresh && heard.attemptsPer === 'week' && vietnamWeekStart(now) !== vietnamWeekStart(heard.heardAt))
		return { kind: 'newWeek' };
	const counted = new Set(heard.counted);
	const pending = local.filter(
		(a) =>
			a.roundId === heard.roundId &&
			a.userId === heard.userId &&
			!a.unrecorded &&
			!counted.has(a.attemptId) &&
			(heard.listedSince === null || a.startedAt > heard.listedSince)
	).length;
	return {
		kind: 'limited',
		left: Math.max(0, heard.attemptsLeft - pending),
		allowed: heard.attemptsAllowed,
		per: heard.attemptsPer,
		pending,
		fresh,
		heardAt: heard.heardAt,
		nextAttemptAt: heard.nextAttemptAt
	};
}

/**
 * None left as far as this device can tell: the practice page and the practice result offer no
 * new paper then (the server decides all the same). Nothing heard, or no limit: a paper is offered.
 */
export function noneLeft(view: LimitsView): boolean {
	return view.kind === 'limited' && view.left === 0;
}
