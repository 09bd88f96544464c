// A running room's papers are read ahead of its answers (issue 11): the first heartbeat of a
// running room has this process read every paper of the room, so that a tablet's first batch
// finds its paper kept. Shown by taking the papers out of the database once they are read:
// the first batch is still checked against its paper and stored. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { heartbeat, roomAction } from '../../src/lib/server/venue';
import { ingestBatch } from '../../src/lib/server/attempts';
import { roomPapersKept } from '../../src/lib/server/attempts/papers';
import { chainEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';
import type { TokenClaims } from '../../src/lib/server/tokens';
import { attemptWithPaper, enrolTablet } from './venue-fixture';
import { openFinalRoom } from './final-room';

let t: TestDb;
let organiser = '';
let token: TokenClaims;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);

beforeAll(async () => {
	({ t, organiser } = await openFinalRoom(T0, {
		count: 3,
		name: 'Đề Sẵn',
		phonePrefix: '09750000',
		idPrefix: '0820900099'
	}));
	token = await enrolTablet(t.db, secret, {
		roomId: 'room-1',
		actorId: organiser,
		deviceId: 'tab-warm',
		seat: 'room-1-s1',
		at: T0
	});
});
afterAll(async () => t.drop());

describe('a running room’s papers', () => {
	it('are not read while the room waits for its start', async () => {
		expect('room' in (await heartbeat(t.db, token, {}, T0 + 1000))).toBe(true);
		expect(roomPapersKept(t.db, 'room-1')).toBeUndefined();
	});

	it('are read at its first heartbeat, before any batch needs one', async () => {
		expect((await roomAction(t.db, 'room-1', organiser, { action: 'start' }, T0 + 2000)).ok).toBe(true);
		// The start itself reads no paper: a tablet's heartbeat does.
		expect(roomPapersKept(t.db, 'room-1')).toBeUndefined();
		const view = await heartbeat(t.db, token, {}, T0 + 3000);
		if (!('room' in view)) throw new Error(view.code);
		expect(view.room.status).toBe('running');
		await roomPapersKept(t.db, 'room-1');

		const attemptId = view.finalists[0].attemptId!;
		const question = (JSON.parse((await attemptWithPaper(t.db, attemptId)).paper) as Paper).questions[0];
		await t.db.deleteFrom('attempt_paper').execute();
		const first = await chainEvent(attemptId, {
			seq: 1,
			questionId: question.id,
			choice: question.options[0].id,
			at: T0 + 10_000,
			elapsedMs: 7000
		});
		const r = await ingestBatch(t.db, attemptId, { deviceId: 'tab-warm', events: [first] }, T0 + 10_000);
		expect(r).toMatchObject({ ok: true, acked: 1, stored: 1 });
		const stored = await t.db
			.selectFrom('answer_event')
			.select('flags')
			.where('attempt_id', '=', attemptId)
			.executeTakeFirstOrThrow();
		// Checked against the kept paper: a known question and option, no flag.
		expect(stored.flags).toBe('');
	});
});
