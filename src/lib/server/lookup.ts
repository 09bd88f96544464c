// The public result look-up: a candidate finds their own score and rank in published rounds
// by SBD or phone plus their year of birth. It answers about that one person only, and is
// rate-limited per key and (generously, a school shares one) per address.
import { z } from 'zod';
import type { Db } from './db';
import { publishedRounds } from './results/publication';
import { personalPrize, type PrizeLevel } from '$lib/exam/collective';
import { failure, type Outcome } from './failure';
import { forgetTries, reserveTry } from './ratelimit';

const WINDOW_MS = 10 * 60 * 1000;
const PER_KEY = 5;
const PER_ADDRESS = 60;
/** Over a day, a person's tries are fewer than the years a birth year could be. */
const DAY_MS = 24 * 3600 * 1000;
const PER_KEY_PER_DAY = 20;
/** The longest window a look-up try counts in (here and sweep.ts forget older ones). */
export const LOOKUP_TRIES_MS = Math.max(WINDOW_MS, DAY_MS);

export const lookupForm = z.object({
	key: z
		.string()
		.trim()
		.min(3)
		.max(30)
		.transform((s) => s.replace(/[\s.-]/g, '').toUpperCase()),
	birthYear: z.coerce.number().int().min(1900).max(2100)
});

export interface LookupRow {
	roundId: string;
	roundName: string;
	rank: number;
	total: number;
	score: number;
	max: number;
	timeUsedMs: number;
	prize: PrizeLevel | null;
}

export type LookupResult = Outcome<{ rows: LookupRow[] }, 'notFound' | 'tooMany'>;

/**
 * Whether one more try is allowed, and if so counted, in one step with the tries side by side
 * (`reserveTry`): read first and counted later, 61 years asked at once were 24 compared.
 */
function reserveLookup(db: Db, key: string, address: string, now: number) {
	return reserveTry(
		db,
		'lookup',
		[
			{ key, windowMs: WINDOW_MS, which: 'all', max: PER_KEY },
			{ key, windowMs: DAY_MS, which: 'all', max: PER_KEY_PER_DAY },
			{ key: `addr:${address}`, windowMs: WINDOW_MS, which: 'all', max: PER_ADDRESS }
		],
		false,
		now
	);
}

export async function lookupResult(
	db: Db,
	input: z.infer<typeof lookupForm>,
	address: string,
	now = Date.now()
): Promise<LookupResult> {
	const phone = input.key.replace(/^\+?84/, '0');
	const bySbd = await db
		.selectFrom('finalist')
		.select('user_id')
		.where('sbd', '=', input.key)
		.executeTakeFirst();
	const byPhone = bySbd
		? undefined
		: await db.selectFrom('app_user').select('id as user_id').where('phone', '=', phone).executeTakeFirst();
	const userId = bySbd?.user_id ?? byPhone?.user_id;
	// One person, one count: by SBD or by phone, whichever way the phone is written (+84…,
	// 84…, 0…), a person's tries are counted together; a key that finds nobody counts alike.
	const tried = await reserveLookup(db, userId ? `user:${userId}` : `key:${phone}`, address, now);
	if (!tried.go) return failure('tooMany', { retryAfterMs: tried.retryAfterMs });
	await forgetTries(db, 'lookup', now - LOOKUP_TRIES_MS);
	if (!userId) return failure('notFound');
	const profile = await db
		.selectFrom('candidate_profile')
		.select('birth_date')
		.where('user_id', '=', userId)
		.executeTakeFirst();
	// The same answer for a wrong year as for no such person: the form reveals nothing.
	if (!profile || Number(profile.birth_date.slice(0, 4)) !== input.birthYear) return failure('notFound');

	const rows: LookupRow[] = [];
	for (const round of await publishedRounds(db)) {
		const me = await db
			.selectFrom('round_standing')
			.select(['rank', 'score', 'max_score', 'time_used_ms'])
			.where('round_id', '=', round.id)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (!me) continue;
		const total = await db
			.selectFrom('round_standing')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('round_id', '=', round.id)
			.executeTakeFirstOrThrow();
		rows.push({
			roundId: round.id,
			roundName: round.name,
			rank: me.rank,
			total: Number(total.n),
			score: me.score,
			max: me.max_score,
			timeUsedMs: me.time_used_ms,
			prize: personalPrize(me.rank, me.score, round.settings.prizes)
		});
	}
	return rows.length ? { ok: true, rows } : failure('notFound');
}
