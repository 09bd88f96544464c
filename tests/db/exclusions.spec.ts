// The exclusion list the rules call for (organisers, judges and helpers may not take part), on
// SQLite and PostgreSQL: the organiser adds a pasted list all or nothing and removes an entry,
// each audited; a listed account cannot start a graded round (practice stays open); promotion
// to the final leaves a listed candidate out and names them, the next in the ranking taking the
// place; adding one by hand is refused; the organiser's ranking flags them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { candidate, createRound, secret, takeAttempt, type Person } from './results-fixture';
import { addList, addOne, exclusionList, removeExclusion, readList } from '../../src/lib/server/exclusions';
import { startAttempt } from '../../src/lib/server/attempts';
import { refusal } from '../../src/lib/server/http';
import { addFinalist, promoteFinalists } from '../../src/lib/server/venue/finalists';
import { organiserResults } from '../../src/lib/server/results/individual';
import { individualTable } from '../../src/lib/server/results/exports';
import { prizeWinners } from '../../src/lib/server/results/certificates';

let t: TestDb;
let organiser: string;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const T = NOW - 1800_000;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 86400_000));
});
afterAll(async () => t?.drop());

const listed = async () =>
	(await t.db.selectFrom('exclusion').select(['national_id', 'reason']).orderBy('national_id').execute()).map(
		(r) => `${r.national_id} ${r.reason}`
	);
const audits = (action: string) =>
	t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

describe('adding a pasted list', () => {
	it('writes nothing when a line is bad, and names every bad line', async () => {
		const before = await listed();
		const r = await addList(
			t.db,
			[
				'082 085 000 101\tThành viên Ban Tổ chức',
				'082085000102, Thành viên Ban Giám khảo',
				'82085000103, Tổ giúp việc', // a spreadsheet dropped the leading zero
				'',
				'082085000104', // no reason
				'999085000105, Tổ thư ký', // no such province
				'08208500010, Giám khảo'
			].join('\n'),
			organiser,
			NOW
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.code).toBe('badLines');
		expect(r.problems.map((p) => [p.line, p.code])).toEqual([
			[3, 'leadingZero'],
			[5, 'noSeparator'],
			[6, 'badProvince'],
			[7, 'leadingZero']
		]);
		expect(await listed()).toEqual(before);
		expect(await audits('exclusion.add')).toEqual([]);
	});

	it('adds every good line in one go: spaces removed, repeats and ids already listed counted, audited', async () => {
		const r = await addList(
			t.db,
			[
				'082 085 000 101\tThành viên Ban Tổ chức',
				'082085000102, Thành viên Ban Giám khảo',
				'"082085000103","Tổ giúp việc, Sở Nội vụ"',
				'082085000101, Thành viên Ban Tổ chức (lặp lại)',
				'082080009999, Thành viên Ban Giám khảo' // the demo's judge, already listed
			].join('\r\n'),
			organiser,
			NOW
		);
		expect(r).toEqual({ ok: true, added: 3, alreadyListed: 1, repeated: 1 });
		expect(await listed()).toEqual([
			'082080009999 Thành viên Ban Giám khảo',
			'082085000101 Thành viên Ban Tổ chức',
			'082085000102 Thành viên Ban Giám khảo',
			'082085000103 Tổ giúp việc, Sở Nội vụ'
		]);
		const [entry] = await audits('exclusion.add');
		expect(entry.actor_id).toBe(organiser);
		expect(JSON.parse(entry.detail).entries.map((e: { nationalId: string }) => e.nationalId)).toEqual([
			'082085000101',
			'082085000102',
			'082085000103'
		]);
		const list = await exclusionList(t.db);
		expect(list.find((e) => e.nationalId === '082085000101')).toMatchObject({ addedAt: NOW, account: null });
		// The demo's entry was made before the list kept dates: listed last, without one.
		expect(list.at(-1)).toMatchObject({ nationalId: '082080009999', addedAt: null });
	});

	it('refuses one person whose id is not 12 digits, and adds one that is', async () => {
		expect(
			await addOne(t.db, { nationalId: '0820850001', reason: 'Giám khảo' }, organiser, NOW)
		).toMatchObject({
			ok: false,
			code: 'badNationalId'
		});
		expect(await addOne(t.db, { nationalId: '082085000106', reason: ' ' }, organiser, NOW)).toMatchObject({
			ok: false,
			code: 'noReason'
		});
		expect(await addOne(t.db, { nationalId: '082085000106', reason: 'Giám khảo' }, organiser, NOW)).toEqual({
			ok: true,
			added: 1,
			alreadyListed: 0,
			repeated: 0
		});
		expect(readList(' \n\n').ok).toBe(false);
	});
});

