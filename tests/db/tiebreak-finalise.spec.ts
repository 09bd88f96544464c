// The tie-break value and the prizes decide who wins among equals, so what is finalised and
// published follows them (a review: the value typed after the round closed left the ranking as
// it was built before, and finalising froze that order; prizes could be changed under a
// published page). On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { candidate, createRound, takeAttempt, TRUTH } from './results-fixture';
import { getRound, inputOf, updateRound } from '../../src/lib/server/rounds';
import { ensureStanding } from '../../src/lib/server/results/standing-read';
import { organiserResults } from '../../src/lib/server/results/individual';
import {
	finaliseRound,
	publishRound,
	resultRound,
	savePrizes
} from '../../src/lib/server/results/publication';

let t: TestDb;
let organiser = '';
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const T = NOW - 1800_000;
/** createRound's rounds close an hour after NOW. */
const AFTER = NOW + 2 * 3600_000;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 86400_000));
});
afterAll(async () => t?.drop());

async function setTruth(roundId: string, truth: number | null, now: number) {
	const round = (await getRound(t.db, roundId))!;
	const input = inputOf(round);
	return updateRound(
		t.db,
		roundId,
		{ ...input, tiebreak: { prompt: input.tiebreak!.prompt, truth } },
		organiser,
		now
	);
}

async function order(roundId: string): Promise<string[]> {
	const r = (await organiserResults(t.db, roundId, { page: 1, q: '', unitId: null }))!;
	return r.rows.map((row) => row.fullName);
}

describe('the tie-break value', () => {
	let roundId = '';
	beforeAll(async () => {
		roundId = await createRound(t.db, NOW, 'r-tb-truth');
		// Equal scores and equal time: only the prediction tells them apart.
		const guesses: [string, number | null][] = [
			['An 150', 150],
			['Bình 90', 90],
			['Chi không đoán', null]
		];
		for (const [i, [name, guess]] of guesses.entries()) {
			const p = await candidate(t.db, name, 'my-tho');
			await takeAttempt(t.db, roundId, p.id, { at: T + i * 1000, usedS: 200, tiebreak: guess });
		}
	});

	it('changed after the ranking was built reorders it, and finalising freezes the new order', async () => {
		expect(TRUTH).toBe(100);
		await ensureStanding(t.db, roundId, { now: NOW });
		// 90 is 10 from 100, 150 is 50 away; no guess comes last.
		expect(await order(roundId)).toEqual(['Bình 90', 'An 150', 'Chi không đoán']);
		expect(await setTruth(roundId, 140, NOW + 60_000)).toEqual({ ok: true, id: roundId });
		expect(await finaliseRound(t.db, roundId, organiser, AFTER)).toEqual({ ok: true });
		// 150 is 10 from 140, 90 is 50 away.
		expect(await order(roundId)).toEqual(['An 150', 'Bình 90', 'Chi không đoán']);
	});

	it('must be known before the round is finalised', async () => {
		const other = await createRound(t.db, NOW, 'r-tb-missing');
		const p = await candidate(t.db, 'Dung', 'my-tho');
		await takeAttempt(t.db, other, p.id, { at: T, usedS: 200, tiebreak: 7 });
		// Written as the form saves it when the value is left for later (the round shares the first
		// one's secret pool, which the form would refuse, so the row is written here).
		const withTruth = async (truth: number | null) => {
			const { settings } = (await getRound(t.db, other))!;
			const s = JSON.parse(settings) as { tiebreak: { prompt: string; truth: number | null } };
			s.tiebreak.truth = truth;
			await t.db
				.updateTable('round')
				.set({ settings: JSON.stringify(s) })
				.where('id', '=', other)
				.execute();
		};
		await withTruth(null);
		expect(await finaliseRound(t.db, other, organiser, AFTER)).toMatchObject({
			ok: false,
			code: 'noTiebreakTruth'
		});
		expect((await getRound(t.db, other))!.finalised_at).toBeNull();
		await withTruth(8);
		expect(await finaliseRound(t.db, other, organiser, AFTER)).toEqual({ ok: true });
	});
});

describe('the prizes of a published round', () => {
	it('are changed only after the results are taken off the public page', async () => {
		const roundId = await createRound(t.db, NOW, 'r-tb-prizes');
		const p = await candidate(t.db, 'Giang', 'my-tho');
		await takeAttempt(t.db, roundId, p.id, { at: T, usedS: 200, tiebreak: 100 });
		expect(await finaliseRound(t.db, roundId, organiser, AFTER)).toEqual({ ok: true });
		const prizes = { first: 1, second: 0, third: 0, consolation: 0 };
		const units = { first: 0, second: 0, third: 0, consolation: 0 };
		// Finalised but not yet published: the prizes are still being decided.
		expect(await savePrizes(t.db, roundId, prizes, units, 1, organiser, AFTER)).toEqual({ ok: true });
		expect(await publishRound(t.db, roundId, true, organiser, AFTER)).toEqual({ ok: true });
		const changed = { ...prizes, second: 3 };
		expect(await savePrizes(t.db, roundId, changed, units, 1, organiser, AFTER)).toMatchObject({
			ok: false,
			code: 'publishedSettings'
		});
		expect((await resultRound(t.db, roundId, AFTER))!.settings.prizes).toEqual(prizes);
		expect(await publishRound(t.db, roundId, false, organiser, AFTER)).toEqual({ ok: true });
		expect(await savePrizes(t.db, roundId, changed, units, 1, organiser, AFTER)).toEqual({ ok: true });
		expect((await resultRound(t.db, roundId, AFTER))!.settings.prizes).toEqual(changed);
	});
});
