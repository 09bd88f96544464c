// Results, units and awards on SQLite and PostgreSQL: the ranking and unit figures against
// hand-computed expectations (ties included), voiding and re-keying a question, finalising
// and publishing, the public listing's privacy, and the exports read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openDemoDb, type TestDb } from './testdb';
import { candidate, createRound, takeAttempt, type Person } from './results-fixture';
import { organiserResults, publicResults, candidateRank } from '../../src/lib/server/results/individual';
import { roundRanking } from '../../src/lib/server/results';
import { unitResults } from '../../src/lib/server/results/units';
import { correctQuestion, regradeProgress, regradeRound } from '../../src/lib/server/results/regrade';
import {
	finaliseRound,
	publishRound,
	saveResultSettings,
	DEFAULT_SETTINGS
} from '../../src/lib/server/results/publication';
import { roundStats } from '../../src/lib/server/results/stats';
import { disputeView } from '../../src/lib/server/results/dispute';
import { individualTable, toCsv, toXlsx, unitTable } from '../../src/lib/server/results/exports';
import { certificatesPdf, prizeWinners } from '../../src/lib/server/results/certificates';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent } from '../../src/lib/exam/events';

let t: TestDb;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const T = NOW - 1800_000; // every attempt starts here unless said otherwise
const FIX = T + 4 * 3600_000; // corrections come after every grading above, as on a real clock
let roundId: string;
let organiser: string;
const p: Record<string, Person> = {};
const attempts: Record<string, string> = {};

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 86400_000));
	roundId = await createRound(t.db, NOW);
	p.an = await candidate(t.db, 'Nguyễn Văn An', 'my-tho');
	p.binh = await candidate(t.db, 'Trần Thị Bình', 'my-tho');
	p.chi = await candidate(t.db, 'Lê Minh Chí', 'cai-be', false);
	p.dung = await candidate(t.db, 'Phạm Quốc Dũng', 'cai-be');
	p.em = await candidate(t.db, 'Đỗ Thị Em', 'so-tttt');
	p.giang = await candidate(t.db, 'Võ Hà Giang', 'so-tttt');
	// Hand-computed (6 questions, tie-break truth 100):
	attempts.an = await takeAttempt(t.db, roundId, p.an.id, { at: T, usedS: 300, tiebreak: 130 }); //        6/6
	attempts.binh = await takeAttempt(t.db, roundId, p.binh.id, {
		at: T,
		usedS: 200,
		wrong: ['q1'],
		tiebreak: 95
	}); // 5/6, 5 off
	attempts.chi = await takeAttempt(t.db, roundId, p.chi.id, {
		at: T,
		usedS: 200,
		wrong: ['q1'],
		tiebreak: 105
	}); //  5/6, 5 off: equal to Bình
	attempts.dung = await takeAttempt(t.db, roundId, p.dung.id, {
		at: T,
		usedS: 200,
		wrong: ['q2'],
		tiebreak: 100
	}); // 5/6, exact
	attempts.em1 = await takeAttempt(t.db, roundId, p.em.id, {
		at: T - 600_000,
		usedS: 100,
		wrong: ['q1', 'q2', 'q3']
	}); // 3/6
	attempts.em = await takeAttempt(t.db, roundId, p.em.id, { at: T, usedS: 250, wrong: ['q1'] }); //                    5/6, slower
	attempts.giang = await takeAttempt(t.db, roundId, p.giang.id, {
		at: T,
		usedS: 100,
		skip: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6']
	}); // 0/6
});
afterAll(async () => t?.drop());

const names = (rows: { fullName: string; rank: number; score: number; max: number }[]) =>
	rows.map((r) => [r.fullName, r.rank, `${r.score}/${r.max}`]);

async function listing(q = '', unitId: string | null = null) {
	const r = await organiserResults(t.db, roundId, { page: 1, q, unitId });
	if (!r) throw new Error('no results');
	return r;
}

