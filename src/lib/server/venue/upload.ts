// A log that never synced: a tablet's sealed export, uploaded by the proctor.
import { z } from 'zod';
import type { Db } from '../db';
import { importAesKey, openJson, rawKeyFromB64 } from '$lib/exam/venue-crypto';
import { MAX_DEVICE_SEQ } from '$lib/exam/batch';
import { audit } from '../audit';
import { recordIncident } from './incidents';
import {
	deviceIdSchema,
	ingestBatch,
	MAX_BATCH_EVENTS,
	submitAttempt,
	submitBody,
	wireEvent,
	type EventBatch
} from '../attempts';
import { failure } from './shared';
import { readToken } from '../tokens';
import { postRights } from '../access';
import { drain, readJson } from '../http';

/**
 * The sealed log's length at most (base64 of the encrypted JSON). A tablet's log holds one
 * chain per finalist it served (its seat's, any moved to it), each at most MAX_DEVICE_SEQ
 * events of about 230 bytes of JSON with question ids at their 64-character bound: 1.15 MB,
 * 1.53 MB sealed. So this holds 13 such chains, where a tablet has a few, and most chains are
 * a few hundred events.
 */
export const MAX_SEALED_LOG = 20_000_000;
/** Chains one log may hold: as many as a tablet's heartbeat may name. */
export const MAX_LOG_ATTEMPTS = 50;
/**
 * The upload's body at most: the sealed log and its envelope (ids, iv and the device token,
 * under 2.5 KB). `receiveLog` holds it itself (http.ts readJson), above every other route's limit.
 */
export const MAX_LOG_BODY_BYTES = MAX_SEALED_LOG + 4 * 1024;

export const exportedLog = z.object({
	kind: z.literal('phongthi-venue-log'),
	roomId: z.string().max(64),
	deviceId: deviceIdSchema,
	/** The tablet's own device token: the log speaks for that tablet only, as its syncs do. */
	token: z.string().max(2000),
	sealed: z.object({ iv: z.string().max(64), data: z.string().max(MAX_SEALED_LOG) })
});

/**
 * What the sealed log holds, checked whole before anything of it is stored: each event as a
 * sync batch's (wire.ts), a chain no longer than a device may send (its seqs within
 * MAX_DEVICE_SEQ, as ingest holds them), the local submit as the submit endpoint's.
 */
const logContent = z.object({
	attempts: z
		.array(
			z.object({
				attemptId: z.string().max(64),
				events: z
					.array(wireEvent.extend({ seq: z.number().int().min(1).max(MAX_DEVICE_SEQ) }))
					.max(MAX_DEVICE_SEQ),
				localSubmit: z
					.object({ lastSeq: submitBody.shape.lastSeq, reason: z.enum(['candidate', 'timeout', 'lock']) })
					.nullable()
			})
		)
		.max(MAX_LOG_ATTEMPTS)
});

/**
 * How long an upload refused because another is being received is told to wait: the largest log
 * takes a few seconds (bench: 2.3 s for a 14.5 MB one).
 */
export const UPLOAD_RETRY_MS = 5_000;

/**
 * How long an upload's body may send nothing before it is given up (408 `uploadStalled`): a
 * proctor's laptop whose connection stalls mid-file would otherwise hold the process's one upload
 * turn until Node's request timeout (300 s), and every other room's upload with it.
 */
export const UPLOAD_IDLE_MS = 30_000;

/** Whether this process is receiving a log (`receiveLog`). */
let receiving = false;

/**
 * The upload route's work: the body read, checked and stored (`uploadLog`), one log at a time in
 * this process. A log is up to 20 MB, read whole, parsed, decrypted and checked on the server's
 * one thread, and held several times over meanwhile: eight at once took 500 MB more and held the
 * tablets' heartbeats for seconds. So another arriving meanwhile, from any room, is refused at
 * once (`uploadBusy`, 429 with Retry-After; its body is dropped as it arrives) and the proctor chooses the file
 * again: a queue would hold the proctor's console waiting, unsure whether anything happens. The
 * turn is given back whatever happens (a refusal, an error, a client gone mid-body, a body that
 * sends nothing for `idleMs`).
 */
