// A finalist whose exam has ended is moved nowhere (a security review moved a finalist who had
// submitted to a free tablet: 200, a `move` in the minutes, and the tablet then posted for the
// closed attempt). The move is refused as an extension of it is (`attemptClosed`, 409), writes
// nothing, and leaves the tablet without rights to the attempt; the console does not offer it
// (the grid's `mayMove` for the seat), while the finalists still in their exam may be moved.
// On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { roomAction, roomGrid } from '../../src/lib/server/venue';
import { attemptDeadline, ingestBatch, submitAttempt } from '../../src/lib/server/attempts';
import { postRights } from '../../src/lib/server/access';
import { failureResponse } from '../../src/lib/server/http';
import { failure } from '../../src/lib/server/failure';
import { chainEvent } from '../../src/lib/exam/events';
import { messages } from '../../src/lib/i18n';
import type { Paper } from '../../src/lib/exam/paper';
import type { TokenClaims } from '../../src/lib/server/tokens';
import { attemptWithPaper } from './venue-fixture';
import { openRoomWithSpare } from './final-room';

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 3, 1, 0);
const START = T0 + 1200_000;
const ROOM = 'room-1';
let seats: { attemptId: string; seatId: string; token: TokenClaims }[] = [];
let spare: TokenClaims;

beforeAll(async () => {
	({ t, organiser, seats, spare } = await openRoomWithSpare(
		T0,
		{ name: 'Đã Nộp', phonePrefix: '09770000', idPrefix: '0820900077' },
		secret,
		['tab-1', 'tab-2', 'tab-3'],
		START - 60_000
	));
	expect((await act({ action: 'start' }, START)).ok).toBe(true);
	// Seat 1's finalist submits from their own tablet.
	const submitted = await submitAttempt(
		t.db,
		secret,
		seats[0].attemptId,
		{ deviceId: 'tab-1', lastSeq: 0, reason: 'candidate' },
		START + 60_000,
		postRights(seats[0].token, seats[0].attemptId)
	);
	expect(submitted).toMatchObject({ ok: true, status: 'submitted' });
});
afterAll(async () => t.drop());

const act = (a: Parameters<typeof roomAction>[3], at: number) => roomAction(t.db, ROOM, organiser, a, at);

const finalistAt = (i: number) =>
	t.db
		.selectFrom('finalist')
		.select(['id', 'device_id'])
		.where('seat_id', '=', seats[i - 1].seatId)
		.executeTakeFirstOrThrow();

/** What a move writes: the minutes, the audit log, the tablets' rows for the attempt. */
async function written(attemptId: string) {
	const { db } = t;
	const count = async (table: 'incident' | 'audit_log') =>
		Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	return {
		incidents: await count('incident'),
		audit: await count('audit_log'),
		tablets: await db
			.selectFrom('attempt_device')
			.select(['device_id', 'moved_at_elapsed_ms'])
			.where('attempt_id', '=', attemptId)
			.orderBy('device_id')
			.execute()
	};
}

/** Per seat with a finalist, whether the console offers to move them (the grid's `mayMove`). */
async function mayMove(at: number) {
	const g = await roomGrid(t.db, ROOM, at);
	if (!g.ok) throw new Error(g.code);
	// Seats without a finalist: none to move.
	expect(g.seats.filter((s) => !s.finalist && s.mayMove)).toEqual([]);
	return Object.fromEntries(g.seats.flatMap((s) => (s.finalist ? [[s.seatId, s.mayMove]] : [])));
}

describe('moving a finalist whose exam has ended', () => {
	it('who submitted: refused as an extension is (409 attemptClosed), nothing written, the spare gets no rights', async () => {
		const f1 = await finalistAt(1);
		const before = await written(seats[0].attemptId);
		const r = await act({ action: 'move', finalistId: f1.id, deviceId: 'spare-1' }, START + 70_000);
		expect(r).toEqual({ ok: false, code: 'attemptClosed' });
		// Worded as the extension's refusal: the catalogue's sentence, status 409.
		const res = failureResponse(failure('attemptClosed'), 'vi');
		expect(res.status).toBe(409);
		expect((await res.json()).error.message).toBe(messages('vi').api.attemptClosed);
		expect(await act({ action: 'extend', seatId: seats[0].seatId, minutes: 5 }, START + 70_000)).toEqual(r);

		expect(await written(seats[0].attemptId)).toEqual(before);
		expect((await finalistAt(1)).device_id).toBeNull();
		// The spare serves no one, so it may not post for the closed attempt.
		const paper = JSON.parse((await attemptWithPaper(t.db, seats[0].attemptId)).paper) as Paper;
		const q = paper.questions[0];
		const e = await chainEvent(seats[0].attemptId, {
			seq: 1,
			questionId: q.id,
			choice: q.options[0].id,
			at: START + 71_000,
			elapsedMs: 71_000
		});
		const posted = await ingestBatch(
			t.db,
			seats[0].attemptId,
			{ deviceId: 'spare-1', events: [e] },
			START + 71_000,
			postRights(spare, seats[0].attemptId)
		);
		expect(posted.ok).toBe(false);
	});

	it('the console offers no move for them, and does for a finalist still in the exam, which the server takes', async () => {
		expect(await mayMove(START + 80_000)).toEqual({
			[seats[0].seatId]: false,
			[seats[1].seatId]: true,
			[seats[2].seatId]: true
		});
		const f2 = await finalistAt(2);
		expect(await act({ action: 'move', finalistId: f2.id, deviceId: 'spare-1' }, START + 81_000)).toEqual({
			ok: true
		});
		expect((await finalistAt(2)).device_id).toBe('spare-1');
	});

	it('past their deadline and grace, not yet closed by the server: refused too, and not offered', async () => {
		const a = await t.db
			.selectFrom('attempt')
			.selectAll()
			.where('id', '=', seats[2].attemptId)
			.executeTakeFirstOrThrow();
		expect(a.status).toBe('running');
		const over = attemptDeadline(a)! + a.grace_ms + 1000;
		// tab-1's finalist has finished: it is free to take another.
		const f3 = await finalistAt(3);
		const before = await written(seats[2].attemptId);
		expect(await act({ action: 'move', finalistId: f3.id, deviceId: 'tab-1' }, over)).toEqual({
			ok: false,
			code: 'attemptClosed'
		});
		expect(await written(seats[2].attemptId)).toEqual(before);
		expect((await mayMove(over))[seats[2].seatId]).toBe(false);
	});
});
