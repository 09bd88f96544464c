// The log upload route takes one log at a time (a security review sent 8 and 16 at once of a
// 14.5 MB log holding one attempt 13 times: 500 MB and more of memory, and every tablet's
// heartbeat held for seconds). A second upload arriving while one is being received is refused
// at once, 429 with Retry-After and the catalogue's sentence, and its body is read and dropped;
// the turn is given back however the first ends (stored, refused, its client gone, an error, its
// body stalled: before, a client sending half a file and then nothing held it for 300 s). A
// log naming one attempt twice is refused whole (400), nothing stored. Through the route itself,
// its first upload held inside by a body that arrives only when the test says. On SQLite and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/lib/server/db';
import type { TestDb } from './testdb';
import { heartbeat, MAX_LOG_BODY_BYTES, roomAction } from '../../src/lib/server/venue';
import { receiveLog } from '../../src/lib/server/venue/upload';
import { api } from '../../src/lib/server/http';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import { importAesKey, rawKeyFromB64, sealJson } from '../../src/lib/exam/venue-crypto';
import type { Paper } from '../../src/lib/exam/paper';
import { issueToken, type TokenClaims } from '../../src/lib/server/tokens';
import { attemptWithPaper, enrolTablet } from './venue-fixture';
import { openFinalRoom } from './final-room';

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
/** The database the route is given (app()): the test's, or one that fails. */
let appDb: Db;
vi.mock('../../src/lib/server/app', () => ({ app: async () => ({ db: appDb, secret }) }));
const { POST } = await import('../../src/routes/api/proctor/rooms/[id]/upload/+server');

const T0 = Date.UTC(2026, 11, 4, 1, 0);
let tablet: TokenClaims;
let attemptId = '';
const events: AnswerEvent[] = [];

beforeAll(async () => {
	({ t, organiser } = await openFinalRoom(T0, {
		count: 1,
		name: 'Lượt Nạp',
		phonePrefix: '09740000',
		idPrefix: '0820900074'
	}));
	appDb = t.db;
	tablet = await enrolTablet(t.db, secret, {
		roomId: 'room-1',
		actorId: organiser,
		deviceId: 'tab-1',
		seat: 'room-1-s1',
		at: T0
	});
	expect((await roomAction(t.db, 'room-1', organiser, { action: 'start' }, T0 + 1000)).ok).toBe(true);
	const view = await heartbeat(t.db, tablet, {}, T0 + 2000);
	if (!('room' in view)) throw new Error(view.code);
	attemptId = view.finalists[0].attemptId!;
	const paper = JSON.parse((await attemptWithPaper(t.db, attemptId)).paper) as Paper;
	let prev = attemptId;
	for (const [i, q] of paper.questions.slice(0, 6).entries()) {
		const e = await chainEvent(prev, {
			seq: i + 1,
			questionId: q.id,
			choice: q.options[0].id,
			at: T0 + 5000 + i,
			elapsedMs: 5000 + i
		});
		events.push(e);
		prev = e.hash;
	}
});
afterAll(async () => t.drop());

/** The tablet's exported log (client/venue/wipe.ts) of these attempts, as the proctor uploads it. */
async function logText(attempts: { attemptId: string; events: AnswerEvent[] }[]) {
	const venue = await t.db
		.selectFrom('venue_room')
		.select('paper_key')
		.where('room_id', '=', 'room-1')
		.executeTakeFirstOrThrow();
	const key = await importAesKey(rawKeyFromB64(venue.paper_key));
	const content = { attempts: attempts.map((a) => ({ ...a, localSubmit: null })) };
	const sealed = await sealJson(key, content, 'export:tab-1', new Uint8Array(12));
	return JSON.stringify({
		kind: 'phongthi-venue-log',
		roomId: 'room-1',
		deviceId: 'tab-1',
		token: issueToken(secret, tablet),
		sealed
	});
}

const request = (body: string | ReadableStream<Uint8Array>) =>
	new Request('http://127.0.0.1/api/proctor/rooms/room-1/upload', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body,
		duplex: 'half'
	} as RequestInit);

/** The route's answer to an upload by the organiser. */
const upload = (body: string | ReadableStream<Uint8Array>) =>
	POST({
		params: { id: 'room-1' },
		locals: { user: { id: organiser, role: 'organiser' }, locale: 'vi' },
		request: request(body)
	} as never);

const answered = async (res: Response) => ({
	status: res.status,
	retryAfter: res.headers.get('retry-after'),
	body: (await res.json()) as { error?: { code: string; message: string }; stored?: number }
});

/**
 * A body sent in two halves: the first when the route starts reading (`reading` then resolves:
 * the upload is inside the route, its body being read), the second, or the client going away
 * (`end('gone')`), when the test says. `drained` resolves when the route has read it to its end.
 */
function heldBody(text: string) {
	const bytes = new TextEncoder().encode(text);
	const half = bytes.length >> 1;
	let reading!: () => void;
	let end!: (how: 'sent' | 'gone') => void;
	let drained!: () => void;
	const held = {
		reading: new Promise<void>((r) => (reading = r)),
		ended: new Promise<'sent' | 'gone'>((r) => (end = r)),
		drained: new Promise<void>((r) => (drained = r))
	};
	let pulls = 0;
	const stream = new ReadableStream<Uint8Array>(
		{
			async pull(c) {
				pulls++;
				if (pulls === 1) {
					c.enqueue(bytes.slice(0, half));
					reading();
				} else if (pulls === 2) {
					if ((await held.ended) === 'gone') return c.error(new Error('client gone'));
					c.enqueue(bytes.slice(half));
				} else {
					c.close();
					drained();
				}
			}
		},
		{ highWaterMark: 0 }
	);
	return { stream, ...held, end };
}

