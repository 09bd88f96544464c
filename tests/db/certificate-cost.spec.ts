// A prize winner's own certificate (/dashboard/certificate/<round>) on SQLite and PostgreSQL:
// the fonts are parsed once per process, not per PDF; the candidate's page is made from their
// own standing row (no other winner, no unit ranking, no snapshot); the same PDF is sent again
// from memory without being made again, until something printed on it or the round's
// publication changes; and making one is bounded per person (429 with the catalogue's sentence).
// A review saw one client download its certificate 7 times a second and hold the tablets'
// /api/time at 189 ms.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import PDFDocument from 'pdfkit';
import { openDemoDb, type TestDb } from './testdb';
import { candidate, createRound, takeAttempt, type Person } from './results-fixture';
import { countStatements } from './statement-count';
import { finaliseRound, publishRound } from '../../src/lib/server/results/publication';
import { certificatesFor, certificateWork, prizeWinners } from '../../src/lib/server/results/certificates';
import {
	myCertificate,
	resetCertificateCache,
	RENDER_WINDOW_MS,
	RENDERS_PER_USER
} from '../../src/lib/server/history-certificate';
import { wordRefusal } from '../../src/lib/server/http';
import { addList, removeExclusion } from '../../src/lib/server/exclusions';
import { attemptHistory } from '../../src/lib/server/history';
import { randomBytes } from 'node:crypto';
import { messages } from '../../src/lib/i18n';

let t: TestDb;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const T = NOW - 1800_000;
/** createRound's rounds close an hour after NOW. */
const AFTER = NOW + 2 * 3600_000;
let organiser: string;
let roundId: string;
/** First (6/6, fastest), second, third …, and one who won nothing (rank 14). */
const people: Person[] = [];

/** How many PDFs have been made: each ends its document once. */
const ended = vi.spyOn(PDFDocument.prototype, 'end');
const pdfsMade = () => ended.mock.calls.length;
const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

async function mine(who: Person, now: number) {
	const got = await myCertificate(t.db, roundId, who.id, now);
	if (!got.ok) throw new Error(JSON.stringify(got));
	return got.pdf;
}

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 86400_000));
	roundId = await createRound(t.db, NOW, 'r-cert');
	for (let i = 0; i < 14; i++) {
		const p = await candidate(t.db, `Nguyễn Thị Đoạt Giải ${i}`, i % 2 ? 'my-tho' : 'cai-be');
		await takeAttempt(t.db, roundId, p.id, { at: T, usedS: 100 + 10 * i });
		people.push(p);
	}
	expect(await finaliseRound(t.db, roundId, organiser, AFTER)).toEqual({ ok: true });
	expect(await publishRound(t.db, roundId, true, organiser, AFTER)).toEqual({ ok: true });
});
afterAll(async () => t?.drop());
beforeEach(() => resetCertificateCache());

