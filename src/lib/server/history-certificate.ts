// A candidate's own certificate: one page of the organiser's certificate set, the one that is
// theirs (matched by their standing row, not by name). It is made from what that page prints
// only (the candidate's standing row, the round, the contest's name, the place), never from
// every winner and unit ranking of the round, and kept in memory (`CACHE_*`): asked again, the
// same bytes are sent without making the PDF again. The cache is keyed by everything printed
// and by when the round was finalised and published, so a re-published or renamed round, a
// changed prize, name or unit, or a new day (the date printed is the day it is issued) makes a
// new PDF. Making one is bounded per person (`RENDERS_PER_USER` in `RENDER_WINDOW_MS`), per
// server process: the bound guards the process's own event loop, which the tablets share.
import type { Db } from './db';
import { certificatesPdf, personalCertificate, placeOf, type CertificateSet } from './results/certificates';
import { personalPrize } from '$lib/exam/collective';
import { resultRound } from './results/publication';
import { vietnamDay } from './results/standing';
import { currentContest } from './contest';
import { failure, type Outcome } from './failure';

/** At most this many certificates kept, and at most this many bytes of them (~16 KB each). */
export const CACHE_ENTRIES = 500;
export const CACHE_BYTES = 32 * 1024 * 1024;
/** A person may have this many certificates made in a window; one served from the cache is free. */
export const RENDERS_PER_USER = 5;
export const RENDER_WINDOW_MS = 60_000;

interface Held {
	version: string;
	pdf: Buffer;
}

/** (round, person) → their latest certificate, least recently used first (a Map keeps insertion order). */
const cache = new Map<string, Held>();
let cachedBytes = 0;
/** Person → when their certificates were made in the current window, oldest first. */
const renders = new Map<string, number[]>();

function remember(key: string, held: Held) {
	forget(key);
	cache.set(key, held);
	cachedBytes += held.pdf.length;
	for (const [k] of cache) {
		if (cache.size <= CACHE_ENTRIES && cachedBytes <= CACHE_BYTES) break;
		forget(k);
	}
}

function forget(key: string) {
	const held = cache.get(key);
	if (!held) return;
	cache.delete(key);
	cachedBytes -= held.pdf.length;
}

/** Counts one certificate made for `userId` at `now`, or says how long until one may be. */
function reserveRender(userId: string, now: number): { go: true } | { go: false; retryAfterMs: number } {
	const since = now - RENDER_WINDOW_MS;
	const times = (renders.get(userId) ?? []).filter((t) => t > since);
	if (times.length >= RENDERS_PER_USER) {
		renders.set(userId, times);
		return { go: false, retryAfterMs: times[0] + RENDER_WINDOW_MS - now };
	}
	times.push(now);
	renders.set(userId, times);
	// People whose window has passed are forgotten, so the map holds only the last window's.
	if (renders.size > 1000) for (const [u, ts] of renders) if (ts[ts.length - 1] <= since) renders.delete(u);
	return { go: true };
}

/** Empties the cache and the counts (tests). */
export function resetCertificateCache() {
	cache.clear();
	cachedBytes = 0;
	renders.clear();
}

export type MyCertificate = Outcome<{ pdf: Buffer }, 'notFound' | 'tooManyCertificates'>;

/**
 * The candidate's certificate for the round: notFound unless the round is published and they
 * won a prize in it; tooManyCertificates (with `retryAfterMs`) when they had too many made.
 */
export async function myCertificate(
	db: Db,
	roundId: string,
	userId: string,
	now = Date.now()
): Promise<MyCertificate> {
	const round = await resultRound(db, roundId, now);
	if (!round || round.state !== 'published') return failure('notFound');
	// A published round is finalised, and its standing was built then and stays as it is.
	const me = await db
		.selectFrom('round_standing as s')
		.innerJoin('app_user as u', 'u.id', 's.user_id')
		.leftJoin('unit', 'unit.id', 's.unit_id')
		// Someone on the exclusion list gets no certificate (certificates.ts prizeWinners says why).
		.leftJoin('exclusion as x', 'x.national_id', 'u.national_id')
		.select([
			's.rank',
			's.score',
			's.max_score',
			's.time_used_ms',
			'u.full_name',
			'unit.name as unit_name',
			'x.national_id as listed'
		])
		.where('s.round_id', '=', roundId)
		.where('s.user_id', '=', userId)
		.executeTakeFirst();
	const prize = me && me.listed === null ? personalPrize(me.rank, me.score, round.settings.prizes) : null;
	if (!me || !prize) return failure('notFound');
	const certificate = personalCertificate(me, prize);
	const contest = await currentContest(db);
	const roots = await db.selectFrom('unit').select('name').where('parent_id', 'is', null).limit(2).execute();
	const set: Omit<CertificateSet, 'issuedAt'> = {
		contestName: contest?.name ?? '',
		roundName: round.name,
		place: placeOf(roots),
		certificates: [certificate]
	};
	const version = JSON.stringify([round.finalisedAt, round.publishedAt, vietnamDay(now), set]);
	const key = `${roundId}\n${userId}`;
	const held = cache.get(key);
	if (held?.version === version) {
		remember(key, held);
		return { ok: true, pdf: held.pdf };
	}
	const reserved = reserveRender(userId, now);
	if (!reserved.go) return failure('tooManyCertificates', { retryAfterMs: reserved.retryAfterMs });
	const pdf = await certificatesPdf({ ...set, issuedAt: now });
	remember(key, { version, pdf });
	return { ok: true, pdf };
}
