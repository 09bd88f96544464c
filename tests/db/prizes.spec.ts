// Prizes and the round's decisions on SQLite and PostgreSQL (issue 13, points 9, 11, 12): an
// empty round ranks no unit and awards no collective prize; the organiser's minimum of
// participants; why a round cannot be finalised yet; a final's state follows its rooms;
// admission tickets carry who, when and where.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { candidate, createRound, takeAttempt } from './results-fixture';
import { unitResults } from '../../src/lib/server/results/units';
import { publicUnitRanking } from '../../src/lib/server/results/public-units';
import {
	finaliseBlocker,
	finaliseRound,
	publishRound,
	resultRound,
	resultRounds,
	savePrizes,
	DEFAULT_SETTINGS
} from '../../src/lib/server/results/publication';
import { individualTable, unitTable } from '../../src/lib/server/results/exports';
import { organiserResults, publicResults } from '../../src/lib/server/results/individual';
import { lookupResult } from '../../src/lib/server/lookup';
import { attemptHistory } from '../../src/lib/server/history';
import { myCertificate } from '../../src/lib/server/history-certificate';
import { QUESTIONS } from './results-fixture';
import { prizeWinners } from '../../src/lib/server/results/certificates';
import { candidateTicket, roundTickets } from '../../src/lib/server/venue/tickets';
import { savePage } from '../../src/lib/server/pages';

let t: TestDb;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const T = NOW - 1800_000;
const AFTER = NOW + 2 * 3600_000; // createRound's rounds close an hour after NOW
let organiser: string;
/** The demo province's districts, towns and departments: the top level of the unit ranking. */
let topUnits: number;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 86400_000));
	topUnits = (
		await t.db
			.selectFrom('unit')
			.select('id')
			.where('parent_id', '=', (qb) => qb.selectFrom('unit').select('id').where('parent_id', 'is', null))
			.execute()
	).length;
});
afterAll(async () => t?.drop());

describe('a round nobody took part in', () => {
	it('ranks no unit and awards no collective prize (the issue saw 22 units all first)', async () => {
		const roundId = await createRound(t.db, NOW, 'r-empty');
		expect(await finaliseRound(t.db, roundId, organiser, AFTER)).toEqual({ ok: true });
		const u = (await unitResults(t.db, roundId))!;
		expect(topUnits).toBe(22);
		expect(u.rows).toHaveLength(22);
		expect(u.rows.filter((r) => r.rank !== null)).toEqual([]);
		expect(u.rows.filter((r) => r.prize !== null)).toEqual([]);
		expect(u.minParticipants).toBe(1);

		const table = (await unitTable(t.db, roundId, 'vi'))!;
		const prizeCol = table.headers.length - 1;
		expect(table.rows.filter((r) => r[prizeCol] !== '')).toEqual([]);
		expect(table.rows.filter((r) => r[0] !== null)).toEqual([]);
		expect((await prizeWinners(t.db, roundId, AFTER))!.certificates).toEqual([]);

		expect(await publishRound(t.db, roundId, true, organiser, AFTER)).toEqual({ ok: true });
		expect((await publicUnitRanking(t.db, roundId))!.rows).toEqual([]);
	});
});

