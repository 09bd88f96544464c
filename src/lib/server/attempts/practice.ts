// Practice drawn on a device: the round's public bank for drawing offline, and recording the
// attempt the device drew so its answers can be synced and graded like any other.
import { z } from 'zod';
import type { Db } from '../db';
import { aliasQuestion, type Paper } from '$lib/exam/paper';
import { parseRoundSettings } from '../round-settings';
import { practiceBank, publicVersions } from '../papers';
import { issueToken } from '../tokens';
import { attemptDeadline, deviceIdSchema } from './wire';
import { failure, type Failure } from '../failure';
import { insertAttempt, newAttemptRow, newDeviceId, type StartedAttempt } from './start';
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

export async function practiceRound(db: Db, roundId: string, now = Date.now()) {
	const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirst();
	if (!round || round.kind !== 'practice') return failure('notPractice');
	if (now >= round.closes_at) return failure('roundClosed');
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
 * Idempotent: registering the same attempt again returns a fresh token for it.
 */
export async function registerDevicePractice(
	db: Db,
	secret: Buffer,
	input: { userId: string; roundId: string; body: DevicePracticeBody },
	now = Date.now()
): Promise<StartedAttempt | Failure> {
	const p = await practiceRound(db, input.roundId, now);
	if (!p.ok) return p;
	const { body } = input;
	const held = await db
		.selectFrom('attempt')
		.select(['user_id', 'round_id', 'started_at'])
		.where('id', '=', body.attemptId)
		.executeTakeFirst();
	if (held && (held.user_id !== input.userId || held.round_id !== input.roundId)) {
		return failure('attemptIdTaken');
	}
	const round = await db
		.selectFrom('round')
		.select(['settings', 'duration_s', 'grace_s'])
		.where('id', '=', input.roundId)
		.executeTakeFirstOrThrow();
	let paper: Paper;
	if (held) {
		paper = readPaper(await readPaperText(db, body.attemptId));
	} else {
		const versions = await publicVersions(db, parseRoundSettings(round.settings).poolIds, body.questions);
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
		paper = { seed: body.seed, questions };
		// A device clock may be off; a practice start is never later than now.
		const startedAt = Math.min(body.startedAt, now);
		const row = newAttemptRow({
			id: body.attemptId,
			round_id: input.roundId,
			user_id: input.userId,
			seed: body.seed,
			mode: 'home',
			status: 'running',
			created_at: now,
			started_at: startedAt,
			duration_ms: round.duration_s * 1000,
			grace_ms: round.grace_s * 1000
		});
		await db.transaction().execute((tx) => insertAttempt(tx, row, JSON.stringify(paper), true));
	}
	const stored = await db
		.selectFrom('attempt')
		.selectAll()
		.where('id', '=', body.attemptId)
		.executeTakeFirstOrThrow();
	const deviceId = body.deviceId ?? newDeviceId();
	return {
		ok: true,
		attemptId: stored.id,
		token: issueToken(secret, { kind: 'attempt', attemptId: stored.id, userId: input.userId, deviceId }),
		deviceId,
		paper,
		startedAt: stored.started_at!,
		deadline: attemptDeadline(stored)!,
		durationMs: stored.duration_ms,
		graceMs: stored.grace_ms,
		now,
		round: {
			id: p.round.id,
			name: p.round.name,
			kind: 'practice',
			tiebreakPrompt: null,
			review: p.round.review
		},
		resumed: held !== undefined
	};
}