describe('removing an entry', () => {
	it('takes the id off the list, audited; removing it again says it is not listed', async () => {
		expect(await removeExclusion(t.db, '082085000106', organiser, NOW)).toEqual({
			ok: true,
			reason: 'Giám khảo'
		});
		expect((await listed()).some((l) => l.startsWith('082085000106'))).toBe(false);
		const [entry] = await audits('exclusion.remove');
		expect(entry).toMatchObject({ actor_id: organiser, target: '082085000106' });
		expect(await removeExclusion(t.db, '082085000106', organiser, NOW)).toMatchObject({
			ok: false,
			code: 'notListed'
		});
	});
});

describe('a listed account at the start of an attempt', () => {
	let judge: Person;
	let roundId: string;
	beforeAll(async () => {
		roundId = await createRound(t.db, NOW, 'r-excl-start');
		judge = await candidate(t.db, 'Phan Văn Giám Khảo', 'my-tho');
	});

	it('cannot start a graded round (403, the sentence says why), may practise, and may start once removed', async () => {
		expect((await startAttempt(t.db, secret, { userId: judge.id, roundId }, T)).ok).toBe(true);
		// Listed afterwards: the next graded start is refused.
		const judge2 = await candidate(t.db, 'Đặng Thị Giám Khảo', 'my-tho');
		expect(
			await addList(t.db, `${judge2.nationalId}\tThành viên Ban Giám khảo`, organiser, NOW)
		).toMatchObject({
			ok: true,
			added: 1
		});
		const refused = await startAttempt(t.db, secret, { userId: judge2.id, roundId }, T);
		expect(refused).toEqual({ ok: false, code: 'excluded' });
		if (refused.ok) return;
		const vi = refusal(refused, 'vi');
		expect(vi.status).toBe(403);
		expect(JSON.stringify(vi.body)).toContain('thuộc danh sách không được dự thi');
		expect(JSON.stringify(refusal(refused, 'en').body)).toContain('may not take part');
		expect(await t.db.selectFrom('attempt').select('id').where('user_id', '=', judge2.id).execute()).toEqual(
			[]
		);

		expect((await startAttempt(t.db, secret, { userId: judge2.id, roundId: 'practice' }, T)).ok).toBe(true);

		expect((await removeExclusion(t.db, judge2.nationalId, organiser, NOW)).ok).toBe(true);
		expect((await startAttempt(t.db, secret, { userId: judge2.id, roundId }, T)).ok).toBe(true);
	});
});

