// A log that never synced: a tablet's sealed export, uploaded by the proctor.
import { z } from 'zod';
import type { Db } from '../db';
import { importAesKey, openJson, rawKeyFromB64 } from '$lib/exam/venue-crypto';
import { audit } from '../audit';
import { recordIncident } from './incidents';
import { eventBatch, ingestBatch, MAX_BATCH_EVENTS, submitAttempt } from '../attempts';
import { failure } from './shared';
import { readToken } from '../tokens';
import { postRights } from '../access';

export const exportedLog = z.object({
	kind: z.literal('phongthi-venue-log'),
	roomId: z.string().max(64),
	deviceId: z.string().max(64),
	/** The tablet's own device token: the log speaks for that tablet only, as its syncs do. */
	token: z.string().max(2000),
	sealed: z.object({ iv: z.string().max(64), data: z.string().max(20_000_000) })
});

const logContent = z.object({
	attempts: z
		.array(
			z.object({
				attemptId: z.string().max(64),
				events: z.array(z.unknown()).max(100_000),
				localSubmit: z
					.object({ lastSeq: z.number().int().min(0), reason: z.enum(['candidate', 'timeout', 'lock']) })
					.nullable()
			})
		)
		.max(50)
});

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
	let stored = 0;
	let refused = 0;
	for (const a of content.attempts) {
		const f = await db
			.selectFrom('finalist')
			.select('room_id')
			.where('attempt_id', '=', a.attemptId)
			.executeTakeFirst();
		if (!f || f.room_id !== roomId) {
			refused += 1;
			continue;
		}
		const rights = postRights(claims, a.attemptId);
		let allowed = true;
		for (let i = 0; i < a.events.length && allowed; i += MAX_BATCH_EVENTS) {
			const batch = eventBatch.safeParse({
				deviceId: file.deviceId,
				events: a.events.slice(i, i + MAX_BATCH_EVENTS)
			});
			if (!batch.success) return failure('badLog');
			const r = await ingestBatch(db, a.attemptId, batch.data, now, rights);
			if (r.ok) stored += r.stored;
			else allowed = false;
		}
		if (!allowed) {
			refused += 1;
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
		if (!submitted.ok) refused += 1;
	}
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
		{ actorId, action: 'room.upload', target: roomId, detail: { deviceId: file.deviceId, stored, refused } },
		now
	);
	return { ok: true as const, stored, refused };
}