describe('individual ranking', () => {
	it('ranks best attempts by score, time, tie-break and submission, sharing equal places', async () => {
		const r = await listing();
		expect(names(r.rows)).toEqual([
			['Nguyễn Văn An', 1, '6/6'],
			['Phạm Quốc Dũng', 2, '5/6'],
			['Trần Thị Bình', 3, '5/6'],
			['Lê Minh Chí', 3, '5/6'],
			['Đỗ Thị Em', 5, '5/6'],
			['Võ Hà Giang', 6, '0/6']
		]);
		expect(r.rows.find((x) => x.fullName === 'Đỗ Thị Em')).toMatchObject({
			attempts: 2,
			attemptId: attempts.em,
			timeUsedMs: 250_000
		});
		expect(r.participants).toBe(6);
		// Giang's 0/6 is ranked sixth, within the places, and wins nothing: no point, no prize.
		expect(r.rows.map((x) => x.prize)).toEqual(['first', 'second', 'second', 'second', 'third', null]);
	});

	it('searches by name without diacritics, by phone and by national id, and filters by unit', async () => {
		expect(names((await listing('tran thi binh')).rows)).toEqual([['Trần Thị Bình', 3, '5/6']]);
		expect((await listing(p.dung.phone)).rows.map((r) => r.fullName)).toEqual(['Phạm Quốc Dũng']);
		expect((await listing(p.giang.nationalId)).rows.map((r) => r.fullName)).toEqual(['Võ Hà Giang']);
		expect((await listing('', 'cai-be')).rows.map((r) => r.fullName)).toEqual([
			'Phạm Quốc Dũng',
			'Lê Minh Chí'
		]);
		// A unit filter takes in the units below: the province holds everyone.
		expect((await listing('', 'tg')).total).toBe(6);
		expect((await listing('100%_')).total).toBe(0);
	});

	it('keeps roundRanking and the candidate’s own rank in step with the standing', async () => {
		expect((await roundRanking(t.db, roundId)).map((r) => r.rank)).toEqual([1, 2, 3, 3, 5, 6]);
		expect(await candidateRank(t.db, roundId, p.em.id, NOW)).toEqual({ rank: 5, total: 6 });
	});

	it('keeps the standing when another device’s answer arrives after the submit', async () => {
		// Giang's second device sends an answer made in time, arriving within grace but after
		// Giang submitted on the first: kept, not counted (closed means closed, issue 10).
		const e = await chainEvent(attempts.giang, {
			seq: 1,
			questionId: 'q1',
			choice: 'q1-a',
			at: T + 1000,
			elapsedMs: 1000
		});
		const stored = await ingestBatch(t.db, attempts.giang, { deviceId: 'dev-2', events: [e] }, T + 110_000);
		expect(stored.ok).toBe(true);
		const row = (await listing()).rows.find((r) => r.fullName === 'Võ Hà Giang');
		expect(row).toMatchObject({ score: 0, rank: 6 });
		const kept = await t.db
			.selectFrom('answer_event')
			.select(['counts', 'reason'])
			.where('attempt_id', '=', attempts.giang)
			.executeTakeFirstOrThrow();
		expect(kept).toEqual({ counts: 0, reason: 'after_submit' });
	});
});

describe('collective ranking', () => {
	it('rolls up participants, rate, attempts, average and best-N per unit, with ties', async () => {
		const r = await unitResults(t.db, roundId, { rule: 'bestN', bestN: 2 });
		const row = (id: string) => r!.rows.find((x) => x.unit.id === id)!;
		expect(row('my-tho')).toMatchObject({
			rank: 1,
			participants: 2,
			attempts: 2,
			average: 5.5,
			bestN: 5.5,
			headcount: 1800
		});
		expect(row('my-tho').rate).toBeCloseTo(2 / 1800, 12);
		expect(row('cai-be')).toMatchObject({ rank: 2, participants: 2, attempts: 2, average: 5, bestN: 5 });
		// Em's best 5 and Giang's 0 (the late answer does not count): average 2.5, best 2 = 2.5.
		expect(row('so-tttt')).toMatchObject({ rank: 3, participants: 2, attempts: 3, average: 2.5, bestN: 2.5 });
		// Units nobody from took part in are listed after, unranked (issue 13.11).
		expect(row('so-y-te')).toMatchObject({ rank: null, participants: 0, bestN: 0, average: null });
		expect(r!.rows.filter((x) => x.rank === null).length).toBe(r!.rows.length - 3);
		expect(r!.total).toMatchObject({ participants: 6, attempts: 7 });
	});

	it('ranks by participants with a three-way tie, and by attempts', async () => {
		const byPeople = await unitResults(t.db, roundId, { rule: 'participants', bestN: 2 });
		expect(byPeople!.rows.slice(0, 4).map((x) => [x.unit.id, x.rank])).toEqual([
			['my-tho', 1],
			['cai-be', 1],
			['so-tttt', 1],
			['tx-go-cong', null]
		]);
		const byAttempts = await unitResults(t.db, roundId, { rule: 'attempts', bestN: 2 });
		expect(byAttempts!.rows.slice(0, 3).map((x) => [x.unit.id, x.rank])).toEqual([
			['so-tttt', 1],
			['my-tho', 2],
			['cai-be', 2]
		]);
	});
});

