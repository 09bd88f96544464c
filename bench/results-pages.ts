// Times the results pages' server work (what each page's load or endpoint calls) on the
// database named by DATA_DIR or DATABASE_URL, normally the one `npm run seed:large` filled.
//   npx tsx bench/results-pages.ts [--round large] [--runs 5] [--read-only] [--json]
// Prints a table of median milliseconds. Without --read-only it also voids and restores a
// question (timing the re-grade), then finalises and publishes the round to time the public
// page: run it on a seeded copy, not on a live contest.
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';
import { readConfig } from '../src/lib/server/config';
import { openDb, type Db } from '../src/lib/server/db';
import { ensureStanding, invalidateStanding, stampQuery } from '../src/lib/server/results/standing';
import {
	candidateRank,
	organiserResults,
	pageQuery,
	publicResults
} from '../src/lib/server/results/individual';
import { unitResults } from '../src/lib/server/results/units';
import { roundStats } from '../src/lib/server/results/stats';
import { disputeView } from '../src/lib/server/results/dispute';
import { exportResults } from '../src/lib/server/results/exports';
import { certificatesFor } from '../src/lib/server/results/certificates';
import { correctQuestion } from '../src/lib/server/results/regrade';
import { finaliseRound, publishRound, resultRound } from '../src/lib/server/results/publication';

const { values: opts } = parseArgs({
	options: {
		round: { type: 'string', default: 'large' },
		runs: { type: 'string', default: '5' },
		'read-only': { type: 'boolean', default: false },
		json: { type: 'boolean', default: false }
	}
});
const ROUND = opts.round!;
const RUNS = Math.max(1, Number(opts.runs));

interface Row {
	page: string;
	what: string;
	ms: number;
	runs: number;
}
const rows: Row[] = [];

async function time(
	page: string,
	what: string,
	fn: () => Promise<unknown>,
	runs = RUNS,
	before?: () => Promise<unknown>
) {
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		if (before) await before();
		const t0 = performance.now();
		await fn();
		samples.push(performance.now() - t0);
	}
	samples.sort((a, b) => a - b);
	rows.push({ page, what, ms: samples[Math.floor(samples.length / 2)], runs });
}

async function planOf(
	db: Db,
	dialect: string,
	q: { compile(): { sql: string; parameters: readonly unknown[] } }
): Promise<string> {
	const c = q.compile();
	const prefix = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
	const r = await db.executeQuery<Record<string, string>>(
		CompiledQuery.raw(prefix + c.sql, [...c.parameters])
	);
	return r.rows.map((x) => x.detail ?? x['QUERY PLAN']).join(' | ');
}

const config = readConfig();
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const { db } = handle;
const round = await resultRound(db, ROUND);
if (!round) {
	console.error(
		`Không có vòng "${ROUND}". Chạy npm run seed:large trước. (No round "${ROUND}"; run npm run seed:large first.)`
	);
	process.exit(2);
}
const size = await db
	.selectFrom('attempt')
	.select(sql<number>`count(*)`.as('n'))
	.where('round_id', '=', ROUND)
	.executeTakeFirstOrThrow();
const candidates = await db
	.selectFrom('candidate_profile')
	.select(sql<number>`count(*)`.as('n'))
	.executeTakeFirstOrThrow();

// Cold: the first page after attempts changed ranks the whole round again.
if (round.finalisedAt === null)
	await time(
		'any results page',
		'standing rebuilt (attempts changed)',
		() => ensureStanding(db, ROUND),
		Math.min(RUNS, 3),
		() => invalidateStanding(db, ROUND)
	);
await ensureStanding(db, ROUND);
await time('any results page', 'freshness check (nothing changed)', () => ensureStanding(db, ROUND));

const top = await db
	.selectFrom('round_standing')
	.select(['user_id', 'attempt_id'])
	.where('round_id', '=', ROUND)
	.where('position', '=', 1)
	.executeTakeFirstOrThrow();
const someone = await db
	.selectFrom('round_standing as s')
	.innerJoin('app_user as u', 'u.id', 's.user_id')
	.select(['u.phone', 'u.full_name'])
	.where('s.round_id', '=', ROUND)
	.where('s.position', '=', 777)
	.executeTakeFirstOrThrow();
const district = 'cai-be';
const lastPage = Math.ceil((await ensureStanding(db, ROUND))!.summary.participants / 50);

