// The result pages' queries are served by indexes, on SQLite (EXPLAIN QUERY PLAN) and PostgreSQL (EXPLAIN with sequential scans made prohibitively expensive, so
// the plan shows whether an index *can* serve the query: on a test-sized table the planner
// would rightly prefer a scan). Timings at 20,000 candidates are in bench/results-pages.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { dialectUnderTest, openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { rankedAttemptsQuery, stampQuery } from '../../src/lib/server/results/standing';
import { ensureStanding } from '../../src/lib/server/results/standing-read';
import { pageQuery, standingQuery } from '../../src/lib/server/results/individual';
import { missingOutcomesQuery, outcomesQuery } from '../../src/lib/server/results/stats';
import { affectedQuery, queueQuery } from '../../src/lib/server/results/regrade';
import { plan } from './plans';

let t: TestDb;
const ROUND = 'qualifying';
const NOW = Date.UTC(2026, 10, 23, 2, 0);
let somePhone = '';
const ATTEMPT_INDEX = /Index.* (using|on) attempt_(round_ranking|round_user|status)/;

/** Tables that grow with the contest: none may be read whole by a result page. */
const BIG = ['attempt', 'round_standing', 'answer_event', 'attempt_outcome', 'app_user', 'candidate_profile'];

beforeAll(async () => {
	t = await openTestDb();
	await seedDemo(t.db, { now: NOW - 86400_000 });
	const units = ['my-tho', 'cai-be', 'so-tttt', 'cho-gao'];
	const users = [];
	const profiles = [];
	const attempts = [];
	for (let i = 0; i < 400; i++) {
		const id = randomUUID();
		const phone = `0981${String(i).padStart(6, '0')}`;
		if (i === 7) somePhone = phone;
		users.push({
			id,
			role: 'candidate' as const,
			full_name: `Thí Sinh ${i}`,
			national_id: `0821900${String(i).padStart(5, '0')}`,
			phone,
			email: null,
			password_hash: 'x',
			created_at: 0,
			disabled: 0
		});
		profiles.push({
			user_id: id,
			birth_date: '1990-01-01',
			gender: 'male' as const,
			address: '',
			unit_id: units[i % 4],
			guardian_name: null,
			guardian_phone: null,
			guardian_consent: 0,
			publish_name: i % 3 === 0 ? 0 : 1
		});
		for (let k = 0; k < 3; k++) {
			const started = NOW - (k + 1) * 86400_000;
			attempts.push({
				id: randomUUID(),
				round_id: ROUND,
				user_id: id,
				seed: 's',
				mode: 'home' as const,
				status: 'submitted' as const,
				created_at: started,
				started_at: started,
				duration_ms: 1500_000,
				extension_ms: 0,
				paused_ms: 0,
				paused_since: null,
				grace_ms: 120_000,
				submitted_at: started + 600_000,
				submit_reason: 'candidate',
				time_used_ms: 600_000 - i,
				score: (i * 7 + k) % 31,
				max_score: 30,
				answered: 30,
				tiebreak: null,
				graded_at: started + 600_000
			});
		}
	}
	for (let i = 0; i < users.length; i += 100) {
		await t.db
			.insertInto('app_user')
			.values(users.slice(i, i + 100))
			.execute();
		await t.db
			.insertInto('candidate_profile')
			.values(profiles.slice(i, i + 100))
			.execute();
	}
	for (let i = 0; i < attempts.length; i += 100)
		await t.db
			.insertInto('attempt')
			.values(attempts.slice(i, i + 100))
			.execute();
	await t.db
		.insertInto('attempt_outcome')
		.values(attempts.slice(0, 600).map((a) => ({ attempt_id: a.id, round_id: ROUND, outcomes: '{}' })))
		.execute();
	await ensureStanding(t.db, ROUND, { now: NOW });
	// PostgreSQL keeps statistics by itself (autovacuum); the app never runs ANALYZE on
	// SQLite, whose planner then takes an equality on an indexed column as selective.
	if (dialectUnderTest === 'postgres') await sql`vacuum analyze`.execute(t.db);
});
afterAll(async () => t?.drop());

