// SQLite's own floor for storing a sync batch: plain better-sqlite3 (no Kysely, no group commit,
// no savepoint, no read, no hash) inserting BATCH-row multi-row inserts into the answer_event
// table the migrations made, CONNS attempts a transaction, with the server's pragmas (WAL,
// synchronous=NORMAL, 64 MiB of cache). What the ingest does around it (scripts/bench-ingest.ts)
// cannot make a batch cheaper than this. bench/analysis.md quotes it.
//   npx tsx scripts/bench-sqlite-floor.ts     CONNS=200 BATCH=30 ROUNDS=40
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openDb } from '../src/lib/server/db';
import { EVENT_COLUMNS, insertEventsSql } from '../src/lib/server/attempts/hot-sql';

const CONNS = Number(process.env.CONNS ?? 200);
const BATCH = Number(process.env.BATCH ?? 30);
const ROUNDS = Number(process.env.ROUNDS ?? 40);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
// The table and its index exactly as the server has them: made by the migrations.
await (await openDb({ dataDir: dir })).close();
const db = new SQLite(path.join(dir, 'phongthi.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -65536');
// The attempts are not made here, so their foreign key is not checked (about 2 % of a batch).
db.pragma('foreign_keys = OFF');

// The server's own statement (attempts/hot-sql.ts), its parameters in its column order.
const insert = db.prepare(insertEventsSql(BATCH));
const hex = () => crypto.randomBytes(32).toString('hex');
const tablets = Array.from({ length: CONNS }, () => ({
	attempt: crypto.randomUUID(),
	device: `d-${crypto.randomUUID()}`
}));

let ns = 0n;
for (let r = 0; r < ROUNDS; r++) {
	// The rows are made before the clock: only SQLite is timed.
	const batches = tablets.map((t) =>
		Array.from({ length: BATCH }, (_, k) => {
			const row: Record<(typeof EVENT_COLUMNS)[number], unknown> = {
				attempt_id: t.attempt,
				device_id: t.device,
				seq: r * BATCH + k + 1,
				question_id: crypto.randomUUID(),
				choice: JSON.stringify(crypto.randomUUID()),
				at: Date.now(),
				elapsed_ms: k * 1000,
				hash: hex(),
				digest: hex(),
				received_at: Date.now(),
				flags: '',
				counts: 1,
				reason: null
			};
			return EVENT_COLUMNS.map((c) => row[c]);
		}).flat()
	);
	const t0 = process.hrtime.bigint();
	db.exec('BEGIN IMMEDIATE');
	for (const b of batches) insert.run(b);
	db.exec('COMMIT');
	ns += process.hrtime.bigint() - t0;
}
const count = db.prepare('SELECT count(*) AS n FROM answer_event').get() as { n: number };
if (count.n !== CONNS * BATCH * ROUNDS) throw new Error(`stored ${count.n} rows`);
console.log(
	`${CONNS} attempts a transaction, batch ${BATCH}: ${(Number(ns) / 1000 / (CONNS * ROUNDS)).toFixed(0)} µs ` +
		`a batch, COMMIT included (${count.n} rows)`
);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
