// What a candidate keeps on their dashboard: the rounds open to them now (with what their
// limits leave), every round they took part in (how many attempts, the latest of them with
// score, time used and receipt, the best, rank once published, prize and certificate), and,
// for a finalist, the admission ticket.
import type { Db } from './db';
import { openRounds } from './contest';
import { attemptCounts, attemptsLeft, gradedAbsent } from './attempts';
import { candidateRank } from './results';
import { resultRounds, type RoundState } from './results/publication';
import { ensureStanding } from './results/standing-read';
import { RANKED_STATUSES, roundAttemptOf } from './results/standing';
import { parseRoundSettings } from './round-settings';
import { bestAttempts } from '$lib/exam/ranking';
import { candidateRankAsOf } from './results/individual';
import { personalPrize, type PrizeLevel } from '$lib/exam/collective';
import { exclusionOf } from './exclusions';
import { receiptOf } from './attempts/receipt';
import { isClosed } from './attempts/wire';
import { vietnamWeekStart } from '$lib/exam/calendar';
import { shortReceipt } from '$lib/receipt';
import { uncountedAnswers } from './results/uncounted';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface OpenRound {
	id: string;
	kind: 'practice' | 'qualifying' | 'final';
	name: string;
	opensAt: number;
	closesAt: number;
	questionCount: number;
	durationS: number;
	/** How late after its deadline an attempt's answers may still reach the server and count. */
	graceS: number;
	attemptsLeft: number | null;
	/**
	 * The limit `attemptsLeft` is counted from: the round's in all, or this week's when that one
	 * leaves fewer (`attemptsPer`); both null for a round without limits. "2 of 3 left".
	 */
	attemptsAllowed: number | null;
	attemptsPer: 'round' | 'week' | null;
	/** When only this week's limit is used: the next Monday 00:00 in Vietnam, if the round is still open then. */
	nextAttemptAt: number | null;
	/** The next attempt is this week's last, and more remain from next week, before the round closes. */
	moreNextWeek: boolean;
	running: string | null;
}

/**
 * The rounds open now with the candidate's attempts left. When the weekly limit is what
 * stops them, the next attempt opens when the next Vietnamese week begins.
 */
export async function openRoundsFor(db: Db, userId: string, now = Date.now()): Promise<OpenRound[]> {
	const rounds = await openRounds(db, now);
	const running = await db
		.selectFrom('attempt')
		.select(['id', 'round_id'])
		.where('user_id', '=', userId)
		.where('status', 'in', ['running', 'paused'])
		.execute();
	const out: OpenRound[] = [];
	for (const r of rounds) {
		const counts = await attemptCounts(db, r.id, userId, now);
		const left = attemptsLeft(r, counts);
		const totalLeft = r.max_attempts === null ? null : r.max_attempts - counts.total;
		const weekLeft = r.max_attempts_per_week === null ? null : r.max_attempts_per_week - counts.thisWeek;
		const nextWeek = vietnamWeekStart(now) + WEEK_MS;
		const openNextWeek = nextWeek < r.closes_at;
		const nextAttemptAt =
			left === 0 && (totalLeft === null || totalLeft > 0) && openNextWeek ? nextWeek : null;
		const moreNextWeek = weekLeft === 1 && (totalLeft === null || totalLeft > 1) && openNextWeek;
		out.push({
			id: r.id,
			kind: r.kind,
			name: r.name,
			opensAt: r.opens_at,
			closesAt: r.closes_at,
			questionCount: r.question_count,
			durationS: r.duration_s,
			graceS: r.grace_s,
			attemptsLeft: left,
			...limitLeaving(r, totalLeft, weekLeft),
			nextAttemptAt,
			moreNextWeek,
			running: running.find((a) => a.round_id === r.id)?.id ?? null
		});
	}
	return out;
}

/**
 * Which of a round's limits leaves the attempts `attemptsLeft` (start.ts) counts: this week's
 * when it leaves fewer than the round's in all, else the round's (on a tie, the round's: it is
 * as true and does not pass with the week).
 */
function limitLeaving(
	round: { max_attempts: number | null; max_attempts_per_week: number | null },
	totalLeft: number | null,
	weekLeft: number | null
): Pick<OpenRound, 'attemptsAllowed' | 'attemptsPer'> {
	if (weekLeft !== null && (totalLeft === null || weekLeft < totalLeft))
		return { attemptsAllowed: round.max_attempts_per_week, attemptsPer: 'week' };
	if (totalLeft !== null) return { attemptsAllowed: round.max_attempts, attemptsPer: 'round' };
	return { attemptsAllowed: null, attemptsPer: null };
}

