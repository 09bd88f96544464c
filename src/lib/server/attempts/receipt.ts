// A submit's receipt: the server's HMAC over the part of a device's log it attests, checkable
// later by the organiser. It never covers an event that reached the server after the attempt
// closed and does not count: a second submit after the first, or the dashboard, must not hand
// a candidate proof of answers sent too late.
import type { Db } from '../db';
import { receiptFor } from '../tokens';
import { run } from './hot-sql';
import { AFTER_CLOSE, CONFLICT, flagged } from './flags';

/** Fixed text (hot-sql.ts): a thousand tablets submit at the lock. */
const LOG_UP_TO = `SELECT seq, hash, flags, counts FROM answer_event
 WHERE attempt_id = ? AND device_id = ? AND seq <= ? ORDER BY seq, id`;

/** The receipt of the device's log up to `upTo`, or up to the last seq before a late event that does not count. */
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
			: await run<{ seq: number; hash: string; flags: string; counts: number }>(tx, LOG_UP_TO, [
					attemptId,
					deviceId,
					upTo
				]);
	for (const r of rows) {
		if (flagged(r.flags, CONFLICT) || r.seq === lastSeq) continue; // outside the chain
		if (flagged(r.flags, AFTER_CLOSE) && r.counts !== 1) break;
		lastSeq = r.seq;
		chainHead = r.hash;
	}
	return receiptFor(secret, { attemptId, deviceId, lastSeq, chainHead });
}