describe('statistics and the dispute view', () => {
	it('counts correct answers per question and the score distribution', async () => {
		const s = (await roundStats(t.db, roundId))!;
		expect(s.summary).toMatchObject({ participants: 6, attempts: 7, fullMarks: 6 });
		expect(s.summary.histogram).toEqual([1, 0, 0, 0, 0, 4, 1]);
		const q1 = s.questions.find((q) => q.questionId === 'q1')!;
		// q1: on 7 papers; right for An and Dũng (not Giang's late answer); B chosen by Bình, Chí, Em twice.
		expect(q1).toMatchObject({ shown: 7, answered: 6, correct: 2 });
		expect(q1.options.map((o) => [o.letter, o.chosen, o.key])).toEqual([
			['A', 2, true],
			['B', 4, false],
			['C', 0, false],
			['D', 0, false]
		]);
		expect(s.questions[0].questionId).toBe('q1'); // the hardest first
	});

	it('shows every event of every device with whether it counted', async () => {
		const v = (await disputeView(t.db, roundId, attempts.giang))!;
		expect(v.devices.map((d) => [d.deviceId, d.events])).toEqual([
			['dev-1', 0],
			['dev-2', 1]
		]);
		expect(v.events).toHaveLength(1);
		expect(v.events[0]).toMatchObject({
			questionNo: expect.any(Number),
			counts: false,
			reason: 'after_submit'
		});
		expect(v.questions.find((q) => q.questionId === 'q1')).toMatchObject({ outcome: 'unanswered' });
		const late = await chainEvent(attempts.an, {
			seq: 7,
			questionId: 'q2',
			choice: 'q2-c',
			at: T + 5000,
			elapsedMs: 5000
		});
		// Arrives long after deadline + grace: kept, not counted, reason given.
		await ingestBatch(
			t.db,
			attempts.an,
			{ deviceId: 'dev-9', events: [{ ...late, seq: 1 }] },
			T + 3 * 3600_000
		);
		const an = (await disputeView(t.db, roundId, attempts.an))!;
		const kept = an.events.find((e) => e.deviceId === 'dev-9')!;
		expect(kept).toMatchObject({ counts: false, reason: 'late_arrival' });
		expect(an.attempt.score).toBe(6);
	});
});

