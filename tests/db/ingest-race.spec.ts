// Two writers of one device's chain queued on the attempt's row, on SQLite and PostgreSQL: a
// sync batch and the batch before it (two tabs, or the page and the service worker, flushing one
// device), and a submit queued behind a batch. Each reads the device's row as the one before it
// left it: the acknowledged seq never goes back, and a submit after a batch takes it. On
// PostgreSQL another connection holds the attempt's row until both have queued on it (the first
// then goes first); SQLite has one writer, so there they run one after the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { dialectUnderTest, openDemoDb, type TestDb } from './testdb';
import { secondConnection } from './pg-holder';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { ingestBatch, startAttempt, submitAttempt, type StartedAttempt } from '../../src/lib/server/attempts';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';

const NOW = Date.UTC(2026, 10, 23, 2, 0);
const secret = randomBytes(32);
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

async function started(candidate: number): Promise<StartedAttempt> {
	const user = await t.db
		.selectFrom('app_user')
		.select('id')
		.where('phone', '=', DEMO_ACCOUNTS.candidates[candidate].phone)
		.executeTakeFirstOrThrow();
	const s = await startAttempt(t.db, secret, { userId: user.id, roundId: 'qualifying' }, NOW);
	if (!s.ok) throw new Error(JSON.stringify(s));
	return s;
}

/** Seqs 1..n of one device's chain, each answering a question of the paper. */
async function chain(a: StartedAttempt, n: number): Promise<AnswerEvent[]> {
	const events: AnswerEvent[] = [];
	let prev = a.attemptId;
	for (let seq = 1; seq <= n; seq++) {
		const q = a.paper.questions[seq - 1];
		const e = await chainEvent(prev, {
			seq,
			questionId: q.id,
			choice: q.options[0].id,
			at: NOW + seq * 1000,
			elapsedMs: seq * 1000
		});
		events.push(e);
		prev = e.hash;
	}
	return events;
}

/**
 * Runs `first`, then `second`, both queued on the attempt's row before either goes on
 * (PostgreSQL); one after the other on SQLite. Their results, in that order.
 */
async function queued<A, B>(
	attemptId: string,
	first: () => Promise<A>,
	second: () => Promise<B>
): Promise<[A, B]> {
	if (dialectUnderTest === 'sqlite') return [await first(), await second()];
	const holder = await secondConnection(t.db);
	const other = holder.client;
	// Connections for both writers opened before the row is held: each queues on the row at once.
	await Promise.all(
		[1, 2, 3].map(() => t.db.transaction().execute((tx) => sql`SELECT pg_sleep(0.05)`.execute(tx)))
	);
	try {
		await other.query('BEGIN');
		await other.query('SELECT id FROM attempt WHERE id = $1 FOR UPDATE', [attemptId]);
		const a = first();
		await expect.poll(holder.lockWaiters, { timeout: 20_000 }).toBe(1);
		const b = second();
		await expect.poll(holder.lockWaiters, { timeout: 20_000 }).toBe(2);
		await other.query('COMMIT');
		return [await a, await b];
	} finally {
		await other.query('ROLLBACK').catch(() => {});
		await holder.end();
	}
}

const ackedSeq = async (attemptId: string, deviceId: string) =>
	(
		await t.db
			.selectFrom('attempt_device')
			.select('acked_seq')
			.where('attempt_id', '=', attemptId)
			.where('device_id', '=', deviceId)
			.executeTakeFirstOrThrow()
	).acked_seq;

describe('writers of one device’s chain queued on the attempt', () => {
	it('a batch behind the one before it moves the acknowledged seq on from where that one left it', async () => {
		const a = await started(0);
		const events = await chain(a, 10);
		const post = (from: number, to: number) => () =>
			ingestBatch(
				t.db,
				a.attemptId,
				{ deviceId: 'two-tabs', events: events.slice(from - 1, to) },
				NOW + 20_000
			);
		const [one, two] = await queued(a.attemptId, post(1, 5), post(6, 10));
		expect(one).toMatchObject({ ok: true, acked: 5, stored: 5 });
		// The second read the device as the first left it: 6..10 follow 5.
		expect(two).toMatchObject({ ok: true, acked: 10, stored: 5 });
		expect(await ackedSeq(a.attemptId, 'two-tabs')).toBe(10);
	});

	it('a submit queued behind a batch takes the seqs that batch delivered', async () => {
		const a = await started(1);
		const events = await chain(a, 6);
		expect(
			await ingestBatch(
				t.db,
				a.attemptId,
				{ deviceId: 'flush-then-submit', events: events.slice(0, 3) },
				NOW + 5000
			)
		).toMatchObject({ ok: true, acked: 3 });
		const [batch, submit] = await queued(
			a.attemptId,
			() =>
				ingestBatch(
					t.db,
					a.attemptId,
					{ deviceId: 'flush-then-submit', events: events.slice(3) },
					NOW + 20_000
				),
			() =>
				submitAttempt(
					t.db,
					secret,
					a.attemptId,
					{ deviceId: 'flush-then-submit', lastSeq: 6, reason: 'candidate' },
					NOW + 21_000
				)
		);
		expect(batch).toMatchObject({ ok: true, acked: 6 });
		expect(submit).toMatchObject({ ok: true, status: 'submitted' });
	});
});
