// What a candidate keeps on their dashboard: the rounds open to them now (with what their
// limits leave), every attempt they ever made (score, time used, receipt, rank once
// published, prize and certificate), and, for a finalist, the admission ticket.
import type { Db } from './db';
import { openRounds } from './contest';
import { attemptCounts, attemptsLeft } from './attempts';
import { candidateRank } from './results';
import { resultRounds, type RoundState } from './results/publication';
import { ensureStanding } from './results/standing';
import { prizeFor, type PrizeLevel } from '$lib/exam/collective';
import { receiptOf } from './attempts/receipt';
import { vietnamWeekStart } from '$lib/exam/calendar';
import { shortReceipt } from '$lib/receipt';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface OpenRound {
	id: string;
	kind: 'practice' | 'qualifying' | 'final';
	name: string;
	opensAt: number;
	closesAt: number;
	questionCount: number;
	durationS: number;
	attemptsLeft: number | null;
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
			attemptsLeft: left,
			nextAttemptAt,
			moreNextWeek,
			running: running.find((a) => a.round_id === r.id)?.id ?? null
		});
	}
	return out;
}

export interface HistoryAttempt {
	id: string;
	startedAt: number;
	status: string;
	score: number | null;
	max: number | null;
	timeUsedMs: number | null;
	/** The short receipt code of the device that sent the attempt's log last. */
	receipt: string | null;
}

export interface HistoryRound {
	id: string;
	name: string;
	kind: 'practice' | 'qualifying' | 'final';
	state: RoundState | 'practice';
	closesAt: number;
	attempts: HistoryAttempt[];
	best: { score: number; max: number; timeUsedMs: number | null } | null;
	/** Official once published; while the round is open, the current standing. */
	rank: { rank: number; total: number; official: boolean } | null;
	prize: PrizeLevel | null;
}

/** Every round the candidate took part in, newest first, kept after the round closes. */
export async function attemptHistory(
	db: Db,
	secret: Buffer,
	userId: string,
	now = Date.now()
): Promise<HistoryRound[]> {
	const attempts = await db
		.selectFrom('attempt')
		.innerJoin('round', 'round.id', 'attempt.round_id')
		.select([
			'attempt.id',
			'attempt.round_id',
			'attempt.status',
			'attempt.started_at',
			'attempt.created_at',
			'attempt.score',
			'attempt.max_score',
			'attempt.time_used_ms',
			'round.name',
			'round.kind',
			'round.closes_at',
			'round.opens_at'
		])
		.where('attempt.user_id', '=', userId)
		.orderBy('attempt.created_at', 'desc')
		.execute();
	if (attempts.length === 0) return [];
	const devices = await db
		.selectFrom('attempt_device')
		.select(['attempt_id', 'device_id', 'acked_seq', 'last_seen_at'])
		.where(
			'attempt_id',
			'in',
			attempts.map((a) => a.id)
		)
		.execute();
	// A closed attempt's receipt, over the log of the device heard last (receipt.ts).
	const receipts = new Map<string, string>();
	for (const a of attempts) {
		if (a.status !== 'submitted' && a.status !== 'locked') continue;
		const device = devices
			.filter((d) => d.attempt_id === a.id && d.acked_seq > 0)
			.sort((x, y) => Number(y.last_seen_at) - Number(x.last_seen_at))[0];
		if (device)
			receipts.set(a.id, shortReceipt(await receiptOf(db, secret, a.id, device.device_id, device.acked_seq)));
	}
	const states = new Map((await resultRounds(db, now)).map((r) => [r.id, r]));
	const byRound = new Map<string, typeof attempts>();
	for (const a of attempts) byRound.set(a.round_id, [...(byRound.get(a.round_id) ?? []), a]);

	const out: HistoryRound[] = [];
	for (const [roundId, mine] of byRound) {
		const first = mine[0];
		const info = states.get(roundId);
		const graded = mine.filter((a) => a.score !== null);
		const best = graded.reduce<(typeof graded)[number] | null>(
			(b, a) =>
				b === null ||
				(a.score ?? 0) > (b.score ?? 0) ||
				((a.score ?? 0) === (b.score ?? 0) && (a.time_used_ms ?? 0) < (b.time_used_ms ?? 0))
					? a
					: b,
			null
		);
		let rank: HistoryRound['rank'] = null;
		let prize: PrizeLevel | null = null;
		if (info && best) {
			if (info.state === 'published' && (await ensureStanding(db, roundId))) {
				const me = await db
					.selectFrom('round_standing')
					.select('rank')
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
					prize = prizeFor(me.rank, info.settings.prizes);
				}
			} else if (info.state === 'open') {
				const r = await candidateRank(db, roundId, userId, now);
				if (r) rank = { ...r, official: false };
			}
		}
		out.push({
			id: roundId,
			name: first.name,
			kind: first.kind,
			state: info?.state ?? 'practice',
			closesAt: first.closes_at,
			attempts: mine.map((a) => ({
				id: a.id,
				startedAt: a.started_at ?? a.created_at,
				status: a.status,
				score: a.score,
				max: a.max_score,
				timeUsedMs: a.time_used_ms,
				receipt: receipts.get(a.id) ?? null
			})),
			best: best ? { score: best.score ?? 0, max: best.max_score ?? 0, timeUsedMs: best.time_used_ms } : null,
			rank,
			prize
		});
	}
	return out;
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

/** Time used and current rank of one of the candidate's own attempts, for its result screen. */
export async function attemptSummary(db: Db, userId: string, attemptId: string, now = Date.now()) {
	const a = await db
		.selectFrom('attempt')
		.innerJoin('round', 'round.id', 'attempt.round_id')
		.select(['attempt.round_id', 'attempt.time_used_ms', 'attempt.score', 'round.kind'])
		.where('attempt.id', '=', attemptId)
		.where('attempt.user_id', '=', userId)
		.executeTakeFirst();
	if (!a) return null;
	const rank =
		a.kind !== 'practice' && a.score !== null ? await candidateRank(db, a.round_id, userId, now) : null;
	return { timeUsedMs: a.time_used_ms, rank };
}
