// The organiser's decisions on a round's results: the unit ranking rule and prize places,
// finalising (scores become final: no late event, no correction changes them any more) and
// publishing (the public results page shows the round). Every decision is audited.
import { z } from 'zod';
import type { Db } from '../db';
import type { Round } from '../db/schema';
import { audit } from '../audit';
import { UNIT_RULES, type PrizeCounts, type UnitRule } from '$lib/exam/collective';
import { buildStanding } from './standing';
import { ensureStanding } from './standing-read';
import { failure, type Failure } from '../failure';
import { parseRoundSettings } from '../round-settings';
import { isPostgres, lockedRead } from '../attempts/wire';

const places = z.number().int().min(0).max(1000);

export const resultSettings = z.object({
	unitRule: z.enum(UNIT_RULES).default('bestN'),
	bestN: z.number().int().min(1).max(10_000).default(10),
	prizes: z
		.object({
			first: places.default(1),
			second: places.default(2),
			third: places.default(3),
			consolation: places.default(5)
		})
		.default({ first: 1, second: 2, third: 3, consolation: 5 }),
	unitPrizes: z
		.object({
			first: places.default(1),
			second: places.default(1),
			third: places.default(1),
			consolation: places.default(0)
		})
		.default({ first: 1, second: 1, third: 1, consolation: 0 }),
	/**
	 * A unit with fewer participants than this is listed unranked and wins no collective
	 * prize (isRanked in $lib/exam/collective); a unit with none is never ranked.
	 */
	unitMinParticipants: z.number().int().min(1).max(100_000).default(1)
});
export type ResultSettings = z.infer<typeof resultSettings>;

export const DEFAULT_SETTINGS: ResultSettings = resultSettings.parse({});

