// The venue hall's set-up for scripts/bench-venue.ts, with the server's own functions on the
// bench database (as tests/db/venue-fixture.ts does for the tests): a final round open now, one
// room of N seats, N finalists added and seated, the room prepared, N tablets enrolled with the
// room's enrolment code and approved each to its seat (their device tokens as the server issues
// them at enrolment), and the room started. Set-up only: everything measured goes through HTTP.
import { randomUUID } from 'node:crypto';
import type { Db } from '../src/lib/server/db';
import { demoBlueprint } from '../src/lib/server/demo/blueprint';
import { DEMO_ACCOUNTS, DEMO_PASSWORDS } from '../src/lib/server/demo/seed';
import { addFinalist, assignSeats, enrolDevice, roomAction } from '../src/lib/server/venue';
import type { PublicPaper } from '../src/lib/exam/paper';
import { insertCandidates } from './bench-common';

/** One tablet of the hall: what its worker needs to heartbeat, sync and submit. */
export interface VenueTablet {
	deviceId: string;
	token: string;
	seatId: string;
	finalistId: string;
	attemptId: string;
	questions: { id: string; options: string[] }[];
}

export interface VenueHall {
	roundId: string;
	roomId: string;
	/** The demo organiser, who acts as the room's proctor (its console and actions). */
	login: string;
	password: string;
	/** When the room was started (the tablets report their start at it). */
	startedAt: number;
	tablets: VenueTablet[];
}

export async function setUpVenueHall(
	db: Db,
	o: { tablets: number; secret: string; log?: (s: string) => void }
): Promise<VenueHall> {
	const log = o.log ?? (() => {});
	const organiserId = (
		await db
			.selectFrom('app_user')
			.select('id')
			.where('phone', '=', DEMO_ACCOUNTS.organiser.phone)
			.executeTakeFirstOrThrow()
	).id;
	const tag = randomUUID().slice(0, 6);
	const roundId = `vf-${tag}`;
	const roomId = `vr-${tag}`;
	const topics = (await db.selectFrom('topic').select('id').orderBy('id').execute()).map((t) => t.id);
	const now = Date.now();
	await db
		.insertInto('round')
		.values({
			id: roundId,
			contest_id: 'demo',
			kind: 'final',
			name: `Chung kết tải ${tag}`,
			opens_at: now - 60_000,
			closes_at: now + 6 * 3600_000,
			question_count: 30,
			duration_s: 25 * 60,
			grace_s: 120,
			min_age: 12,
			max_attempts: 1,
			max_attempts_per_week: null,
			review_after: 0,
			settings: JSON.stringify({ blueprint: demoBlueprint(topics), poolIds: ['secret'] }),
			finalised_at: null
		})
		.execute();
	await db
		.insertInto('room')
		.values({
			id: roomId,
			round_id: roundId,
			name: `Hội trường ${o.tablets}`,
			settings: '{"maxLateStartS":600}'
		})
		.execute();
	for (let i = 0; i < o.tablets; i += 200)
		await db
			.insertInto('seat')
			.values(
				Array.from({ length: Math.min(200, o.tablets - i) }, (_, k) => ({
					id: `${roomId}-s${i + k + 1}`,
					room_id: roomId,
					label: `Ghế ${i + k + 1}`
				}))
			)
			.execute();

	// Candidates (registration's scrypt is not what is measured), each added as a finalist by
	// hand as the organiser would, then seated.
	const users = await insertCandidates(db, o.tablets, 'finalist');
	const logins = await db.selectFrom('app_user').select(['id', 'phone']).where('id', 'in', users).execute();
	for (const u of logins) {
		const f = await addFinalist(db, { finalRoundId: roundId, login: u.phone!, actorId: organiserId });
		if (!f.ok) throw new Error(`addFinalist: ${f.code}`);
	}
	const seated = await assignSeats(db, roundId, organiserId);
	if (seated !== o.tablets) throw new Error(`assignSeats: ${seated} of ${o.tablets}`);
	log(`venue set-up: ${o.tablets} finalists seated in ${roomId}`);

	// Enrolment code (prepares the room: papers drawn, a waiting attempt each), then every
	// tablet enrols with it and the proctor approves it to its seat.
	const code = await roomAction(db, roomId, organiserId, { action: 'enrolCode' });
	if (!code.ok || !code.code) throw new Error('enrolCode');
	const secret = Buffer.from(o.secret);
	const finalists = await db
		.selectFrom('finalist')
		.select(['id', 'seat_id', 'attempt_id'])
		.where('room_id', '=', roomId)
		.execute();
	const papers = new Map(
		(
			await db
				.selectFrom('attempt_paper')
				.select(['attempt_id as id', 'paper'])
				.where(
					'attempt_id',
					'in',
					finalists.map((f) => f.attempt_id!)
				)
				.execute()
		).map((a) => [a.id, JSON.parse(a.paper) as PublicPaper])
	);
	// 50 at a time: their transactions share a commit (the driver's group commit).
	const tablets: VenueTablet[] = [];
	for (let i = 0; i < finalists.length; i += 50) {
		const batch = finalists.slice(i, i + 50);
		tablets.push(
			...(await Promise.all(
				batch.map(async (f) => {
					const e = await enrolDevice(db, secret, {
						code: code.code!,
						deviceId: `tab-${f.seat_id}`,
						label: `Máy ${f.seat_id}`
					});
					if (!e.ok) throw new Error(`enrolDevice: ${e.code}`);
					const approved = await roomAction(db, roomId, organiserId, {
						action: 'approve',
						deviceId: e.deviceId,
						seatId: f.seat_id
					});
					if (!approved.ok) throw new Error(`approve: ${approved.code}`);
					const paper = papers.get(f.attempt_id!)!;
					return {
						deviceId: e.deviceId,
						token: e.token,
						seatId: f.seat_id!,
						finalistId: f.id,
						attemptId: f.attempt_id!,
						questions: paper.questions.map((q) => ({ id: q.id, options: q.options.map((x) => x.id) }))
					};
				})
			))
		);
	}
	log(`venue set-up: ${tablets.length} tablets enrolled and approved`);
	const started = await roomAction(db, roomId, organiserId, { action: 'start' });
	if (!started.ok) throw new Error(`start: ${started.code}`);
	const venue = await db
		.selectFrom('venue_room')
		.select('started_at')
		.where('room_id', '=', roomId)
		.executeTakeFirstOrThrow();
	return {
		roundId,
		roomId,
		login: DEMO_ACCOUNTS.organiser.phone,
		password: DEMO_PASSWORDS.organiser,
		startedAt: venue.started_at!,
		tablets
	};
}