describe('voiding and re-keying a question', () => {
	it('voids q1: every affected attempt is re-scored and re-ranked, and audited', async () => {
		const r = await correctQuestion(
			t.db,
			roundId,
			{ questionId: 'q1', kind: 'void', reason: 'Đáp án A sai' },
			organiser,
			{ now: FIX }
		);
		expect(r).toMatchObject({ ok: true, report: { attempts: 7 } });
		// Shares of 5: Bình, Chí 5/5 at 200 s; Em 5/5 at 250 s; An 5/5 at 300 s; Dũng 4/5; Giang 0/5.
		expect(names((await listing()).rows)).toEqual([
			['Trần Thị Bình', 1, '5/5'],
			['Lê Minh Chí', 1, '5/5'],
			['Đỗ Thị Em', 3, '5/5'],
			['Nguyễn Văn An', 4, '5/5'],
			['Phạm Quốc Dũng', 5, '4/5'],
			['Võ Hà Giang', 6, '0/5']
		]);
		const log = await t.db
			.selectFrom('audit_log')
			.select(['action', 'target'])
			.where('action', 'like', 'results.%')
			.execute();
		expect(log.map((l) => l.action)).toEqual(['results.question_voided', 'results.regraded']);
		expect(
			JSON.parse(
				(
					await t.db
						.selectFrom('audit_log')
						.select('detail')
						.where('action', '=', 'results.regraded')
						.executeTakeFirstOrThrow()
				).detail
			)
		).toMatchObject({ attempts: 7, changed: 7 }); // every maximum fell from 6 to 5
		const s = (await roundStats(t.db, roundId))!;
		expect(s.questions.find((q) => q.questionId === 'q1')!.correction).toBe('void');
	});

	it('restores q1, then accepts option B of q2 as well: Dũng’s answer becomes right', async () => {
		await correctQuestion(
			t.db,
			roundId,
			{ questionId: 'q1', kind: 'restore', reason: 'Huỷ nhầm câu hỏi' },
			organiser,
			{ now: FIX + 1 }
		);
		expect((await listing()).rows.map((r) => r.fullName)[0]).toBe('Nguyễn Văn An');
		const r = await correctQuestion(
			t.db,
			roundId,
			{ questionId: 'q2', kind: 'key', correct: ['q2-a', 'q2-b'], reason: 'Cả A và B đều đúng' },
			organiser,
			{ now: FIX + 2 }
		);
		expect(r.ok).toBe(true);
		expect(names((await listing()).rows).slice(0, 2)).toEqual([
			['Phạm Quốc Dũng', 1, '6/6'],
			['Nguyễn Văn An', 2, '6/6']
		]);
		expect(
			await correctQuestion(
				t.db,
				roundId,
				{ questionId: 'q2', kind: 'key', correct: ['zz'], reason: 'sai' },
				organiser,
				{ now: FIX }
			)
		).toEqual({ ok: false, code: 'badKey' });
	});

	it('re-grades in the background: the job is in the database and reports its progress', async () => {
		const r = await correctQuestion(
			t.db,
			roundId,
			{ questionId: 'q5', kind: 'void', reason: 'Câu 5 in sai' },
			organiser,
			{ now: FIX + 3, wait: false }
		);
		expect(r).toEqual({ ok: true });
		// The job is this request's, in the database; the page shows how far it is. (It runs on
		// a connection of its own on PostgreSQL, so it may already be done when read here.)
		const during = await regradeProgress(t.db, roundId);
		expect(during).toMatchObject({ requestedAt: FIX + 3 });
		for (let i = 0; i < 100 && (await regradeProgress(t.db, roundId))!.finishedAt === null; i++)
			await new Promise((res) => setTimeout(res, 50));
		expect(await regradeProgress(t.db, roundId)).toMatchObject({ pending: 0, done: 7 });
		expect((await listing()).rows[0]).toMatchObject({ fullName: 'Phạm Quốc Dũng', score: 5, max: 5 });
		await correctQuestion(
			t.db,
			roundId,
			{ questionId: 'q5', kind: 'restore', reason: 'In lại đúng' },
			organiser,
			{ now: FIX + 4 }
		);
		expect(await regradeRound(t.db, roundId, organiser, FIX + 5)).toEqual({ attempts: 7, changed: 0 });
		expect((await listing()).rows[0]).toMatchObject({ fullName: 'Phạm Quốc Dũng', score: 6, max: 6 });
	});
});

describe('finalising and publishing', () => {
	it('refuses to finalise an open round, then finalises, freezes and publishes it', async () => {
		expect(await publicResults(t.db, roundId, { page: 1, q: '', unitId: null })).toBeNull();
		expect(await finaliseRound(t.db, roundId, organiser, NOW)).toEqual({
			ok: false,
			code: 'stillOpen',
			params: { closesAt: NOW + 3600_000 } // createRound closes an hour after NOW
		});
		expect(await publishRound(t.db, roundId, true, organiser, NOW)).toEqual({
			ok: false,
			code: 'notFinalised'
		});
		const after = FIX + 3600_000;
		expect(await finaliseRound(t.db, roundId, organiser, after)).toEqual({ ok: true });
		expect(
			await correctQuestion(
				t.db,
				roundId,
				{ questionId: 'q3', kind: 'void', reason: 'quá muộn' },
				organiser,
				{ now: after }
			)
		).toEqual({ ok: false, code: 'finalised' });
		expect(await publishRound(t.db, roundId, true, organiser, after)).toEqual({ ok: true });
		const pub = (await publicResults(t.db, roundId, { page: 1, q: '', unitId: null }))!;
		expect(pub.rows.map((r) => r.name)).toEqual([
			'Phạm Quốc Dũng',
			'Nguyễn Văn An',
			'Trần Thị Bình',
			'L. M. C.',
			'Đỗ Thị Em',
			'Võ Hà Giang'
		]);
	});

	it('shows the public no private data and finds no name published without consent', async () => {
		const pub = (await publicResults(t.db, roundId, { page: 1, q: '', unitId: null }))!;
		const text = JSON.stringify(pub);
		for (const who of Object.values(p)) {
			expect(text).not.toContain(who.nationalId);
			expect(text).not.toContain(who.phone);
			expect(text).not.toContain(who.birthDate);
		}
		expect(text).not.toContain('Lê Minh Chí');
		expect(text).not.toContain('Chí');
		expect((await publicResults(t.db, roundId, { page: 1, q: 'Lê Minh Chí', unitId: null }))!.total).toBe(0);
		expect((await publicResults(t.db, roundId, { page: 1, q: 'le minh', unitId: null }))!.total).toBe(0);
		expect((await publicResults(t.db, roundId, { page: 1, q: p.an.phone, unitId: null }))!.total).toBe(0);
		expect(
			(await publicResults(t.db, roundId, { page: 1, q: 'nguyen van an', unitId: null }))!.rows.map(
				(r) => r.name
			)
		).toEqual(['Nguyễn Văn An']);
	});
});

