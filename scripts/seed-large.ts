// Seeds a large data set for the results pages' benchmark: 20,000 candidates and 100,000
// graded attempts (papers drawn from the demo bank, hash-chained answer logs) in a closed
// qualifying round "large", on SQLite (DATA_DIR) or PostgreSQL (DATABASE_URL).
//   npm run seed:large [-- --candidates 20000 --attempts 100000 --no-events]
// One password hash serves every candidate (ThiSinh2026) and rows go in by the thousand,
// so it takes minutes, not hours. Deterministic: the same options give the same data.
import { createHash, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql, type InsertObject, type Insertable } from 'kysely';
import type { Database } from '../src/lib/server/db/schema';
import { readConfig } from '../src/lib/server/config';
import { openDb, type Db } from '../src/lib/server/db';
import { seedDemo, DEMO_PASSWORDS } from '../src/lib/server/demo/seed';
import { demoBlueprint } from '../src/lib/server/demo/blueprint';
import { hashPassword } from '../src/lib/server/password';
import { loadBank } from '../src/lib/server/papers';
import { encodeOutcomes } from '../src/lib/server/results/corrections';
import { drawPaper, type Paper } from '../src/lib/exam/paper';
import { canonicalEvent, TIEBREAK_ID, type AnswerEvent } from '../src/lib/exam/events';
import { mergeAnswers, tiebreakAnswer, type DeviceEvent } from '../src/lib/exam/merge';
import { gradePaper } from '../src/lib/exam/scoring';
import { seededRandom, shuffled, type Random } from '../src/lib/exam/random';

const { values: opts } = parseArgs({
	options: {
		candidates: { type: 'string', default: '20000' },
		attempts: { type: 'string', default: '100000' },
		round: { type: 'string', default: 'large' },
		'no-events': { type: 'boolean', default: false }
	}
});
const CANDIDATES = Number(opts.candidates);
const ATTEMPTS = Number(opts.attempts);
const ROUND = opts.round!;
const WITH_EVENTS = !opts['no-events'];
const DAY = 86400_000;
const WEEK = 7 * DAY;
const MAX_ATTEMPTS = 8;
const TRUTH = 20_000;
if (!(CANDIDATES > 0 && ATTEMPTS >= CANDIDATES && ATTEMPTS <= CANDIDATES * MAX_ATTEMPTS)) {
	console.error(`--attempts must be between --candidates and ${MAX_ATTEMPTS} × --candidates`);
	process.exit(2);
}

const FAMILY = [
	'Nguyễn',
	'Trần',
	'Lê',
	'Phạm',
	'Huỳnh',
	'Hoàng',
	'Phan',
	'Vũ',
	'Võ',
	'Đặng',
	'Bùi',
	'Đỗ',
	'Hồ',
	'Ngô',
	'Dương',
	'Lý',
	'Trương',
	'Đinh'
];
const MIDDLE = [
	'Văn',
	'Thị',
	'Minh',
	'Ngọc',
	'Quốc',
	'Thanh',
	'Hữu',
	'Đức',
	'Thu',
	'Hoài',
	'Gia',
	'Bảo',
	'Kim',
	'Xuân'
];
const GIVEN = [
	'An',
	'Bình',
	'Chi',
	'Dũng',
	'Hà',
	'Hải',
	'Hạnh',
	'Hiếu',
	'Hoa',
	'Hùng',
	'Hương',
	'Khánh',
	'Lan',
	'Linh',
	'Long',
	'Mai',
	'Nam',
	'Nga',
	'Phúc',
	'Phương',
	'Quân',
	'Quyên',
	'Sơn',
	'Tâm',
	'Thảo',
	'Thắng',
	'Trang',
	'Trí',
	'Tuấn',
	'Uyên',
	'Việt',
	'Yến',
	'Đạt',
	'Ánh'
];

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Inserts in slices under the parameters a statement may have (SQLite 32,766; PostgreSQL 65,535). */
async function insertAll<K extends keyof Database & string>(
	db: Db,
	table: K,
	rows: Insertable<Database[K]>[]
) {
	if (rows.length === 0) return;
	const per = Math.max(1, Math.floor(30_000 / Object.keys(rows[0] as object).length));
	for (let i = 0; i < rows.length; i += per) {
		await db
			.insertInto(table)
			.values(rows.slice(i, i + per) as InsertObject<Database, K>[])
			.execute();
	}
}

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const config = readConfig();
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const { db } = handle;
if (handle.dialect === 'sqlite') {
	// A seed can be run again from scratch; no need to wait for the disk on every commit.
	await sql`pragma synchronous = off`.execute(db);
}
await seedDemo(db, { log: () => {} });
if (await db.selectFrom('round').select('id').where('id', '=', ROUND).executeTakeFirst()) {
	console.log(`Vòng "${ROUND}" đã có; không tạo lại. (Round "${ROUND}" exists; nothing done.)`);
	await handle.close();
	process.exit(0);
}