export async function receiveLog(
	db: Db,
	secret: Buffer,
	roomId: string,
	actorId: string,
	request: Request,
	now?: number,
	idleMs = UPLOAD_IDLE_MS
) {
	if (receiving) {
		// Read and dropped, as a body past its limit is (http.ts `drain`): the client gets the answer.
		if (request.body) void drain(request.body.getReader());
		return failure('uploadBusy', { retryAfterMs: UPLOAD_RETRY_MS });
	}
	receiving = true;
	try {
		const file = await readJson(request, exportedLog, MAX_LOG_BODY_BYTES, {
			ms: idleMs,
			code: 'uploadStalled'
		});
		return await uploadLog(db, secret, roomId, actorId, file, now);
	} finally {
		receiving = false;
	}
}

/**
 * A tablet whose network never came back exports its log sealed with the room's paper key,
 * with its own device token; the proctor uploads the file and it is ingested exactly as if
 * the tablet had synced: with that token's rights (a tablet of this room that serves, or
 * served, the finalist). The paper key alone proves nothing: every tablet of the room holds it.
 * An attempt the tablet may not post for is left out and counted in `refused`.
 */
export async function uploadLog(
	db: Db,
	secret: Buffer,
	roomId: string,
	actorId: string,
	file: z.infer<typeof exportedLog>,
	now = Date.now()
) {
	if (file.roomId !== roomId) return failure('logOtherRoom');
	const claims = readToken(secret, file.token);
	if (!claims || claims.kind !== 'device' || claims.deviceId !== file.deviceId || claims.roomId !== roomId)
		return failure('badLog');
	const venue = await db
		.selectFrom('venue_room')
		.selectAll()
		.where('room_id', '=', roomId)
		.executeTakeFirst();
	if (!venue) return failure('roomNotFound');
	let content: z.infer<typeof logContent>;
	try {
		content = logContent.parse(
			await openJson(
				await importAesKey(rawKeyFromB64(venue.paper_key)),
				file.sealed,
				`export:${file.deviceId}`
			)
		);
	} catch {
		return failure('badLog');
	}
	// A tablet's export holds each attempt once (client/venue/wipe.ts); one holding an attempt
	// twice is not a tablet's, and would have its chain checked and ingested again for nothing.
	if (new Set(content.attempts.map((a) => a.attemptId)).size !== content.attempts.length)
		return failure('logRepeatsAttempt');
	// Everything above is checked before anything is stored: a log that fails it stores nothing.
	// Below, an attempt the tablet may not post for, or a batch ingest refuses, is left out and
	// counted; what was stored before it stays, and the audit entry names each refusal.
	let stored = 0;
	const refusals: { attemptId: string; code: string }[] = [];
	for (const a of content.attempts) {
		const f = await db
			.selectFrom('finalist')
			.select('room_id')
			.where('attempt_id', '=', a.attemptId)
			.executeTakeFirst();
		if (!f || f.room_id !== roomId) {
			refusals.push({ attemptId: a.attemptId, code: 'notInRoom' });
			continue;
		}
		const rights = postRights(claims, a.attemptId);
		let refusal: string | null = null;
		for (let i = 0; i < a.events.length && !refusal; i += MAX_BATCH_EVENTS) {
			const batch: EventBatch = { deviceId: file.deviceId, events: a.events.slice(i, i + MAX_BATCH_EVENTS) };
			const r = await ingestBatch(db, a.attemptId, batch, now, rights);
			if (r.ok) stored += r.stored;
			else refusal = r.code;
		}
		if (refusal) {
			refusals.push({ attemptId: a.attemptId, code: refusal });
			continue;
		}
		if (!a.localSubmit) continue;
		const submitted = await submitAttempt(
			db,
			secret,
			a.attemptId,
			{ deviceId: file.deviceId, lastSeq: a.localSubmit.lastSeq, reason: a.localSubmit.reason },
			now,
			rights
		);
		if (!submitted.ok) refusals.push({ attemptId: a.attemptId, code: submitted.code });
	}
	const refused = refusals.length;
	await recordIncident(db, {
		roomId,
		seatId: null,
		at: now,
		kind: 'upload',
		params: { device: file.deviceId.slice(0, 10), n: stored },
		actorId
	});
	await audit(
		db,
		{
			actorId,
			action: 'room.upload',
			target: roomId,
			detail: { deviceId: file.deviceId, stored, refused, refusals }
		},
		now
	);
	return { ok: true as const, stored, refused };
}