const storedEvents = async () =>
	(await t.db.selectFrom('answer_event').select('seq').where('attempt_id', '=', attemptId).execute()).length;

const uploadsRecorded = async () => ({
	incidents: (await t.db.selectFrom('incident').select('id').where('kind', '=', 'upload').execute()).length,
	audits: (await t.db.selectFrom('audit_log').select('id').where('action', '=', 'room.upload').execute())
		.length
});

describe('uploading tablet logs', () => {
	it('a log naming the same attempt twice: refused whole (400, the catalogue’s sentence), nothing stored', async () => {
		const before = await uploadsRecorded();
		for (const twice of [
			[
				{ attemptId, events },
				{ attemptId, events }
			],
			[
				{ attemptId, events: events.slice(0, 3) },
				{ attemptId, events: events.slice(3) }
			]
		]) {
			expect(await answered(await upload(await logText(twice)))).toEqual({
				status: 400,
				retryAfter: null,
				body: {
					error: {
						code: 'logRepeatsAttempt',
						message:
							'Tệp nhật ký ghi cùng một bài thi nhiều lần; máy chủ không nhận tệp này. Hãy xuất lại nhật ký từ máy tính bảng.'
					}
				}
			});
		}
		expect(await storedEvents()).toBe(0);
		expect(await uploadsRecorded()).toEqual(before);
	});

	it('two at once: the second refused at once with 429 and Retry-After, its body dropped; the first stored', async () => {
		const log = await logText([{ attemptId, events }]);
		const first = heldBody(log);
		const firstAnswer = upload(first.stream);
		await first.reading;
		const second = heldBody(log);
		second.end('sent');
		const refused = await upload(second.stream);
		expect(await answered(refused)).toEqual({
			status: 429,
			retryAfter: '5',
			body: {
				error: {
					code: 'uploadBusy',
					message: 'Máy chủ đang nhận một tệp nhật ký khác. Vui lòng chọn lại tệp sau 5 giây.',
					retryAfterS: 5
				}
			}
		});
		// Its body is read to its end and dropped: its client, still sending, gets the answer.
		await second.drained;
		expect(await storedEvents()).toBe(0);

		first.end('sent');
		expect(await answered(await firstAnswer)).toEqual({
			status: 200,
			retryAfter: null,
			body: { ok: true, stored: events.length, refused: 0 }
		});
		expect(await storedEvents()).toBe(events.length);
		// The turn was given back: the next upload is received.
		expect((await upload(log)).status).toBe(200);
	});

	it('the turn is given back when the first upload’s client goes away, its body is refused, or it fails', async () => {
		const log = await logText([{ attemptId, events }]);
		const gone = heldBody(log);
		const goneAnswer = upload(gone.stream);
		await gone.reading;
		expect((await upload(log)).status).toBe(429);
		gone.end('gone');
		expect((await answered(await goneAnswer)).body.error?.code).toBe('invalidBody');
		expect((await upload(log)).status).toBe(200);

		for (const [body, status] of [
			['{"kind": "phongthi-venue-log"', 400],
			[' '.repeat(MAX_LOG_BODY_BYTES + 1), 413]
		] as const) {
			expect((await upload(body)).status).toBe(status);
			expect((await upload(log)).status).toBe(200);
		}

		// The database fails while the log is being stored: the error goes on to the server's
		// handler, and the next upload is received.
		appDb = new Proxy(t.db, {
			get(target, p) {
				if (p === 'selectFrom')
					return (table: string) => {
						if (table === 'venue_room') throw new Error('database gone');
						return target.selectFrom(table as never);
					};
				const v = Reflect.get(target, p, target) as unknown;
				return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
			}
		});
		try {
			await expect(upload(log)).rejects.toThrow('database gone');
		} finally {
			appDb = t.db;
		}
		expect(await answered(await upload(log))).toMatchObject({ status: 200, body: { ok: true, stored: 0 } });
	});

	it('an upload whose body sends nothing more is given up (408, the catalogue’s sentence) and the turn given back', async () => {
		const log = await logText([{ attemptId, events }]);
		const stalled = heldBody(log);
		// The route's own work with a deadline of one second instead of UPLOAD_IDLE_MS.
		const route = api(async ({ request }: { request: Request }) => {
			const r = await receiveLog(t.db, secret, 'room-1', organiser, request, undefined, 1000);
			return Response.json(r);
		});
		const stalledAnswer = route({ request: request(stalled.stream) });
		await stalled.reading;
		expect((await upload(log)).status).toBe(429);
		// Its second half never comes.
		expect(await answered(await stalledAnswer)).toEqual({
			status: 408,
			retryAfter: null,
			body: {
				error: {
					code: 'uploadStalled',
					seconds: 1,
					message:
						'Tệp nhật ký ngừng truyền giữa chừng quá 1 giây; máy chủ chưa nhận gì. Vui lòng chọn lại tệp.'
				}
			}
		});
		expect(await answered(await upload(log))).toMatchObject({ status: 200, body: { ok: true, stored: 0 } });
	});
});
