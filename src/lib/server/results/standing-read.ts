// When a reader may use a round's ranking snapshot (standing.ts) as it is, and when it is
// rebuilt. An organiser's page (`ensureStanding`) rebuilds at once when the round's attempts
// changed; a finalised round's snapshot is frozen and only read. A candidate's or visitor's
// request never builds (`standingAsItIs`): it reads the snapshot as it is, and a stale one is
// rebuilt in the background, by one job per round per process and, on PostgreSQL, by one
// process at a time (the snapshot row's lock, taken without waiting).
import { sql } from 'kysely';
import type { Db } from '../db';
import {
	buildStanding,
	buildStandingIfFree,
	readSnapshot,
	roundStamp,
	type RoundSummary,
	type Snapshot
} from './standing';

export interface FreshnessOptions {
	/** A snapshot younger than this is used without checking the stamp (candidate pages). */
	maxAgeMs?: number;
	/** …unless it was built before this moment (the candidate's own latest grading). */
	notBefore?: number;
	now?: number;
}

/** The round's finalisation and its snapshot row as held (undefined before the first build); null for an unknown round. */
async function roundAndSnapshot(db: Db, roundId: string) {
	const round = await db
		.selectFrom('round')
		.select(['id', 'finalised_at'])
		.where('id', '=', roundId)
		.executeTakeFirst();
	if (!round) return null;
	const held = await db
		.selectFrom('round_snapshot')
		.select(['round_id', 'stamp', 'built_at', 'summary'])
		.where('round_id', '=', roundId)
		.executeTakeFirst();
	return { round, held };
}

/** A finalised round's snapshot built (or found current) at or after finalisation. */
function isFrozen(finalisedAt: number | null, builtAt: number): boolean {
	return finalisedAt !== null && builtAt > 0 && builtAt >= finalisedAt;
}

/**
 * The round's snapshot, rebuilt first when its attempts changed. Null for an unknown round.
 * A finalised round's is read as it is, never checked against its attempts: its attempts no
 * longer change. (One finalised before snapshots were frozen is stamped in the background.)
 */
export async function ensureStanding(
	db: Db,
	roundId: string,
	opts: FreshnessOptions = {}
): Promise<Snapshot | null> {
	const now = opts.now ?? Date.now();
	const found = await roundAndSnapshot(db, roundId);
	if (!found) return null;
	const { round, held } = found;
	if (held && held.built_at > 0) {
		if (round.finalised_at !== null) {
			if (!isFrozen(round.finalised_at, held.built_at)) refreshStandingLater(db, roundId, now);
			return readSnapshot(held);
		}
		if (
			opts.maxAgeMs !== undefined &&
			now - held.built_at < opts.maxAgeMs &&
			held.built_at >= (opts.notBefore ?? 0)
		) {
			return readSnapshot(held);
		}
		if ((await roundStamp(db, roundId)) === held.stamp) return readSnapshot(held);
	}
	return buildStanding(db, roundId, now);
}

export interface HeldStanding extends Snapshot {
	/** Ranked candidates in round_standing now (0 before the first build). */
	participants: number;
	frozen: boolean;
}

const EMPTY_SUMMARY: RoundSummary = {
	participants: 0,
	attempts: 0,
	fullMarks: 1,
	histogram: [0, 0],
	days: [],
	units: {}
};

/**
 * How much of the process a round's background rebuilds may take: a snapshot is refreshed no
 * sooner than REBUILD_SHARE times its last build's duration after it was built. At 100,000
 * attempts a build holds SQLite's one thread about a second: rebuilt every minute, that stall
 * would fall on about 2 % of the requests of a round running at home (its p99); every few
 * minutes, on well under 1 %. A round of a few thousand attempts keeps its minute.
 */
const REBUILD_SHARE = 200;
/** This process's last background build of each round, in ms. */
const lastBuildMs = new Map<string, number>();

/** For tests: what this process's last background build of the round took, as if measured. */
export function noteStandingBuild(roundId: string, ms: number): void {
	lastBuildMs.set(roundId, ms);
}