describe('the minimum of participants for a collective prize', () => {
	let roundId: string;
	beforeAll(async () => {
		roundId = await createRound(t.db, NOW, 'r-min');
		// Mỹ Tho: two entrants, 6/6 and 5/6 (average 5.5); Cái Bè: one entrant, 6/6 (average 6).
		const an = await candidate(t.db, 'Nguyễn Văn Tối Thiểu', 'my-tho');
		const binh = await candidate(t.db, 'Trần Thị Tối Thiểu', 'my-tho');
		const chi = await candidate(t.db, 'Lê Minh Tối Thiểu', 'cai-be');
		await takeAttempt(t.db, roundId, an.id, { at: T, usedS: 100 });
		await takeAttempt(t.db, roundId, binh.id, { at: T, usedS: 100, wrong: ['q1'] });
		await takeAttempt(t.db, roundId, chi.id, { at: T, usedS: 100 });
		const settings = await resultRound(t.db, roundId);
		await savePrizes(
			t.db,
			roundId,
			settings!.settings.prizes,
			settings!.settings.unitPrizes,
			1,
			organiser,
			NOW
		);
		const { saveUnitRule } = await import('../../src/lib/server/results/publication');
		await saveUnitRule(t.db, roundId, 'average', 10, organiser, NOW);
	});

	const ranked = async () =>
		(await unitResults(t.db, roundId))!.rows
			.filter((r) => r.participants > 0 || r.rank !== null)
			.map((r) => [r.unit.id, r.rank, r.prize]);

	it('with one participant enough, the unit with the better average is first', async () => {
		expect(await ranked()).toEqual([
			['cai-be', 1, 'first'],
			['my-tho', 2, 'second']
		]);
	});

	it('with two required, a unit of one entrant is listed unranked, without a prize', async () => {
		const r = (await resultRound(t.db, roundId))!;
		expect(
			await savePrizes(t.db, roundId, r.settings.prizes, r.settings.unitPrizes, 2, organiser, NOW)
		).toEqual({ ok: true });
		expect((await resultRound(t.db, roundId))!.settings.unitMinParticipants).toBe(2);
		expect(await ranked()).toEqual([
			['my-tho', 1, 'first'],
			['cai-be', null, null]
		]);
		expect((await unitResults(t.db, roundId))!.minParticipants).toBe(2);
		// The setting is audited with the prize numbers.
		const audit = await t.db
			.selectFrom('audit_log')
			.select('detail')
			.where('target', '=', roundId)
			.where('action', '=', 'results.settings')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(audit.detail)).toMatchObject({ unitMinParticipants: 2 });

		expect(await finaliseRound(t.db, roundId, organiser, AFTER)).toEqual({ ok: true });
		const winners = (await prizeWinners(t.db, roundId, AFTER))!.certificates.filter((c) => c.collective);
		expect(winners.map((c) => [c.recipient, c.prize])).toEqual([['Thành phố Mỹ Tho', 'first']]);
		expect(await publishRound(t.db, roundId, true, organiser, AFTER)).toEqual({ ok: true });
		const pub = (await publicUnitRanking(t.db, roundId))!;
		expect(pub.minParticipants).toBe(2);
		expect(pub.rows.map((r) => [r.name, r.rank, r.prize])).toEqual([
			['Thành phố Mỹ Tho', 1, 'first'],
			['Huyện Cái Bè', null, null]
		]);
	});

	it('is 1 by default, and an old settings row without it reads as 1', () => {
		expect(DEFAULT_SETTINGS.unitMinParticipants).toBe(1);
	});
});

describe('why a round cannot be finalised yet', () => {
	it('names the closing time of a round still open', async () => {
		const roundId = await createRound(t.db, NOW, 'r-open');
		expect(await finaliseBlocker(t.db, roundId, NOW)).toEqual({
			ok: false,
			code: 'stillOpen',
			params: { closesAt: NOW + 3600_000 }
		});
		expect(await finaliseBlocker(t.db, roundId, AFTER)).toBeNull();
	});

	it('a final: open before any room starts, refused while a room runs, finalisable once held', async () => {
		const final = await t.db
			.selectFrom('round')
			.select(['opens_at', 'closes_at'])
			.where('id', '=', 'final')
			.executeTakeFirstOrThrow();
		// The demo final's window is two months away; its room is held today.
		expect(final.opens_at).toBeGreaterThan(NOW);
		expect((await resultRound(t.db, 'final', NOW))!.state).toBe('upcoming');
		expect(await finaliseBlocker(t.db, 'final', NOW)).toMatchObject({ code: 'stillOpen' });

		await t.db
			.insertInto('venue_room')
			.values({
				room_id: 'room-1',
				status: 'running',
				enrol_code: null,
				enrol_expires_at: null,
				start_code: 'x',
				paper_key: 'x',
				code_key: 'x',
				wrapped_key: '{}',
				max_late_ms: 600_000,
				prepared_at: NOW - 3600_000,
				started_at: NOW - 1800_000,
				locked_at: null,
				finalised_at: null
			})
			.execute();
		expect((await resultRound(t.db, 'final', NOW))!.state).toBe('open');
		expect(await finaliseBlocker(t.db, 'final', NOW)).toEqual({ ok: false, code: 'roomsRunning' });

		await t.db
			.updateTable('venue_room')
			.set({ status: 'locked', locked_at: NOW - 60_000 })
			.where('room_id', '=', 'room-1')
			.execute();
		// Held and locked: closed, not "Chưa mở", on every list that shows the state.
		expect((await resultRound(t.db, 'final', NOW))!.state).toBe('closed');
		expect((await resultRounds(t.db, NOW)).find((r) => r.id === 'final')!.state).toBe('closed');
		expect(await finaliseBlocker(t.db, 'final', NOW)).toBeNull();
		await t.db.deleteFrom('venue_room').where('room_id', '=', 'room-1').execute();
	});
});