describe('the final and the prizes', () => {
	let roundId: string;
	const people: Record<string, Person> = {};
	beforeAll(async () => {
		roundId = await createRound(t.db, NOW, 'r-excl-final');
		// An 6/6, Bình 5/6 (a helper, listed after taking part), Chi 4/6, Dung 3/6.
		for (const [key, name, wrong] of [
			['an', 'Nguyễn Văn An Loại', []],
			['binh', 'Trần Thị Bình Loại', ['q1']],
			['chi', 'Lê Minh Chi Loại', ['q1', 'q2']],
			['dung', 'Phạm Dung Loại', ['q1', 'q2', 'q3']]
		] as const) {
			people[key] = await candidate(t.db, name, 'my-tho');
			await takeAttempt(t.db, roundId, people[key].id, { at: T, usedS: 100, wrong: [...wrong] });
		}
		await addList(t.db, `${people.binh.nationalId}, Tổ giúp việc`, organiser, NOW);
	});

	it('leaves the listed candidate out of the final, names them, and gives the place to the next', async () => {
		const r = await promoteFinalists(
			t.db,
			{ finalRoundId: 'final', fromRoundId: roundId, topOverall: 2, topPerUnit: 0, actorId: organiser },
			NOW
		);
		expect(r).toEqual({
			ok: true,
			added: 2,
			leftOut: [{ name: 'Trần Thị Bình Loại', rank: 2, reason: 'Tổ giúp việc' }]
		});
		const finalists = await t.db
			.selectFrom('finalist')
			.select('user_id')
			.where('round_id', '=', 'final')
			.execute();
		expect(finalists.map((f) => f.user_id).sort()).toEqual([people.an.id, people.chi.id].sort());

		expect(
			await addFinalist(
				t.db,
				{ finalRoundId: 'final', login: people.binh.nationalId, actorId: organiser },
				NOW
			)
		).toEqual({ ok: false, code: 'excluded', params: { reason: 'Tổ giúp việc' } });
	});

	it("flags the listed candidate in the organiser's ranking, prize and all", async () => {
		const r = (await organiserResults(t.db, roundId, { page: 1, q: 'Loại', unitId: null }))!;
		expect(r.rows.map((row) => [row.fullName, row.rank, row.excluded])).toEqual([
			['Nguyễn Văn An Loại', 1, null],
			['Trần Thị Bình Loại', 2, 'Tổ giúp việc'],
			['Lê Minh Chi Loại', 3, null],
			['Phạm Dung Loại', 4, null]
		]);
	});

	it('marks the listed candidate in the exported ranking and prints no certificate for them', async () => {
		const table = (await individualTable(t.db, roundId, 'vi'))!;
		const nameAt = table.headers.indexOf('Họ và tên');
		const flagAt = table.headers.indexOf('Không được dự thi (lý do)');
		expect(flagAt).toBeGreaterThan(-1);
		const mine = table.rows.filter((r) => String(r[nameAt]).endsWith(' Loại'));
		expect(mine.map((r) => [r[nameAt], r[flagAt]])).toEqual([
			['Nguyễn Văn An Loại', ''],
			['Trần Thị Bình Loại', 'Tổ giúp việc'],
			['Lê Minh Chi Loại', ''],
			['Phạm Dung Loại', '']
		]);
		// Ranks 1-4 all win a prize by default (first 1, second 2, third 3, consolation 5 places).
		const recipients = (await prizeWinners(t.db, roundId, NOW))!.certificates
			.filter((c) => !c.collective)
			.map((c) => c.recipient);
		expect(recipients).toEqual(['Nguyễn Văn An Loại', 'Lê Minh Chi Loại', 'Phạm Dung Loại']);
	});

	it('shows the organiser who on the list has an account, attempts and a place in the final', async () => {
		await t.db.updateTable('finalist').set({ sbd: 'CK099' }).where('user_id', '=', people.an.id).execute();
		await addList(t.db, `${people.an.nationalId}, Thành viên Ban Tổ chức`, organiser, NOW + 1000);
		const entry = (await exclusionList(t.db)).find((e) => e.nationalId === people.an.nationalId);
		expect(entry).toEqual({
			nationalId: people.an.nationalId,
			reason: 'Thành viên Ban Tổ chức',
			addedAt: NOW + 1000,
			account: { name: 'Nguyễn Văn An Loại', phone: people.an.phone },
			gradedAttempts: 1,
			finalistSbds: ['CK099']
		});
		expect((await exclusionList(t.db))[0].nationalId).toBe(people.an.nationalId);
	});
});
