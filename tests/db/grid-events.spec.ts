// The console's grid reads a poll's new events from the room's range of ids, and an attempt idle
// for long (its last kept id far behind the room's newest event) whole instead (issue 11): the
// range read must not run back over most of the final for one finalist who paused. The rule is
// checked on hand-made ids; the grid on a room where one seat answers again after another sent
// 1,200 events, its answers counted by hand. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { roomAction, roomGrid } from '../../src/lib/server/venue';
import { rangeOf } from '../../src/lib/server/venue/grid-events';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';
import { MAX_BATCH_EVENTS } from '../../src/lib/exam/batch';
import { attemptOfSeat, enrolTablet } from './venue-fixture';
import { openFinalRoom } from './final-room';

describe('the range read’s start', () => {
	it('covers the attempts that answered lately and leaves one idle for long to a whole read', () => {
		// Two attempts, newest event 50,000: the range may run 1,000 + 10 × 2 ids behind it.
		expect(
			rangeOf(
				[
					['a', 49_500],
					['b', 20]
				],
				50_000
			)
		).toEqual({ since: 49_500, idle: ['b'] });
		expect(
			rangeOf(
				[
					['a', 49_990],
					['b', 48_980]
				],
				50_000
			)
		).toEqual({ since: 48_980, idle: [] });
		// A hall where 1,000 tablets answered since the last poll: 11,000 ids behind is still read.
		const hall = Array.from({ length: 1000 }, (_, i): [string, number] => [`s${i}`, 40_000 + i * 10]);
		expect(rangeOf(hall, 50_000)).toEqual({ since: 40_000, idle: [] });
	});
});

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
const S = T0 + 10_000;

async function seat(label: string) {
	const a = await attemptOfSeat(t.db, label);
	return { attemptId: a.id, questions: (JSON.parse(a.paper) as Paper).questions };
}

/** A tablet's chain of answers, sent as the sync engine sends them (MAX_BATCH_EVENTS a batch at most). */
class Tablet {
	seq = 0;
	hash: string;
	constructor(
		readonly deviceId: string,
		readonly attemptId: string
	) {
		this.hash = attemptId;
	}
	async send(answers: [string, string][], at: number) {
		const events: AnswerEvent[] = [];
		// Made in the second before it is sent, in order.
		for (const [i, [questionId, choice]] of answers.entries()) {
			this.seq += 1;
			const elapsedMs = at - S - 1000 + i;
			const e = await chainEvent(this.hash, { seq: this.seq, questionId, choice, at, elapsedMs });
			events.push(e);
			this.hash = e.hash;
		}
		for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
			const r = await ingestBatch(
				t.db,
				this.attemptId,
				{ deviceId: this.deviceId, events: events.slice(i, i + MAX_BATCH_EVENTS) },
				at
			);
			expect(r.ok).toBe(true);
		}
	}
}

const answered = async (at: number) => {
	const g = await roomGrid(t.db, 'room-1', at);
	if (!g.ok) throw new Error(g.code);
	return Object.fromEntries(g.seats.map((s) => [s.label, s.answered]));
};

beforeAll(async () => {
	({ t, organiser } = await openFinalRoom(T0, {
		count: 2,
		name: 'Lưới Đọc',
		phonePrefix: '09760000',
		idPrefix: '0820900077'
	}));
	for (const [deviceId, s] of [
		['tab-1', 'room-1-s1'],
		['tab-2', 'room-1-s2']
	])
		await enrolTablet(t.db, secret, { roomId: 'room-1', actorId: organiser, deviceId, seat: s, at: T0 });
	expect((await roomAction(t.db, 'room-1', organiser, { action: 'start' }, S)).ok).toBe(true);
});
afterAll(async () => t.drop());

describe('the grid of a room where one seat was idle for long', () => {
	it('counts its answers when it answers again, and goes on adding to it', async () => {
		const one = await seat('room-1-s1');
		const two = await seat('room-1-s2');
		const tab1 = new Tablet('tab-1', one.attemptId);
		const tab2 = new Tablet('tab-2', two.attemptId);
		const [q1, q2] = [one.questions, two.questions];
		// Ghế 1 answers its first question; Ghế 2 its first two.
		await tab1.send([[q1[0].id, q1[0].options[0].id]], S + 1000);
		await tab2.send(
			[
				[q2[0].id, q2[0].options[0].id],
				[q2[1].id, q2[1].options[0].id]
			],
			S + 1000
		);
		expect(await answered(S + 2000)).toMatchObject({ 'Ghế 1': 1, 'Ghế 2': 2 });
		// Ghế 2 changes its mind 1,200 times over its third and fourth questions (polled meanwhile),
		// then Ghế 1, idle all along, answers its second question.
		const flips: [string, string][] = Array.from({ length: 1200 }, (_, i) => {
			const q = q2[2 + (i % 2)];
			return [q.id, q.options[i % q.options.length].id];
		});
		await tab2.send(flips.slice(0, 600), S + 3000);
		expect(await answered(S + 4000)).toMatchObject({ 'Ghế 1': 1, 'Ghế 2': 4 });
		await tab2.send(flips.slice(600), S + 5000);
		await tab1.send([[q1[1].id, q1[1].options[1].id]], S + 5000);
		expect(await answered(S + 6000)).toMatchObject({ 'Ghế 1': 2, 'Ghế 2': 4 });
		// Both answer once more: read from where the last poll left each.
		await tab1.send([[q1[2].id, q1[2].options[0].id]], S + 7000);
		await tab2.send([[q2[4].id, q2[4].options[0].id]], S + 7000);
		expect(await answered(S + 8000)).toMatchObject({ 'Ghế 1': 3, 'Ghế 2': 5 });
	});
});