describe('more places than candidates who scored', () => {
	it('gives no prize for a score of zero, on every list that names prizes', async () => {
		// The default places are 1 + 2 + 3 + 5: three entrants would all win one without the rule.
		const roundId = await createRound(t.db, NOW, 'r-zero');
		const people = [
			await candidate(t.db, 'Đặng Văn Đủ', 'my-tho'),
			await candidate(t.db, 'Hồ Thị Nửa', 'my-tho'),
			await candidate(t.db, 'Vũ Minh Không', 'cai-be')
		];
		await takeAttempt(t.db, roundId, people[0].id, { at: T, usedS: 100 });
		await takeAttempt(t.db, roundId, people[1].id, { at: T, usedS: 100, wrong: ['q1', 'q2', 'q3'] });
		await takeAttempt(t.db, roundId, people[2].id, { at: T, usedS: 100, wrong: QUESTIONS });
		expect(await finaliseRound(t.db, roundId, organiser, AFTER)).toEqual({ ok: true });
		expect(await publishRound(t.db, roundId, true, organiser, AFTER)).toEqual({ ok: true });
		// Hand count: 6, 3 and 0 right; ranks 1, 2, 3; first, then the second prize's two places.
		const expected = [
			['Đặng Văn Đủ', 6, 'first'],
			['Hồ Thị Nửa', 3, 'second'],
			['Vũ Minh Không', 0, null]
		];
		const all = { page: 1, q: '', unitId: null };
		const org = (await organiserResults(t.db, roundId, all))!.rows;
		expect(org.map((r) => [r.fullName, r.score, r.prize])).toEqual(expected);
		const pub = (await publicResults(t.db, roundId, all))!.rows;
		expect(pub.map((r) => [r.name, r.score, r.prize])).toEqual(expected);

		const table = (await individualTable(t.db, roundId, 'vi'))!;
		// The sheet's second column is the name, its fourteenth the prize.
		expect(table.headers[13]).toBe('Giải');
		expect(table.rows.map((r) => [r[1], r[13]])).toEqual([
			['Đặng Văn Đủ', 'Giải Nhất'],
			['Hồ Thị Nửa', 'Giải Nhì'],
			['Vũ Minh Không', '']
		]);

		const set = (await prizeWinners(t.db, roundId, AFTER))!;
		expect(set.certificates.filter((c) => !c.collective).map((c) => [c.recipient, c.prize])).toEqual([
			['Đặng Văn Đủ', 'first'],
			['Hồ Thị Nửa', 'second']
		]);
		// Units, by the mean of the best 10 (the default rule, the missing counting 0): Mỹ Tho
		// (6 + 3) / 10, first; Cái Bè 0, ranked second
		// and, with no point, no collective prize, on the page, in the sheet, or as a certificate.
		const units = (await unitResults(t.db, roundId))!.rows.filter((r) => r.participants > 0);
		expect(units.map((r) => [r.unit.id, r.rank, r.value, r.prize])).toEqual([
			['my-tho', 1, 0.9, 'first'],
			['cai-be', 2, 0, null]
		]);
		expect(set.certificates.filter((c) => c.collective).map((c) => [c.recipient, c.prize])).toEqual([
			['Thành phố Mỹ Tho', 'first']
		]);
		const sheet = (await unitTable(t.db, roundId, 'vi'))!;
		const prizeCol = sheet.headers.length - 1;
		expect(sheet.rows.filter((r) => r[prizeCol] !== '').map((r) => [r[1], r[prizeCol]])).toEqual([
			['Thành phố Mỹ Tho', 'Giải Nhất tập thể']
		]);

		const zero = people[2];
		const looked = await lookupResult(
			t.db,
			{ key: zero.phone, birthYear: Number(zero.birthDate.slice(0, 4)) },
			'203.0.113.9',
			AFTER
		);
		expect(looked.ok && looked.rows.find((r) => r.roundId === roundId)).toMatchObject({
			rank: 3,
			prize: null
		});
		const history = await attemptHistory(t.db, Buffer.alloc(32, 1), zero.id, AFTER);
		expect(history.find((h) => h.id === roundId)).toMatchObject({ rank: { rank: 3 }, prize: null });
		// Nor a certificate from the dashboard; the second's is there.
		expect(await myCertificate(t.db, roundId, zero.id, AFTER)).toEqual({ ok: false, code: 'notFound' });
		expect((await myCertificate(t.db, roundId, people[1].id, AFTER)).ok).toBe(true);
	});
});