/**
 * How many of a round's attempts a candidate's lists hold, the latest first: practice may be
 * taken without limit, and a page or an API answer must not grow with every attempt. The count
 * and the best score cover them all.
 */
export const LISTED_ATTEMPTS = 20;

/** A candidate's attempts in one round: how many, the latest LISTED_ATTEMPTS, and the best. */
export async function attemptsInRound(db: Db, userId: string, roundId: string) {
	const mine = () => db.selectFrom('attempt').where('user_id', '=', userId).where('round_id', '=', roundId);
	const columns = [
		'id',
		'status',
		'started_at',
		'created_at',
		'score',
		'max_score',
		'time_used_ms',
		'graded_at'
	] as const;
	const [count, latest, ranked, round] = await Promise.all([
		mine()
			.select((eb) => eb.fn.countAll().as('n'))
			.executeTakeFirstOrThrow(),
		mine()
			.select(columns)
			.orderBy('created_at', 'desc')
			.orderBy('id', 'desc')
			.limit(LISTED_ATTEMPTS)
			.execute(),
		// Every ranked attempt: the best is the one the ranking counts (`bestAttempts`). A round's
		// graded attempts are few; practice opens at most 60 an hour.
		mine()
			.select([...columns, 'user_id', 'tiebreak', 'submitted_at'])
			.where('status', 'in', [...RANKED_STATUSES])
			.where('score', 'is not', null)
			.execute(),
		db.selectFrom('round').select('settings').where('id', '=', roundId).executeTakeFirst()
	]);
	const truth = round ? (parseRoundSettings(round.settings).tiebreak?.truth ?? null) : null;
	const top = bestAttempts(ranked.map(roundAttemptOf), truth)[0];
	return {
		count: Number(count.n),
		// A score is read only of a closed attempt (wire.ts `isClosed`): one still running may carry a
		// partial grade (a finalist moved to another tablet is graded to continue there), which would
		// tell its candidate how many of the answers so far are right.
		latest: latest.map((a) => (isClosed(a) ? a : { ...a, score: null })),
		best: top && ranked.find((a) => a.id === top.attemptId)
	};
}

export interface HistoryAttempt {
	id: string;
	startedAt: number;
	status: string;
	score: number | null;
	max: number | null;
	timeUsedMs: number | null;
	/** A finalist who never came (attempts/grade.ts `isAbsent`): no score, not 0. */
	absent: boolean;
	/** The short receipt code of the device its candidate ended on (receiptsOf). */
	receipt: string | null;
}

export interface HistoryRound {
	id: string;
	name: string;
	kind: 'practice' | 'qualifying' | 'final';
	state: RoundState | 'practice';
	closesAt: number;
	/** All the candidate's attempts in the round; `attempts` lists the latest LISTED_ATTEMPTS. */
	attemptCount: number;
	attempts: HistoryAttempt[];
	best: { score: number; max: number; timeUsedMs: number | null } | null;
	/** Official once published; while the round is open, the current standing. */
	rank: { rank: number; total: number; official: boolean } | null;
	prize: PrizeLevel | null;
	/** A certificate to download: a prize, and the account is not on the exclusion list. */
	certificate: boolean;
}

/** Every round the candidate took part in, newest first, kept after the round closes. */
export async function attemptHistory(
	db: Db,
	secret: Buffer,
	userId: string,
	now = Date.now()
): Promise<HistoryRound[]> {
	const taken = await db
		.selectFrom('attempt')
		.innerJoin('round', 'round.id', 'attempt.round_id')
		.select((eb) => [
			'attempt.round_id',
			'round.name',
			'round.kind',
			'round.closes_at',
			eb.fn.max('attempt.created_at').as('last')
		])
		.where('attempt.user_id', '=', userId)
		.groupBy(['attempt.round_id', 'round.name', 'round.kind', 'round.closes_at'])
		.execute();
	if (taken.length === 0) return [];
	taken.sort((a, b) => Number(b.last) - Number(a.last));
	const states = new Map((await resultRounds(db, now)).map((r) => [r.id, r]));
	const listed = (await exclusionOf(db, userId)) !== null;

	const out: HistoryRound[] = [];
	for (const round of taken) {
		const roundId = round.round_id;
		const { count, latest, best } = await attemptsInRound(db, userId, roundId);
		const receipts = await receiptsOf(db, secret, latest);
		const info = states.get(roundId);
		let rank: HistoryRound['rank'] = null;
		let prize: PrizeLevel | null = null;
		if (info && best) {
			if (info.state === 'published' && (await ensureStanding(db, roundId))) {
				const me = await db
					.selectFrom('round_standing')
					.select(['rank', 'score'])
					.where('round_id', '=', roundId)
					.where('user_id', '=', userId)
					.executeTakeFirst();
				const total = await db
					.selectFrom('round_standing')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('round_id', '=', roundId)
					.executeTakeFirstOrThrow();
				if (me) {
					rank = { rank: me.rank, total: Number(total.n), official: true };
					prize = personalPrize(me.rank, me.score, info.settings.prizes);
				}
			} else if (info.state === 'open') {
				const r = await candidateRank(db, roundId, userId, now);
				if (r) rank = { ...r, official: false };
			}
		}
		out.push({
			id: roundId,
			name: round.name,
			kind: round.kind,
			state: info?.state ?? 'practice',
			closesAt: round.closes_at,
			attemptCount: count,
			attempts: latest.map((a) => ({
				id: a.id,
				startedAt: a.started_at ?? a.created_at,
				status: a.status,
				score: a.score,
				max: a.max_score,
				timeUsedMs: a.time_used_ms,
				absent: gradedAbsent(a),
				receipt: receipts.get(a.id) ?? null
			})),
			best: best ? { score: best.score ?? 0, max: best.max_score ?? 0, timeUsedMs: best.time_used_ms } : null,
			rank,
			prize,
			certificate: prize !== null && !listed
		});
	}
	return out;
}