/** What this process's last background build of the round took, in ms (undefined before one). */
export function standingBuildMs(roundId: string): number | undefined {
	return lastBuildMs.get(roundId);
}

/**
 * The round's snapshot as it is, for a candidate's or visitor's request: no count over the
 * attempts and no build. One older than `maxAgeMs` (or than REBUILD_SHARE times its last
 * build took, when that is longer; or dropped by a re-grade, or never built) is refreshed in
 * the background; a frozen one never. Null for an unknown round.
 */
export async function standingAsItIs(
	db: Db,
	roundId: string,
	opts: { maxAgeMs: number; now?: number }
): Promise<HeldStanding | null> {
	const now = opts.now ?? Date.now();
	const found = await roundAndSnapshot(db, roundId);
	if (!found) return null;
	const { round, held } = found;
	const frozen = !!held && isFrozen(round.finalised_at, held.built_at);
	const maxAgeMs = Math.max(opts.maxAgeMs, REBUILD_SHARE * (lastBuildMs.get(roundId) ?? 0));
	if (!frozen && (!held || held.built_at === 0 || now - held.built_at >= maxAgeMs)) {
		refreshStandingLater(db, roundId, now);
	}
	const snapshot = held ? readSnapshot(held) : { roundId, stamp: '', builtAt: 0, summary: EMPTY_SUMMARY };
	let participants = snapshot.summary.participants;
	if (typeof participants !== 'number') {
		// A snapshot row whose first build has not committed: count the standing there is.
		const n = await db
			.selectFrom('round_standing')
			.select(sql<number | null>`max(position)`.as('n'))
			.where('round_id', '=', roundId)
			.executeTakeFirst();
		participants = Number(n?.n ?? 0);
	}
	return { ...snapshot, participants, frozen };
}

/** Background refreshes running in this process, by round: at most one each. */
const refreshing = new Map<string, Promise<void>>();
/** While a test holds them, refreshes wait here to be let go. */
let holding: (() => void)[] | null = null;

/** Starts a background refresh of the round's snapshot unless one is already running here. */
export function refreshStandingLater(db: Db, roundId: string, now = Date.now()): void {
	if (refreshing.has(roundId)) return;
	const job = (async () => {
		if (holding) await new Promise<void>((go) => holding!.push(go));
		// After the request that asked has answered: on SQLite a read waits for an open
		// transaction, so a build started at once would hold that request up.
		await new Promise<void>((go) => setImmediate(go));
		await refreshStanding(db, roundId, now);
	})()
		.catch((e) => console.error(`refreshing the standing of round ${roundId} failed`, e))
		.finally(() => refreshing.delete(roundId));
	refreshing.set(roundId, job);
}

/** Resolves when this process's background refreshes have finished. */
export async function standingRefreshesSettled(): Promise<void> {
	while (refreshing.size > 0) await Promise.all([...refreshing.values()]);
}

/** For tests: background refreshes wait until the returned function lets them go (and settles). */
export function holdStandingRefreshes(): () => Promise<void> {
	holding ??= [];
	return async () => {
		const waiting = holding ?? [];
		holding = null;
		for (const go of waiting) go();
		await standingRefreshesSettled();
	};
}

/**
 * Brings the snapshot up to date without waiting on anyone: a current one is only stamped
 * as checked now (or frozen, for a finalised round); a changed one is rebuilt unless another
 * process is building it.
 */
async function refreshStanding(db: Db, roundId: string, now: number): Promise<void> {
	const found = await roundAndSnapshot(db, roundId);
	if (!found) return;
	const { round, held } = found;
	if (held && isFrozen(round.finalised_at, held.built_at)) return;
	if (held && held.built_at > 0 && round.finalised_at === null) {
		if ((await roundStamp(db, roundId)) === held.stamp) {
			await db
				.updateTable('round_snapshot')
				.set({ built_at: Math.max(held.built_at, now) })
				.where('round_id', '=', roundId)
				.where('stamp', '=', held.stamp)
				.where('built_at', '=', held.built_at)
				.execute();
			return;
		}
	}
	const started = performance.now();
	if (await buildStandingIfFree(db, roundId, now)) lastBuildMs.set(roundId, performance.now() - started);
}