/** Fails on a whole-table read of a big table; expects the named index in the plan. */
function expectIndexed(text: string, index: string | RegExp) {
	for (const table of BIG) {
		if (dialectUnderTest === 'sqlite')
			expect(text, text).not.toMatch(new RegExp(`^SCAN (${table}|\\w+ AS)?\\s*\\w*$`, 'm'));
		else expect(text, text).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
	}
	expect(text, text).toMatch(index);
}

describe(`result page query plans (${dialectUnderTest})`, () => {
	it('the freshness stamp and the ranking read use the covering index', async () => {
		// On SQLite the covering index answers both reads without the attempt rows;
		// PostgreSQL may pick any attempt index by cost.
		const index = dialectUnderTest === 'sqlite' ? /COVERING INDEX attempt_round_ranking/ : ATTEMPT_INDEX;
		expectIndexed(await plan(t.db, stampQuery(t.db, ROUND)), index);
		expectIndexed(await plan(t.db, rankedAttemptsQuery(t.db, ROUND)), index);
	});

	it('an individual page is an index range by position, whatever the page', async () => {
		const q = pageQuery(t.db, ROUND, { audience: 'organiser' }, 5);
		const text = await plan(t.db, q);
		expectIndexed(text, /round_standing_position/);
		if (dialectUnderTest === 'sqlite')
			expect(text).toMatch(/round_standing_position \(round_id=\? AND position>\? AND position<\?\)/);
	});

	it('a unit filter uses the unit index, or walks the position index for a unit and its sub-units', async () => {
		expectIndexed(
			await plan(t.db, pageQuery(t.db, ROUND, { audience: 'organiser', unitIds: ['my-tho'] }, 2)),
			/round_standing_unit/
		);
		expectIndexed(
			await plan(t.db, pageQuery(t.db, ROUND, { audience: 'organiser', unitIds: ['my-tho', 'cai-be'] }, 1)),
			/round_standing_(unit|position)/
		);
	});

	it('a phone search goes through the phone index', async () => {
		const q = pageQuery(
			t.db,
			ROUND,
			{ audience: 'organiser', search: { kind: 'phone', value: somePhone } },
			1
		);
		expectIndexed(
			await plan(t.db, q),
			dialectUnderTest === 'sqlite' ? /app_user.*(INDEX|PRIMARY KEY)/ : /app_user_phone_key/
		);
	});

	it('a name search reads the round’s standing by index, and the public one checks consent by key', async () => {
		const organiser = await plan(
			t.db,
			standingQuery(t.db, ROUND, {
				audience: 'organiser',
				search: { kind: 'name', value: 'thi sinh 1' }
			}).select('s.user_id')
		);
		expectIndexed(organiser, /round_standing/);
		const pub = await plan(
			t.db,
			pageQuery(t.db, ROUND, { audience: 'public', search: { kind: 'name', value: 'thi sinh 1' } }, 1)
		);
		expectIndexed(pub, /candidate_profile/);
	});

	it('question statistics read outcomes by round', async () => {
		expectIndexed(await plan(t.db, outcomesQuery(t.db, ROUND)), /attempt_outcome_round/);
		expectIndexed(
			await plan(t.db, missingOutcomesQuery(t.db, ROUND)),
			dialectUnderTest === 'sqlite' ? /attempt_round_ranking/ : ATTEMPT_INDEX
		);
	});

	it('a re-grading job finds the attempts with a question by index, and takes its queue by key', async () => {
		expectIndexed(
			await plan(t.db, affectedQuery(t.db, ROUND, ['q001']).select('attempt.id')),
			dialectUnderTest === 'sqlite' ? /attempt_round_ranking/ : ATTEMPT_INDEX
		);
		expectIndexed(await plan(t.db, queueQuery(t.db, ROUND).select('attempt_id').limit(250)), /regrade_item/);
	});

	it('the dispute view reads one attempt’s events by key', async () => {
		const q = t.db
			.selectFrom('answer_event')
			.selectAll()
			.where('attempt_id', '=', 'x')
			.orderBy('device_id')
			.orderBy('seq')
			.orderBy('id');
		expectIndexed(await plan(t.db, q), /answer_event_key|sqlite_autoindex_answer_event/);
	});
});