await time('individual', 'page 1', () => organiserResults(db, ROUND, { page: 1, q: '', unitId: null }));
await time('individual', `page ${lastPage} (last)`, () =>
	organiserResults(db, ROUND, { page: lastPage, q: '', unitId: null })
);
await time('individual', 'search by name (“nguyen van”)', () =>
	organiserResults(db, ROUND, { page: 1, q: 'nguyen van', unitId: null })
);
await time('individual', 'search by phone', () =>
	organiserResults(db, ROUND, { page: 1, q: someone.phone ?? '', unitId: null })
);
await time('individual', `unit filter (${district}), page 3`, () =>
	organiserResults(db, ROUND, { page: 3, q: '', unitId: district })
);
await time('units', 'top level, rule best 10', () => unitResults(db, ROUND, { rule: 'bestN', bestN: 10 }));
await time('units', 'drill-down into a district', () => unitResults(db, ROUND, { parentId: district }));
await time(
	'stats',
	'charts, question statistics rebuilt',
	() => roundStats(db, ROUND),
	Math.min(RUNS, 3),
	() => db.updateTable('round_snapshot').set({ questions: null }).where('round_id', '=', ROUND).execute()
);
await time('stats', 'charts (cached)', () => roundStats(db, ROUND));
await time('dispute', 'one attempt, every event', () => disputeView(db, ROUND, top.attempt_id));
await time('dashboard', 'a candidate’s own rank', () => candidateRank(db, ROUND, top.user_id));
await time(
	'export',
	'individual .xlsx',
	() => exportResults(db, ROUND, 'individual', 'xlsx', 'vi'),
	Math.min(RUNS, 3)
);
await time(
	'export',
	'individual .csv',
	() => exportResults(db, ROUND, 'individual', 'csv', 'vi'),
	Math.min(RUNS, 3)
);
await time('export', 'units .xlsx', () => exportResults(db, ROUND, 'units', 'xlsx', 'vi'), Math.min(RUNS, 3));
await time('export', 'certificates .pdf', () => certificatesFor(db, ROUND), Math.min(RUNS, 3));

if (!opts['read-only']) {
	const current = await resultRound(db, ROUND);
	const organiser = await db
		.selectFrom('app_user')
		.select('id')
		.where('role', '=', 'organiser')
		.executeTakeFirstOrThrow();
	if (current && current.finalisedAt === null) {
		const q = (await roundStats(db, ROUND))!.questions[0].questionId;
		await time(
			'questions',
			`void ${q}: re-grade its attempts`,
			() => correctQuestion(db, ROUND, { questionId: q, kind: 'void', reason: 'benchmark' }, organiser.id),
			1
		);
		await time(
			'questions',
			`restore ${q}: re-grade again`,
			() => correctQuestion(db, ROUND, { questionId: q, kind: 'restore', reason: 'benchmark' }, organiser.id),
			1
		);
		await time(
			'decisions',
			'finalise (freezes the standing)',
			() => finaliseRound(db, ROUND, organiser.id),
			1
		);
	}
	await publishRound(db, ROUND, true, organiser.id);
	await time('public', 'page 1', () => publicResults(db, ROUND, { page: 1, q: '', unitId: null }));
	await time('public', 'search by name (consent only)', () =>
		publicResults(db, ROUND, { page: 1, q: 'tran thi', unitId: null })
	);
	await time('public', `unit filter (${district})`, () =>
		publicResults(db, ROUND, { page: 1, q: '', unitId: district })
	);
}

const plans = {
	stamp: await planOf(db, handle.dialect, stampQuery(db, ROUND)),
	page: await planOf(db, handle.dialect, pageQuery(db, ROUND, { audience: 'organiser' }, 200))
};

if (opts.json) {
	console.log(
		JSON.stringify(
			{ dialect: handle.dialect, candidates: Number(candidates.n), attempts: Number(size.n), rows, plans },
			null,
			2
		)
	);
} else {
	console.log(
		`\nResults pages — ${handle.dialect}, ${Number(candidates.n)} candidates, ${Number(size.n)} attempts in round "${ROUND}" (median of up to ${RUNS} runs)\n`
	);
	const w1 = Math.max(...rows.map((r) => r.page.length), 4);
	const w2 = Math.max(...rows.map((r) => r.what.length), 4);
	console.log(`${'page'.padEnd(w1)}  ${'what'.padEnd(w2)}  ${'ms'.padStart(9)}`);
	console.log(`${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ${'-'.repeat(9)}`);
	for (const r of rows)
		console.log(`${r.page.padEnd(w1)}  ${r.what.padEnd(w2)}  ${r.ms.toFixed(1).padStart(9)}`);
	console.log(`\nplan, freshness check: ${plans.stamp}\nplan, individual page 200: ${plans.page}`);
}
await handle.close();