const random = seededRandom(`seed-large:${CANDIDATES}:${ATTEMPTS}`);
const now = Date.now();
const opensAt = now - MAX_ATTEMPTS * WEEK - DAY;
const closesAt = opensAt + MAX_ATTEMPTS * WEEK;
const bank = await loadBank(db, ['secret']);
const topics = [...new Set(bank.map((q) => q.topic))].sort();
const blueprint = demoBlueprint(topics);
await db
	.insertInto('round')
	.values({
		id: ROUND,
		contest_id: 'demo',
		kind: 'qualifying',
		name: 'Vòng loại (dữ liệu lớn)',
		opens_at: opensAt,
		closes_at: closesAt,
		question_count: 30,
		duration_s: 1500,
		grace_s: 120,
		min_age: 12,
		max_attempts: MAX_ATTEMPTS,
		max_attempts_per_week: 1,
		review_after: 0,
		settings: JSON.stringify({
			blueprint,
			poolIds: ['secret'],
			tiebreak: { prompt: 'Dự đoán số lượt thi của vòng loại?', truth: TRUTH }
		}),
		finalised_at: null
	})
	.execute();

// ---------------------------------------------------------------- candidates
const passwordHash = await hashPassword(DEMO_PASSWORDS.candidate);
const units = await db
	.selectFrom('unit')
	.select(['id', 'headcount'])
	.where('parent_id', 'is not', null)
	.execute();
const weight = units.reduce((s, u) => s + Math.max(1, u.headcount), 0);
function unitFor(r: number): string {
	let x = r * weight;
	for (const u of units) if ((x -= Math.max(1, u.headcount)) < 0) return u.id;
	return units[units.length - 1].id;
}
interface Person {
	id: string;
	unitId: string;
	ability: number;
}
const people: Person[] = [];
const users: Insertable<Database['app_user']>[] = [];
const profiles: Insertable<Database['candidate_profile']>[] = [];
for (let i = 0; i < CANDIDATES; i++) {
	const id = randomUUID();
	const year = 1960 + Math.floor(random() * 53);
	const female = random() < 0.52;
	const birth = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
	const minor = year >= 2011;
	const genderCentury = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
	const name = `${pick(random, FAMILY)} ${female ? pick(random, ['Thị', 'Ngọc', 'Thu', 'Kim', 'Xuân']) : pick(random, MIDDLE)} ${pick(random, GIVEN)}`;
	const unitId = unitFor(random());
	people.push({ id, unitId, ability: 0.35 + random() * 0.6 });
	users.push({
		id,
		role: 'candidate' as const,
		full_name: name,
		national_id: `082${genderCentury}${String(year % 100).padStart(2, '0')}${String(500_000 + i).padStart(6, '0')}`,
		phone: `0355${String(i).padStart(6, '0')}`,
		email: null,
		password_hash: passwordHash,
		created_at: opensAt - DAY,
		disabled: 0
	});
	profiles.push({
		user_id: id,
		birth_date: birth,
		gender: female ? ('female' as const) : ('male' as const),
		address: 'Tiền Giang',
		unit_id: unitId,
		guardian_name: minor ? 'Người Giám Hộ' : null,
		guardian_phone: minor ? '0912999999' : null,
		guardian_consent: minor ? 1 : 0,
		publish_name: random() < 0.75 ? 1 : 0
	});
}
await db.transaction().execute(async (tx) => {
	await insertAll(tx, 'app_user', users);
	await insertAll(tx, 'candidate_profile', profiles);
});
console.log(`${CANDIDATES} thí sinh / candidates — ${elapsed()}`);

