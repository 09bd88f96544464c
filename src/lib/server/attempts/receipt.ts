// A submit's receipt: the server's HMAC over the part of a device's log it attests, checkable
// later by the organiser. It never covers an event that does not count because of the close
// (sent after it, or past the seq a submit or the lock closed the device's log at): a second
// submit after the first, or the dashboard, must not hand a candidate proof of answers sent
// too late or never submitted.
import type { Db } from '../db';
import { receiptFor } from '../tokens';
import { run } from './hot-sql';
import { AFTER_CLOSE, CONFLICT, flagged } from './flags';

/** Fixed text (hot-sql.ts): a thousand tablets submit at the lock. */
const LOG_UP_TO = `SELECT seq, hash, flags, counts, reason FROM answer_event
 WHERE attempt_id = ? AND device_id = ? AND seq <= ? ORDER BY seq, id`;

/** Why an event past a device's close (or its finalist's move to another tablet) does not count (counting.ts). */
const CLOSED_OUT = new Set(['after_submit', 'after_lock', 'after_move']);

/** The receipt of the device's log up to `upTo`, or up to the last seq before one the close left out. */
export async function receiptOf(
	tx: Db,
	secret: Buffer,
	attemptId: string,
	deviceId: string,
	upTo: number
): Promise<string> {
	let lastSeq = 0;
	let chainHead = attemptId;
	const rows =
		upTo === 0
			? []
			: await run<{ seq: number; hash: string; flags: string; counts: number; reason: string | null }>(
					tx,
					LOG_UP_TO,
					[attemptId, deviceId, upTo]
				);
	for (const r of rows) {
		if (flagged(r.flags, CONFLICT) || r.seq === lastSeq) continue; // outside the chain
		if (r.counts !== 1 && (flagged(r.flags, AFTER_CLOSE) || CLOSED_OUT.has(r.reason ?? ''))) break;
		lastSeq = r.seq;
		chainHead = r.hash;
	}
	return receiptFor(secret, { attemptId, deviceId, lastSeq, chainHead });
}
