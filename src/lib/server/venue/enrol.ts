// A tablet joins a room: every enrolment is a new pending device with its own token.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db';
import { base32 } from '$lib/exam/venue-crypto';
import { hidesText } from '$lib/exam/names';
import { issueToken } from '../tokens';
import { failure } from './shared';
import { forgetGrid } from './grid-shared';
import { lockedRead } from '../attempts';

export const enrolBody = z.object({
	// Any text: a wrong one is refused as a wrong code (badEnrolCode), not as a malformed body.
	code: z.string().max(40),
	deviceId: z
		.string()
		.min(1)
		.max(64)
		.regex(/^[\w.:-]+$/),
	// Shown on the proctor's approval list: nothing that hides or reorders what it says there.
	label: z
		.string()
		.max(120)
		.refine((s) => !hidesText(s))
		.default('')
});

/**
 * Tablets waiting for approval a room holds at once: every seat's tablet and as many spares,
 * and a few more. Anyone who has seen the enrolment code (shown in the hall) can enrol; without
 * a bound, one script made thousands, and every console read them all each second. Over it a
 * tablet is refused until the proctor approves or rejects some (actions/enrolments.ts).
 */
async function pendingCap(tx: Db, roomId: string): Promise<number> {
	const seats = await tx
		.selectFrom('seat')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('room_id', '=', roomId)
		.executeTakeFirstOrThrow();
	return 2 * Number(seats.n) + 20;
}

async function pendingCount(tx: Db, roomId: string): Promise<number> {
	const row = await tx
		.selectFrom('device')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('room_id', '=', roomId)
		.where('status', '=', 'pending')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function enrolDevice(
	db: Db,
	secret: Buffer,
	input: z.infer<typeof enrolBody>,
	now = Date.now()
) {
	const code = input.code.toUpperCase().replace(/[\s-]/g, '');
	// A wrong code is refused before any transaction: guessing codes costs the database a read.
	const venue = await db
		.selectFrom('venue_room')
		.select(['room_id', 'enrol_expires_at'])
		.where('enrol_code', '=', code)
		.executeTakeFirst();
	if (!venue || (venue.enrol_expires_at ?? 0) < now) return failure('badEnrolCode');
	const held = await db.selectFrom('device').selectAll().where('id', '=', input.deviceId).executeTakeFirst();
	if (held && held.room_id !== venue.room_id && held.status !== 'wiped') {
		return failure('otherRoom');
	}
	const enrolled = await db.transaction().execute(async (tx) => {
		// The count and the insert in one transaction behind the room's row, locked as the room's
		// actions lock it (actions/index.ts): 60 enrolments sent at once all counted the tablets
		// waiting before any of them was inserted, and all 60 were stored in a room bound to 40.
		// On PostgreSQL the next enrolment waits here for this one's commit (approve and reject
		// too, which change the count); SQLite's one connection runs each transaction whole.
		// The code is read again under the lock: the proctor may have replaced it meanwhile.
		const locked = await lockedRead(
			tx,
			tx
				.selectFrom('venue_room')
				.select(['enrol_expires_at'])
				.where('room_id', '=', venue.room_id)
				.where('enrol_code', '=', code)
		).executeTakeFirst();
		if (!locked || (locked.enrol_expires_at ?? 0) < now) return failure('badEnrolCode');
		if ((await pendingCount(tx, venue.room_id)) >= (await pendingCap(tx, venue.room_id)))
			return failure('tooManyPending');
		// Every enrolment is a new pending device with its own token. An id already held (the
		// same tablet again, or someone copying an approved tablet's id) gets a fresh one, which
		// the tablet adopts: a token never speaks for a device that enrolled before it.
		let deviceId = input.deviceId;
		for (let tries = 0; ; tries++) {
			const inserted = await tx
				.insertInto('device')
				.values({
					id: deviceId,
					room_id: venue.room_id,
					seat_id: null,
					status: 'pending',
					label: input.label || input.deviceId.slice(0, 10),
					enrolled_at: now,
					approved_at: null,
					last_seen_at: now,
					readiness: '{}',
					report: '{}'
				})
				.onConflict((oc) => oc.column('id').doNothing())
				.executeTakeFirst();
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { ok: true as const, deviceId };
			if (tries >= 5) return failure('deviceIdTaken');
			deviceId = `${input.deviceId.slice(0, 48)}.${base32(new Uint8Array(randomBytes(5)))}`;
		}
	});
	if (!enrolled.ok) return enrolled;
	const { deviceId } = enrolled;
	// The proctor approves it from the grid: the room's consoles read it at once.
	forgetGrid(db, venue.room_id);
	const room = await db
		.selectFrom('room')
		.select(['name'])
		.where('id', '=', venue.room_id)
		.executeTakeFirstOrThrow();
	return {
		ok: true as const,
		roomId: venue.room_id,
		roomName: room.name,
		deviceId,
		token: issueToken(secret, { kind: 'device', roomId: venue.room_id, deviceId })
	};
}