describe('exports', () => {
	it('writes the individual results to .xlsx and .csv that read back to the same table', async () => {
		const table = (await individualTable(t.db, roundId, 'vi'))!;
		expect(table.rows).toHaveLength(6);
		expect(table.rows[0].slice(0, 9)).toEqual([
			1,
			'Phạm Quốc Dũng',
			p.dung.birthDate,
			p.dung.nationalId,
			'Huyện Cái Bè',
			p.dung.phone,
			'Tiền Giang', // the address the fixture registers
			6,
			6
		]);
		expect(table.headers.slice(0, 7)).toEqual([
			'Hạng',
			'Họ và tên',
			'Ngày sinh',
			'Số CCCD',
			'Đơn vị',
			'Số điện thoại',
			'Địa chỉ'
		]);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await toXlsx(table)).buffer as ArrayBuffer);
		const ws = wb.worksheets[0];
		const read: unknown[][] = [];
		ws.eachRow((row) =>
			read.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === undefined ? null : v)))
		);
		const pad = (r: unknown[]) => [...r, ...new Array(table.headers.length - r.length).fill(null)];
		expect(read.map(pad)).toEqual([table.headers, ...table.rows].map(pad));

		const csv = toCsv(table);
		expect(csv.startsWith('\ufeff')).toBe(true);
		expect(csv).toContain('Phạm Quốc Dũng');
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines).toHaveLength(7);
		expect(lines[0].split(',')[1]).toBe('Họ và tên');
		expect(lines[1].split(',').slice(0, 3)).toEqual(['1', 'Phạm Quốc Dũng', p.dung.birthDate]);
	});

	it('writes the unit table and reads it back', async () => {
		await saveResultSettings(
			t.db,
			roundId,
			{ ...DEFAULT_SETTINGS, unitRule: 'average', bestN: 2 },
			organiser,
			NOW
		);
		const table = (await unitTable(t.db, roundId, 'en'))!;
		expect(table.headers).toContain('Average score');
		const first = table.rows[0];
		expect(first.slice(0, 2)).toEqual([1, 'Thành phố Mỹ Tho']);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await toXlsx(table)).buffer as ArrayBuffer);
		expect(wb.worksheets[0].getRow(2).getCell(2).value).toBe('Thành phố Mỹ Tho');
		expect(wb.worksheets[0].rowCount).toBe(table.rows.length + 1);
	});

	it('quotes CSV fields and defuses formulas', () => {
		const csv = toCsv({
			sheet: 's',
			title: 't',
			headers: ['a', 'b'],
			rows: [
				['=1+1', 'x, "y"'],
				[null, 2],
				['Số 1;=1+1', 'x\t@y']
			]
		});
		expect(csv).toBe('\ufeffa,b\r\n\'=1+1,"x, ""y"""\r\n,2\r\n"Số 1;\'=1+1","x\t\'@y"\r\n');
	});

	it('prints a certificate for each prize winner', async () => {
		const set = (await prizeWinners(t.db, roundId, NOW))!;
		expect(set.certificates.filter((c) => !c.collective).map((c) => [c.recipient, c.prize])).toEqual([
			['Phạm Quốc Dũng', 'first'],
			['Nguyễn Văn An', 'second'],
			['Trần Thị Bình', 'second'],
			['Lê Minh Chí', 'second'], // tied third place: within first + second places
			['Đỗ Thị Em', 'third']
		]);
		expect(set.certificates.filter((c) => c.collective).length).toBe(3);
		const pdf = await certificatesPdf(set);
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBe(set.certificates.length);
	});
});
