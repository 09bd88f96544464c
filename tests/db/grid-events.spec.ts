// The console's grid reads a poll's new events from one range of ids, from where the room's last
// poll counted (issue 11): an attempt idle for long must still have its later answers counted, and
// polls made at once, with answers stored meanwhile, must each count what was stored before them
// and leave the next poll counting every answer. Counted by hand. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { roomAction, roomGrid } from '../../src/lib/server/venue';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';
import { MAX_BATCH_EVENTS } from '../../src/lib/exam/batch';
import { attemptOfSeat, enrolTablet } from './venue-fixture';
import { openFinalRoom } from './final-room';

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

let one: Awaited<ReturnType<typeof seat>>;
let two: Awaited<ReturnType<typeof seat>>;
let tab1: Tablet;
let tab2: Tablet;

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
	// The two seats' papers and tablets, whose chains go on from one test to the next.
	[one, two] = [await seat('room-1-s1'), await seat('room-1-s2')];
	[tab1, tab2] = [new Tablet('tab-1', one.attemptId), new Tablet('tab-2', two.attemptId)];
});
afterAll(async () => t.drop());

describe('the grid of a room where one seat was idle for long', () => {
	it('counts its answers when it answers again, and goes on adding to it', async () => {
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

describe('polls of one room made at once, answers stored meanwhile', () => {
	it('each counts at least what was stored before it, and the next poll every answer', async () => {
		// Where the test above left them: 3 and 5 answered. Poll i starts after i more each.
		expect(await answered(S + 8500)).toMatchObject({ 'Ghế 1': 3, 'Ghế 2': 5 });
		const polls: { before: [number, number]; made: ReturnType<typeof answered> }[] = [];
		for (let i = 0; i < 6; i++) {
			polls.push({ before: [3 + i, 5 + i], made: answered(S + 9000 + i) });
			const [a, b] = [one.questions[3 + i], two.questions[5 + i]];
			await Promise.all([
				tab1.send([[a.id, a.options[0].id]], S + 9000 + i),
				tab2.send([[b.id, b.options[0].id]], S + 9000 + i)
			]);
		}
		for (const { before, made } of polls) {
			const g = await made;
			expect(g['Ghế 1']).toBeGreaterThanOrEqual(before[0]);
			expect(g['Ghế 1']).toBeLessThanOrEqual(9);
			expect(g['Ghế 2']).toBeGreaterThanOrEqual(before[1]);
			expect(g['Ghế 2']).toBeLessThanOrEqual(11);
		}
		expect(await answered(S + 20_000)).toMatchObject({ 'Ghế 1': 9, 'Ghế 2': 11 });
	});
});