describe('admission tickets', () => {
	it('carry name, birth date, room and seat, the date and time, and the address; the PIN only on paper', async () => {
		const who = await candidate(t.db, 'Phan Thị Vé', 'my-tho');
		await t.db
			.insertInto('finalist')
			.values({
				id: 'f-ve',
				round_id: 'final',
				user_id: who.id,
				sbd: 'TS0042',
				pin: '482913',
				source: 'manual',
				room_id: 'room-1',
				seat_id: 'room-1-s3',
				attempt_id: null,
				device_id: null,
				signed_in_at: null,
				lost: 0,
				created_at: NOW
			})
			.execute();
		const final = await t.db
			.selectFrom('round')
			.select('opens_at')
			.where('id', '=', 'final')
			.executeTakeFirstOrThrow();
		await savePage(
			t.db,
			{ slug: 'dia-diem', title: '', body: 'Hội trường UBND tỉnh, 23 Lê Lợi, Mỹ Tho' },
			organiser,
			NOW
		);

		const mine = (await candidateTicket(t.db, who.id))!;
		expect(mine).toMatchObject({
			sbd: 'TS0042',
			name: 'Phan Thị Vé',
			birthDate: who.birthDate,
			unitName: 'Thành phố Mỹ Tho',
			roomName: 'Phòng 1 — Hội trường UBND tỉnh',
			seatLabel: 'Ghế 3',
			startsAt: final.opens_at,
			address: 'Hội trường UBND tỉnh, 23 Lê Lợi, Mỹ Tho'
		});
		expect(mine.qr).toMatch(/^data:image\/png;base64,/);
		expect(JSON.stringify(mine)).not.toContain('482913');

		// A room's own address wins over the venue page.
		await t.db
			.updateTable('room')
			.set({ settings: JSON.stringify({ maxLateStartS: 600, address: 'Phòng họp số 2, Sở TT&TT' }) })
			.where('id', '=', 'room-1')
			.execute();
		const printed = (await roundTickets(t.db, 'final')).find((x) => x.sbd === 'TS0042')!;
		expect(printed).toMatchObject({
			pin: '482913',
			birthDate: who.birthDate,
			startsAt: final.opens_at,
			address: 'Phòng họp số 2, Sở TT&TT'
		});
		expect(await candidateTicket(t.db, organiser)).toBeNull();
	});
});