// ---------------------------------------------------------------- attempts
// Everyone has at least one attempt; the rest are spread at random, at most one a week.
const counts = new Array<number>(CANDIDATES).fill(1);
for (let left = ATTEMPTS - CANDIDATES; left > 0;) {
	const i = Math.floor(random() * CANDIDATES);
	if (counts[i] < MAX_ATTEMPTS) {
		counts[i] += 1;
		left -= 1;
	}
}
// A few hundred distinct papers, each stored in full for every attempt that drew it.
const papers: { seed: string; paper: Paper; json: string }[] = [];
for (let i = 0; i < 400; i++) {
	const seed = `large-${i.toString(16).padStart(4, '0')}`;
	const paper = drawPaper({ bank, blueprint, seed });
	papers.push({ seed, paper, json: JSON.stringify(paper) });
}

const VN = 7 * 3600_000;
/** Midnight in Vietnam of the round's first day. */
const firstMidnight = Math.floor((opensAt + VN) / DAY) * DAY - VN;
const durationMs = 1500_000;
const graceMs = 120_000;
const CHUNK = 2000;
interface Pending {
	attempts: Insertable<Database['attempt']>[];
	papers: Insertable<Database['attempt_paper']>[];
	devices: Insertable<Database['attempt_device']>[];
	outcomes: Insertable<Database['attempt_outcome']>[];
	events: Insertable<Database['answer_event']>[];
}
let pending: Pending = { attempts: [], papers: [], devices: [], outcomes: [], events: [] };
let done = 0;

async function flush() {
	const batch = pending;
	pending = { attempts: [], papers: [], devices: [], outcomes: [], events: [] };
	await db.transaction().execute(async (tx) => {
		await insertAll(tx, 'attempt', batch.attempts);
		await insertAll(tx, 'attempt_paper', batch.papers);
		await insertAll(tx, 'attempt_device', batch.devices);
		await insertAll(tx, 'attempt_outcome', batch.outcomes);
		await insertAll(tx, 'answer_event', batch.events);
	});
}

