// Practice drawn on a device: the round's public bank for drawing offline, and recording the
// attempt the device drew so its answers can be synced and graded like any other.
import { z } from 'zod';
import type { Db } from '../db';
import { aliasQuestion, fitsBlueprint, type Paper } from '$lib/exam/paper';
import { parseRoundSettings } from '../round-settings';
import { practiceBank, publicVersions } from '../papers';
import { issueToken } from '../tokens';
import { attemptDeadline, deviceIdSchema } from './wire';
import { failure, type Failure } from '../failure';
import {
	eligibility,
	newAttemptRow,
	newDeviceId,
	openWithinLimits,
	retriedOnRoundChange,
	roundOpen,
	type StartedAttempt
} from './start';
import { readPaperText } from './hot-sql';
import { readPaper } from '../db/stored';

/** A practice paper the device drew itself from the round's public bank (maybe offline). */
export const devicePracticeBody = z.object({
	attemptId: z.string().uuid(),
	seed: z.string().min(1).max(64),
	startedAt: z.number().int().min(0),
	/** The device the token will speak for; omitted, the server makes one up and returns it. */
	deviceId: deviceIdSchema.optional(),
	questions: z
		.array(
			z.object({
				id: z.string().min(1).max(64),
				version: z.number().int().min(1),
				options: z.array(z.string().min(1).max(64)).max(6)
			})
		)
		.min(1)
		.max(200)
});
export type DevicePracticeBody = z.infer<typeof devicePracticeBody>;

/**
 * A practice round's public bank, for drawing papers on the device: only while the round is
 * open and for a candidate who may take part, as a start requires (`start.ts`).
 */
export async function practiceRound(db: Db, roundId: string, userId: string, now = Date.now()) {
	const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirst();
	if (!round || round.kind !== 'practice') return failure('notPractice');
	if (!roundOpen(round, now)) return failure('roundClosed');
	const refused = await eligibility(db, round, userId);
	if (refused) return refused;
	const settings = parseRoundSettings(round.settings);
	return {
		ok: true as const,
		round: {
			id: round.id,
			name: round.name,
			durationMs: round.duration_s * 1000,
			graceMs: round.grace_s * 1000,
			review: round.review_after === 1,
			opensAt: round.opens_at,
			closesAt: round.closes_at
		},
		blueprint: settings.blueprint,
		questions: await practiceBank(db, settings.poolIds)
	};
}

/**
 * Records a practice attempt drawn on the device: the server snapshots the same question
 * versions in the device's order, from its own rows, so the key it grades with is its own.
 * The option ids are the paper's (derived from the seed, as every drawn paper's are).
 * A new attempt is held to what a start is (`start.ts`): the round open, the candidate
 * eligible, the round's limits counted under the candidate's lock (`openWithinLimits`), and a
 * paper its blueprint could have drawn. The client is the candidate's, so nothing of this is
 * taken from it. Idempotent: registering the same attempt again returns a fresh token for it
 * and counts nothing, whenever it comes (it was counted when first recorded).
 *
 * The normal start's "one running attempt" rule is a resume: a start while one runs gets that
 * one back. A paper drawn on the device cannot be resumed into another attempt, so a running
 * one does not stop it; the limits decide.
 */
export async function registerDevicePractice(
	db: Db,
	secret: Buffer,
	input: { userId: string; roundId: string; body: DevicePracticeBody },
	now = Date.now()
): Promise<StartedAttempt | Failure> {
	return retriedOnRoundChange(() => registerOnce(db, secret, input, now));
}

async function registerOnce(
	db: Db,
	secret: Buffer,
	input: { userId: string; roundId: string; body: DevicePracticeBody },
	now: number
): Promise<StartedAttempt | Failure> {
	const { body } = input;
	// The round first: only a practice round's papers are recorded, or given back, here.
	const round = await db.selectFrom('round').selectAll().where('id', '=', input.roundId).executeTakeFirst();
	if (!round || round.kind !== 'practice') return failure('notPractice');
	const held = await db
		.selectFrom('attempt')
		.select('id')
		.where('id', '=', body.attemptId)
		.executeTakeFirst();
	if (held) return recorded(db, secret, input, true, now);

	if (!roundOpen(round, now)) return failure('roundClosed');
	const refused = await eligibility(db, round, input.userId);
	if (refused) return refused;

	const settings = parseRoundSettings(round.settings);
	const versions = await publicVersions(db, settings.poolIds, body.questions);
	const questions = [];
	for (const ref of body.questions) {
		const bankQ = versions.get(ref.id);
		const q = bankQ ? aliasQuestion(body.seed, bankQ) : undefined;
		const ids = q ? new Set(q.options.map((o) => o.id)) : null;
		if (!q || !ids || ref.options.length !== ids.size || !ref.options.every((o) => ids.has(o))) {
			return failure('unknownQuestion');
		}
		questions.push({ ...q, options: ref.options.map((o) => q.options.find((x) => x.id === o)!) });
	}
	if (!fitsBlueprint(questions, settings.blueprint)) return failure('paperNotByBlueprint');
	const paper: Paper = { seed: body.seed, questions };
	const row = newAttemptRow({
		id: body.attemptId,
		round_id: round.id,
		user_id: input.userId,
		seed: body.seed,
		mode: 'home',
		status: 'running',
		created_at: now,
		// A device clock may be off; a practice start is never later than now.
		started_at: Math.min(body.startedAt, now),
		duration_ms: round.duration_s * 1000,
		grace_ms: round.grace_s * 1000
	});
	const opened = await openWithinLimits(db, round, row, JSON.stringify(paper), {
		// The same paper sent twice at once: the second finds the first's attempt.
		held: async (tx) =>
			(await tx.selectFrom('attempt').select('id').where('id', '=', row.id).executeTakeFirst())
				? ('held' as const)
				: undefined,
		opened: () => 'opened' as const
	});
	if (typeof opened !== 'string') return opened;
	return recorded(db, secret, input, opened === 'held', now);
}

/** The attempt the device's paper is recorded as, with a token for the device; only its own. */
async function recorded(
	db: Db,
	secret: Buffer,
	input: { userId: string; roundId: string; body: DevicePracticeBody },
	resumed: boolean,
	now: number
): Promise<StartedAttempt | Failure> {
	const stored = await db
		.selectFrom('attempt')
		.innerJoin('round', 'round.id', 'attempt.round_id')
		.selectAll('attempt')
		.select(['round.name as round_name', 'round.review_after', 'round.kind as round_kind'])
		.where('attempt.id', '=', input.body.attemptId)
		.executeTakeFirstOrThrow();
	// Only the candidate's own practice paper at home: it carries its key. Any other attempt's id
	// (a graded round's, the final's) is taken, whoever sends it, and gives back no paper or token.
	if (
		stored.user_id !== input.userId ||
		stored.round_id !== input.roundId ||
		stored.round_kind !== 'practice' ||
		stored.mode !== 'home'
	)
		return failure('attemptIdTaken');
	const deviceId = input.body.deviceId ?? newDeviceId();
	return {
		ok: true,
		attemptId: stored.id,
		token: issueToken(secret, { kind: 'attempt', attemptId: stored.id, userId: input.userId, deviceId }),
		deviceId,
		paper: readPaper(await readPaperText(db, stored.id)),
		startedAt: stored.started_at!,
		deadline: attemptDeadline(stored)!,
		durationMs: stored.duration_ms,
		graceMs: stored.grace_ms,
		now,
		round: {
			id: stored.round_id,
			name: stored.round_name,
			kind: 'practice',
			tiebreakPrompt: null,
			review: stored.review_after === 1
		},
		resumed
	};
}