export function parseResultSettings(json: string | null | undefined): ResultSettings {
	const parsed = resultSettings.safeParse(JSON.parse(json || '{}'));
	return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export type RoundState = 'open' | 'upcoming' | 'closed' | 'finalised' | 'published';

export interface ResultRound {
	id: string;
	name: string;
	kind: Round['kind'];
	opensAt: number;
	closesAt: number;
	finalisedAt: number | null;
	publishedAt: number | null;
	state: RoundState;
	settings: ResultSettings;
}

/** What the venue says of a final: a room started (held), and one still running or paused. */
interface VenueFacts {
	held: boolean;
	live: boolean;
}

const NO_VENUE: VenueFacts = { held: false, live: false };

/**
 * A final is held on the day its rooms start, whatever window the round was given: it is
 * open while a room runs and closed once every started room is locked. Other rounds (and a
 * final no room of which has started) follow their window.
 */
function stateOf(
	r: { kind: Round['kind']; opens_at: number; closes_at: number; finalised_at: number | null },
	publishedAt: number | null,
	now: number,
	venue: VenueFacts = NO_VENUE
): RoundState {
	if (publishedAt !== null) return 'published';
	if (r.finalised_at !== null) return 'finalised';
	if (r.kind === 'final' && venue.live) return 'open';
	if (r.kind === 'final' && venue.held) return 'closed';
	if (now < r.opens_at) return 'upcoming';
	return now < r.closes_at ? 'open' : 'closed';
}

/** Per final round: whether a room of it has started, and whether one still runs. */
async function venueFacts(db: Db, roundIds: string[]): Promise<Map<string, VenueFacts>> {
	const out = new Map<string, VenueFacts>();
	if (roundIds.length === 0) return out;
	const rooms = await db
		.selectFrom('venue_room')
		.innerJoin('room', 'room.id', 'venue_room.room_id')
		.select(['room.round_id', 'venue_room.status'])
		.where('room.round_id', 'in', roundIds)
		.where('venue_room.started_at', 'is not', null)
		.execute();
	for (const r of rooms) {
		const f = out.get(r.round_id) ?? { held: false, live: false };
		f.held = true;
		if (r.status === 'running' || r.status === 'paused') f.live = true;
		out.set(r.round_id, f);
	}
	return out;
}

function baseQuery(db: Db) {
	return db
		.selectFrom('round')
		.leftJoin('round_publication', 'round_publication.round_id', 'round.id')
		.select([
			'round.id',
			'round.name',
			'round.kind',
			'round.opens_at',
			'round.closes_at',
			'round.finalised_at',
			'round_publication.published_at',
			'round_publication.settings'
		]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toResultRound(r: BaseRow, now: number, venue?: VenueFacts): ResultRound {
	return {
		id: r.id,
		name: r.name,
		kind: r.kind,
		opensAt: r.opens_at,
		closesAt: r.closes_at,
		finalisedAt: r.finalised_at,
		publishedAt: r.published_at ?? null,
		state: stateOf(r, r.published_at ?? null, now, venue),
		settings: parseResultSettings(r.settings)
	};
}

/** Rounds that are ranked (practice is not), newest first. */
export async function resultRounds(db: Db, now = Date.now()): Promise<ResultRound[]> {
	const rows = await baseQuery(db)
		.where('round.kind', '!=', 'practice')
		.orderBy('round.opens_at', 'desc')
		.execute();
	const venue = await venueFacts(
		db,
		rows.filter((r) => r.kind === 'final').map((r) => r.id)
	);
	return rows.map((r) => toResultRound(r, now, venue.get(r.id)));
}

export async function resultRound(db: Db, roundId: string, now = Date.now()): Promise<ResultRound | null> {
	const row = await baseQuery(db)
		.where('round.id', '=', roundId)
		.where('round.kind', '!=', 'practice')
		.executeTakeFirst();
	if (!row) return null;
	const venue = row.kind === 'final' ? (await venueFacts(db, [row.id])).get(row.id) : undefined;
	return toResultRound(row, now, venue);
}

/** Published rounds, for the public results page. */
export async function publishedRounds(db: Db): Promise<ResultRound[]> {
	const rows = await baseQuery(db)
		.where('round_publication.published_at', 'is not', null)
		.where('round.finalised_at', 'is not', null)
		.orderBy('round.opens_at', 'desc')
		.execute();
	return rows.map((r) => toResultRound(r, Date.now()));
}

export type DecisionResult = { ok: true } | Failure<ResultProblem>;
export type ResultProblem =
	| 'notFound'
	| 'stillOpen'
	| 'roomsRunning'
	| 'attemptsRunning'
	| 'regrading'
	| 'alreadyFinalised'
	| 'notFinalised'
	| 'finalised'
	| 'unknownQuestion'
	| 'badKey'
	| 'noTiebreakTruth'
	| 'publishedSettings';

/**
 * The round's row, read again and locked for the rest of the transaction. Every decision on a
 * round's results (a correction, finalising, publishing, the prizes) checks what it decides on
 * after this, so two sent at once end as one after the other would: checked first and written
 * later, a correction and a finalisation both went through and the frozen ranking was re-graded.
 * On PostgreSQL FOR NO KEY UPDATE, which two deciders wait on and a candidate's start does not;
 * finalising asks for FOR UPDATE (`starts`), which also waits for a start storing an attempt
 * right now (it holds FOR KEY SHARE), so that attempt is seen running. SQLite runs a
 * transaction whole on its one connection.
 */
export async function lockRound(tx: Db, roundId: string, opts: { starts?: boolean } = {}) {
	const q = tx.selectFrom('round').selectAll().where('id', '=', roundId);
	return (opts.starts && isPostgres(tx) ? q.forUpdate() : lockedRead(tx, q)).executeTakeFirst();
}

async function upsertPublication(
	db: Db,
	roundId: string,
	set: { settings?: string; published_at?: number | null; published_by?: string | null }
) {
	await db
		.insertInto('round_publication')
		.values({ round_id: roundId, published_at: null, published_by: null, settings: '{}', ...set })
		.onConflict((oc) => oc.column('round_id').doUpdateSet(set))
		.execute();
}

/**
 * Writes the settings `change` makes of the stored ones, under the round's lock: what the
 * public page, exports and certificates show changes only while nothing is published, and a
 * publication sent at the same moment comes before (refused) or after (published as saved).
 */
async function changeSettings(
	db: Db,
	roundId: string,
	change: (current: ResultSettings) => ResultSettings,
	actorId: string,
	now: number
): Promise<DecisionResult> {
	return db.transaction().execute(async (tx): Promise<DecisionResult> => {
		const round = await lockRound(tx, roundId);
		if (!round || round.kind === 'practice') return failure('notFound');
		const publication = await tx
			.selectFrom('round_publication')
			.select(['published_at', 'settings'])
			.where('round_id', '=', roundId)
			.executeTakeFirst();
		if ((publication?.published_at ?? null) !== null) return failure('publishedSettings');
		const settings = change(parseResultSettings(publication?.settings));
		await upsertPublication(tx, roundId, { settings: JSON.stringify(settings) });
		await audit(tx, { actorId, action: 'results.settings', target: roundId, detail: settings }, now);
		return { ok: true };
	});
}

export function saveResultSettings(
	db: Db,
	roundId: string,
	settings: ResultSettings,
	actorId: string,
	now = Date.now()
): Promise<DecisionResult> {
	return changeSettings(db, roundId, () => settings, actorId, now);
}

/** Keeps the other settings: the unit rule and the prize numbers are chosen on different pages. */
function patchSettings(
	db: Db,
	roundId: string,
	patch: Partial<ResultSettings>,
	actorId: string,
	now: number
): Promise<DecisionResult> {
	return changeSettings(db, roundId, (current) => ({ ...current, ...patch }), actorId, now);
}

export function saveUnitRule(
	db: Db,
	roundId: string,
	unitRule: UnitRule,
	bestN: number,
	actorId: string,
	now = Date.now()
) {
	return patchSettings(db, roundId, { unitRule, bestN }, actorId, now);
}

export function savePrizes(
	db: Db,
	roundId: string,
	prizes: ResultSettings['prizes'],
	unitPrizes: ResultSettings['unitPrizes'],
	unitMinParticipants: number,
	actorId: string,
	now = Date.now()
) {
	return patchSettings(db, roundId, { prizes, unitPrizes, unitMinParticipants }, actorId, now);
}

export type FinaliseBlocker = Extract<DecisionResult, { ok: false }>;

/**
 * Why the round cannot be finalised now, or null when it can: the page disables the button
 * and says why, and finaliseRound refuses for the same reason. Refused while the round is
 * open to new attempts (a home round until it closes; a final while a room runs, or before
 * its window closes if no room has started), while any attempt is still running, or while
 * a re-grade runs, since finalising stops late answers from counting and invalidates
 * attempt tokens.
 */
export async function finaliseBlocker(
	db: Db,
	roundId: string,
	now = Date.now()
): Promise<FinaliseBlocker | null> {
	const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirst();
	if (!round || round.kind === 'practice') return failure('notFound');
	if (round.finalised_at !== null) return failure('alreadyFinalised');
	const venue = round.kind === 'final' ? (await venueFacts(db, [roundId])).get(roundId) : undefined;
	if (venue?.live) return failure('roomsRunning');
	if (!venue?.held && now < round.closes_at) return failure('stillOpen', { closesAt: round.closes_at });
	const running = await db
		.selectFrom('attempt')
		.select('id')
		.where('round_id', '=', roundId)
		.where('status', 'in', ['waiting', 'running', 'paused'])
		.limit(1)
		.executeTakeFirst();
	if (running) return failure('attemptsRunning');
	const regrading = await db
		.selectFrom('regrade_job')
		.select('round_id')
		.where('round_id', '=', roundId)
		.where('finished_at', 'is', null)
		.executeTakeFirst();
	if (regrading) return failure('regrading');
	// A tie-break question without its true value would leave its ties ordered by submission time.
	const tiebreak = parseRoundSettings(round.settings).tiebreak;
	if (tiebreak && tiebreak.truth === null) return failure('noTiebreakTruth');
	return null;
}

/** Makes the round's scores final, unless finaliseBlocker says why not. */
export async function finaliseRound(
	db: Db,
	roundId: string,
	actorId: string,
	now = Date.now()
): Promise<DecisionResult> {
	// Checked and written under the round's lock: a correction or a start sent at the same
	// moment is seen (`regrading`, `attemptsRunning`) or sees this (`finalised`).
	const blocker = await db.transaction().execute(async (tx) => {
		await lockRound(tx, roundId, { starts: true });
		const blocked = await finaliseBlocker(tx, roundId, now);
		if (!blocked)
			await tx.updateTable('round').set({ finalised_at: now }).where('id', '=', roundId).execute();
		return blocked;
	});
	if (blocker) return blocker;
	// The frozen standing: built, or found current and stamped, at finalised_at (buildStanding
	// does both), it is never checked against attempts again.
	const snapshot = await buildStanding(db, roundId, now);
	await audit(
		db,
		{
			actorId,
			action: 'results.finalised',
			target: roundId,
			detail: { participants: snapshot.summary.participants, attempts: snapshot.summary.attempts }
		},
		now
	);
	return { ok: true };
}

export async function publishRound(
	db: Db,
	roundId: string,
	publish: boolean,
	actorId: string,
	now = Date.now()
): Promise<DecisionResult> {
	const round = await db
		.selectFrom('round')
		.select(['kind', 'finalised_at'])
		.where('id', '=', roundId)
		.executeTakeFirst();
	if (!round || round.kind === 'practice') return failure('notFound');
	if (publish && round.finalised_at === null) return failure('notFinalised');
	// In a transaction of its own; a finalised round's standing is frozen, so it is the one published.
	if (publish) await ensureStanding(db, roundId, { now });
	// Under the round's lock, as the settings' save: one sent at the same moment is refused
	// (`publishedSettings`) or lands before this publication.
	return db.transaction().execute(async (tx): Promise<DecisionResult> => {
		const locked = await lockRound(tx, roundId);
		if (!locked || locked.kind === 'practice') return failure('notFound');
		if (publish && locked.finalised_at === null) return failure('notFinalised');
		await upsertPublication(
			tx,
			roundId,
			publish ? { published_at: now, published_by: actorId } : { published_at: null, published_by: null }
		);
		await audit(
			tx,
			{ actorId, action: publish ? 'results.published' : 'results.unpublished', target: roundId },
			now
		);
		return { ok: true };
	});
}

export type { UnitRule, PrizeCounts };