for (let c = 0; c < CANDIDATES; c++) {
	const person = people[c];
	const weeks = shuffled([...Array(MAX_ATTEMPTS).keys()], random)
		.slice(0, counts[c])
		.sort((a, b) => a - b);
	for (const week of weeks) {
		const attemptId: string = randomUUID();
		const { seed, paper, json } = pick(random, papers);
		// Between 06:00 and 22:00 Vietnam time on a day of that week.
		const startedAt = Math.max(
			opensAt,
			firstMidnight +
				week * WEEK +
				Math.floor(random() * 7) * DAY +
				Math.floor((6 + random() * 16) * 3600_000)
		);
		const usedMs = Math.floor(Math.min(durationMs, 240_000 + random() * 1_300_000));
		const deadline = startedAt + durationMs;
		const submittedAt = startedAt + usedMs + Math.floor(random() * 1500);
		const deviceId = `dev-${attemptId.slice(0, 8)}`;
		const log: AnswerEvent[] = [];
		let prev = attemptId;
		const push = (questionId: string, choice: string | number | null, elapsedMs: number) => {
			const e = { seq: log.length + 1, questionId, choice, at: startedAt + elapsedMs + 300, elapsedMs };
			const hash = sha256(`${prev}\n${canonicalEvent(e)}`);
			log.push({ ...e, hash });
			prev = hash;
		};
		const skill = Math.min(0.97, person.ability + (week / MAX_ATTEMPTS) * 0.08);
		paper.questions.forEach((q, i) => {
			const at = Math.floor(((i + 1) / (paper.questions.length + 2)) * usedMs);
			if (random() < 0.03) return; // left blank
			const hard = Number(q.difficulty) === 3 ? 0.12 : Number(q.difficulty) === 2 ? 0.05 : 0;
			const wrong = q.options.filter((o) => !q.correct.includes(o.id));
			const choose = () => (random() < skill - hard ? q.correct[0] : pick(random, wrong).id);
			if (random() < 0.1) push(q.id, choose(), Math.max(0, at - 5000)); // changed their mind
			push(q.id, choose(), at);
		});
		if (random() < 0.8) push(TIEBREAK_ID, Math.round(TRUTH * (0.5 + random())), usedMs - 2000);
		const late = random() < 0.005;
		const deviceEvents: DeviceEvent[] = log.map((event) => ({ deviceId, counts: true, event }));
		const answers = mergeAnswers(deviceEvents);
		const grade = gradePaper(paper.questions, answers);
		pending.papers.push({ attempt_id: attemptId, paper: json });
		pending.attempts.push({
			id: attemptId,
			round_id: ROUND,
			user_id: person.id,
			seed,
			mode: 'home',
			status: 'submitted',
			created_at: startedAt,
			started_at: startedAt,
			duration_ms: durationMs,
			extension_ms: 0,
			paused_ms: 0,
			paused_since: null,
			grace_ms: graceMs,
			submitted_at: submittedAt,
			submit_reason: 'candidate',
			time_used_ms: Math.min(submittedAt, deadline) - startedAt,
			score: grade.score,
			max_score: grade.max,
			answered: grade.answered,
			tiebreak: tiebreakAnswer(answers),
			graded_at: submittedAt
		});
		pending.outcomes.push({
			attempt_id: attemptId,
			round_id: ROUND,
			outcomes: encodeOutcomes(paper.questions, grade)
		});
		if (WITH_EVENTS) {
			const rows = log.map((e) => ({
				attempt_id: attemptId,
				device_id: deviceId,
				seq: e.seq,
				question_id: e.questionId,
				choice: JSON.stringify(e.choice),
				at: e.at,
				elapsed_ms: e.elapsedMs,
				hash: e.hash,
				digest: sha256(`${e.hash}\n${canonicalEvent(e)}`),
				received_at: startedAt + e.elapsedMs + 800,
				flags: '',
				counts: 1,
				reason: null as string | null
			}));
			if (late) {
				// A device that came back online hours later: kept, shown in the dispute view, not counted.
				const e = {
					seq: log.length + 1,
					questionId: paper.questions[0].id,
					choice: paper.questions[0].options[0].id,
					at: startedAt + usedMs - 1000,
					elapsedMs: usedMs - 1000
				};
				const hash = sha256(`${prev}\n${canonicalEvent(e)}`);
				rows.push({
					attempt_id: attemptId,
					device_id: deviceId,
					seq: e.seq,
					question_id: e.questionId,
					choice: JSON.stringify(e.choice),
					at: e.at,
					elapsed_ms: e.elapsedMs,
					hash,
					digest: sha256(`${hash}\n${canonicalEvent(e)}`),
					received_at: deadline + graceMs + 3 * 3600_000,
					flags: '',
					counts: 0,
					reason: 'late_arrival'
				});
				prev = hash;
			}
			pending.events.push(...rows);
			pending.devices.push({
				attempt_id: attemptId,
				device_id: deviceId,
				acked_seq: rows.length,
				head_hash: prev,
				chain_ok: 1,
				last_seen_at: submittedAt,
				moved_at_elapsed_ms: null
			});
		}
		done += 1;
		if (pending.attempts.length >= CHUNK) {
			await flush();
			if (done % 20_000 === 0) console.log(`  ${done} lượt thi / attempts — ${elapsed()}`);
		}
	}
}
await flush();
console.log(
	`${done} lượt thi / attempts${WITH_EVENTS ? ' với câu trả lời / with answer logs' : ''} — ${elapsed()}`
);
if (handle.dialect === 'postgres') await sql`analyze`.execute(db);
console.log(
	`Xong / done: vòng "${ROUND}" — ${elapsed()}. Thí sinh đăng nhập bằng số điện thoại 0355xxxxxx / ${DEMO_PASSWORDS.candidate}.`
);
await handle.close();