describe("a prize winner's own certificate", () => {
	it('parses the fonts once for every PDF the process makes, the organiser’s set included', async () => {
		const made = pdfsMade();
		for (const p of people.slice(0, 3)) expect(pages(await mine(p, AFTER))).toBe(1);
		const all = (await certificatesFor(t.db, roundId, AFTER)) as Buffer;
		expect(pages(all)).toBe((await prizeWinners(t.db, roundId, AFTER))!.certificates.length);
		expect(pdfsMade() - made).toBe(4);
		// Before, each PDF parsed all three fonts again (~160 ms of the event loop).
		expect(certificateWork.fontParses).toBe(1);
	});

	it("reads the candidate's own standing row only: no snapshot, no other winner, no unit ranking", async () => {
		const counted = countStatements(t.db);
		const got = await myCertificate(counted.db, roundId, people[0].id, AFTER);
		expect(got.ok).toBe(true);
		expect(counted.naming(['round_snapshot', 'attempt'])).toBe(0);
		expect(counted.naming(['round_standing'])).toBe(1);
	});

	it('sends the same bytes again without making the PDF again', async () => {
		const made = pdfsMade();
		const first = await mine(people[0], AFTER);
		for (let i = 1; i <= 20; i++) expect((await mine(people[0], AFTER + i * 1000)).equals(first)).toBe(true);
		expect(pdfsMade() - made).toBe(1);
		// Another winner's is their own.
		expect((await mine(people[1], AFTER)).equals(first)).toBe(false);
		expect(pdfsMade() - made).toBe(2);
	});

	it('makes a new one when the round is published again, something printed changes, or the day turns', async () => {
		const made = pdfsMade();
		const first = await mine(people[0], AFTER);
		// Withdrawn: none; published again: made again, not the one kept from before.
		expect(await publishRound(t.db, roundId, false, organiser, AFTER + 1000)).toEqual({ ok: true });
		expect(await myCertificate(t.db, roundId, people[0].id, AFTER + 2000)).toEqual({
			ok: false,
			code: 'notFound'
		});
		expect(await publishRound(t.db, roundId, true, organiser, AFTER + 3000)).toEqual({ ok: true });
		await mine(people[0], AFTER + 4000);
		expect(pdfsMade() - made).toBe(2);
		// The round renamed: its name is in the PDF's title.
		await t.db.updateTable('round').set({ name: 'Vòng loại đã đổi tên' }).where('id', '=', roundId).execute();
		const renamed = await mine(people[0], AFTER + 5000);
		expect(renamed.equals(first)).toBe(false);
		expect(pdfsMade() - made).toBe(3);
		// The candidate's name corrected.
		await t.db
			.updateTable('app_user')
			.set({ full_name: 'Nguyễn Thị Đã Sửa Tên' })
			.where('id', '=', people[0].id)
			.execute();
		await mine(people[0], AFTER + 6000);
		expect(pdfsMade() - made).toBe(4);
		// The next day (in Vietnam) the date printed is that day's.
		await mine(people[0], AFTER + 86400_000);
		expect(pdfsMade() - made).toBe(5);
		await mine(people[0], AFTER + 86400_000 + 1000);
		expect(pdfsMade() - made).toBe(5);
	});

	it('is none for a candidate who won nothing', async () => {
		expect(await myCertificate(t.db, roundId, people[13].id, AFTER)).toEqual({ ok: false, code: 'notFound' });
		expect(await myCertificate(t.db, 'no-such-round', people[0].id, AFTER)).toEqual({
			ok: false,
			code: 'notFound'
		});
	});

	it(`makes at most ${RENDERS_PER_USER} a minute for one person, then says in words how long to wait`, async () => {
		const made = pdfsMade();
		const at = AFTER + 10 * 86400_000;
		// Each re-publication is a new version, so each download makes a PDF.
		for (let i = 0; i < RENDERS_PER_USER; i++) {
			expect(await publishRound(t.db, roundId, true, organiser, at + i * 1000)).toEqual({ ok: true });
			await mine(people[0], at + i * 1000 + 500);
		}
		expect(pdfsMade() - made).toBe(RENDERS_PER_USER);
		expect(await publishRound(t.db, roundId, true, organiser, at + 10_000)).toEqual({ ok: true });
		const refused = await myCertificate(t.db, roundId, people[0].id, at + 10_500);
		expect(refused).toEqual({
			ok: false,
			code: 'tooManyCertificates',
			params: { retryAfterMs: RENDER_WINDOW_MS - 10_000 }
		});
		expect(pdfsMade() - made).toBe(RENDERS_PER_USER);
		if (refused.ok) return;
		// The route's words and header (pageRefusal: wordRefusal and retryAfterHeaders).
		const vi = wordRefusal(messages('vi').errors.tooManyCertificates, refused.params, 'vi');
		expect(vi).toMatchObject({
			message: 'Bạn vừa tải giấy chứng nhận nhiều lần liên tiếp. Vui lòng thử lại sau 50 giây.',
			retryAfterS: 50
		});
		expect(wordRefusal(messages('en').errors.tooManyCertificates, refused.params, 'en').message).toBe(
			'You have downloaded certificates many times in a row. Please try again in 50 seconds.'
		);
		// Someone else is not held back by it.
		await mine(people[1], at + 10_500);
		// Once the first of the minute's PDFs is a minute old, one more may be made, and is then kept.
		await mine(people[0], at + 500 + RENDER_WINDOW_MS);
		expect(pdfsMade() - made).toBe(RENDERS_PER_USER + 2);
		for (let i = 1; i <= 10; i++) await mine(people[0], at + 500 + RENDER_WINDOW_MS + i * 100);
		expect(pdfsMade() - made).toBe(RENDERS_PER_USER + 2);
	});
});

describe('a prize winner on the exclusion list', () => {
	it('gets no certificate, and their history offers none, until taken off the list', async () => {
		// Rank 3 of 14: a second prize (first 1 place, second 2, third 3, consolation 5).
		const third = people[2];
		const history = async () =>
			(await attemptHistory(t.db, randomBytes(32), third.id, AFTER)).find((r) => r.id === roundId)!;
		expect(await history()).toMatchObject({ prize: 'second', certificate: true });
		await addList(t.db, `${third.nationalId}, Tổ giúp việc`, organiser, AFTER);
		expect(await myCertificate(t.db, roundId, third.id, AFTER)).toEqual({ ok: false, code: 'notFound' });
		// The prize stays, flagged, for the committee to decide; no certificate is printed for it.
		expect(await history()).toMatchObject({ prize: 'second', certificate: false });
		expect((await prizeWinners(t.db, roundId, AFTER))!.certificates.map((c) => c.recipient)).not.toContain(
			third.name
		);
		await removeExclusion(t.db, third.nationalId, organiser, AFTER);
		expect(pages(await mine(third, AFTER))).toBe(1);
	});
});

describe("the organiser's certificates", () => {
	it('wait for the results to be finalised: a provisional ranking prints no prize', async () => {
		const open = await createRound(t.db, NOW, 'r-cert-open');
		await takeAttempt(t.db, open, people[0].id, { at: T, usedS: 100 });
		expect(await certificatesFor(t.db, open, AFTER)).toEqual({ ok: false, code: 'notFinalised' });
		expect(await finaliseRound(t.db, open, organiser, AFTER)).toEqual({ ok: true });
		// The winner's page and their unit's.
		expect(pages((await certificatesFor(t.db, open, AFTER)) as Buffer)).toBe(2);
	});
});
