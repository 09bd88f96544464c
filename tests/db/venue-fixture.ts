// The venue's database tests set up a room as the organiser and proctor would: `count`
// candidates registered, added to the demo final and seated in room-1; a tablet enrolled with
// the room's code and approved to a seat.
import type { Db } from '../../src/lib/server/db';
import { register } from '../../src/lib/server/accounts';
import { addFinalist, assignSeats, enrolDevice, roomAction } from '../../src/lib/server/venue';
import { readToken, type TokenClaims } from '../../src/lib/server/tokens';

export async function seatFinalists(
	db: Db,
	o: { count: number; name: string; phonePrefix: string; idPrefix: string; organiserId: string; at: number }
): Promise<{ sbd: string; userId: string }[]> {
	const seated: { sbd: string; userId: string }[] = [];
	for (let i = 0; i < o.count; i++) {
		const phone = `${o.phonePrefix}${i}0`;
		const r = await register(
			db,
			{
				input: {
					fullName: `${o.name} ${i}`,
					birthDate: '1990-01-01',
					gender: 'male',
					nationalId: `${o.idPrefix}${i}0`,
					phone,
					email: null,
					address: 'Mỹ Tho',
					unitId: 'my-tho',
					password: 'matkhau123',
					publishName: true,
					guardian: null
				},
				address: '127.0.0.1',
				limitPerHour: 1000
			},
			o.at - 3600_000
		);
		if (!r.ok) throw new Error(JSON.stringify(r));
		const f = await addFinalist(
			db,
			{ finalRoundId: 'final', login: phone, actorId: o.organiserId },
			o.at - 3000_000
		);
		if (!f.ok) throw new Error(f.code);
		seated.push({ sbd: f.sbd, userId: r.userId });
	}
	if ((await assignSeats(db, 'final', o.organiserId, o.at)) !== o.count) throw new Error('seats');
	return seated;
}

/** A tablet enrolled with a fresh enrolment code and approved to `seat`: its token's claims. */
export async function enrolTablet(
	db: Db,
	secret: Buffer,
	o: { roomId: string; actorId: string; deviceId: string; seat: string | null; at: number }
): Promise<TokenClaims> {
	const code = await roomAction(db, o.roomId, o.actorId, { action: 'enrolCode' }, o.at);
	if (!code.ok) throw new Error('no code');
	const e = await enrolDevice(
		db,
		secret,
		{ code: code.code!, deviceId: o.deviceId, label: o.deviceId },
		o.at
	);
	if (!e.ok) throw new Error(e.code);
	await roomAction(
		db,
		o.roomId,
		o.actorId,
		{ action: 'approve', deviceId: o.deviceId, seatId: o.seat },
		o.at
	);
	return readToken(secret, e.token)!;
}

/** An attempt's row with its paper (kept in attempt_paper). */
export function attemptWithPaper(db: Db, attemptId: string) {
	return db
		.selectFrom('attempt')
		.innerJoin('attempt_paper', 'attempt_paper.attempt_id', 'attempt.id')
		.selectAll('attempt')
		.select('attempt_paper.paper')
		.where('id', '=', attemptId)
		.executeTakeFirstOrThrow();
}

/** The attempt of the finalist seated at `seat`, with its paper. */
export async function attemptOfSeat(db: Db, seat: string) {
	const f = await db
		.selectFrom('finalist')
		.select(['attempt_id'])
		.where('seat_id', '=', seat)
		.executeTakeFirstOrThrow();
	return attemptWithPaper(db, f.attempt_id!);
}