/**
 * A closed attempt's receipt (receipt.ts), over the log of the device its candidate ended on: the
 * one that submitted it; else, at the venue, the tablet the finalist was last moved to, which
 * showed that receipt at the lock (the tablet moved away from keeps heartbeating, so it is often
 * heard last); else the device heard last.
 */
async function receiptsOf(
	db: Db,
	secret: Buffer,
	attempts: readonly { id: string; status: string }[]
): Promise<Map<string, string>> {
	const closed = attempts.filter((a) => a.status === 'submitted' || a.status === 'locked');
	const receipts = new Map<string, string>();
	if (closed.length === 0) return receipts;
	const devices = await db
		.selectFrom('attempt_device')
		.select(['attempt_id', 'device_id', 'acked_seq', 'last_seen_at', 'close_rule', 'moved_at_elapsed_ms'])
		.where(
			'attempt_id',
			'in',
			closed.map((a) => a.id)
		)
		.execute();
	for (const a of closed) {
		const endedOn = (d: (typeof devices)[number]) =>
			d.close_rule === 'submitted' ? 2 : d.moved_at_elapsed_ms === null ? 1 : 0;
		const device = devices
			.filter((d) => d.attempt_id === a.id && d.acked_seq > 0)
			.sort((x, y) => endedOn(y) - endedOn(x) || Number(y.last_seen_at) - Number(x.last_seen_at))[0];
		if (device)
			receipts.set(a.id, shortReceipt(await receiptOf(db, secret, a.id, device.device_id, device.acked_seq)));
	}
	return receipts;
}

/** A finalist's admission ticket (the same facts the organiser prints), or null. */
export { candidateTicket as admissionTicket, type AdmissionTicket } from './venue/tickets';

export async function candidateProfile(db: Db, userId: string) {
	const p = await db
		.selectFrom('app_user')
		.innerJoin('candidate_profile', 'candidate_profile.user_id', 'app_user.id')
		.innerJoin('unit', 'unit.id', 'candidate_profile.unit_id')
		.select(['app_user.full_name', 'unit.name as unit_name'])
		.where('app_user.id', '=', userId)
		.executeTakeFirst();
	return { fullName: p?.full_name ?? '', unitName: p?.unit_name ?? '' };
}

/**
 * Time used, current rank and the answers not counted (by reason) of one of the candidate's own
 * attempts, for its result screen. The rank is read from the round's standing as it is (never
 * rebuilt for this request), with `asOf` the time that standing was built or last found current.
 */
export async function attemptSummary(db: Db, userId: string, attemptId: string, now = Date.now()) {
	const a = await db
		.selectFrom('attempt')
		.innerJoin('round', 'round.id', 'attempt.round_id')
		.select(['attempt.round_id', 'attempt.time_used_ms', 'attempt.score', 'attempt.status', 'round.kind'])
		.where('attempt.id', '=', attemptId)
		.where('attempt.user_id', '=', userId)
		.executeTakeFirst();
	if (!a) return null;
	const graded = isClosed(a) && a.score !== null;
	const rank = a.kind !== 'practice' && graded ? await candidateRankAsOf(db, a.round_id, userId, now) : null;
	const uncounted = graded ? await uncountedAnswers(db, attemptId) : [];
	return { timeUsedMs: a.time_used_ms, rank, uncounted };
}
