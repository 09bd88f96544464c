// The proctor's actions on a room (start, pause, resume, extend, lock, approve, move,
// incidents, wipe) and the short codes they give.
import { z } from 'zod';
import type { Db } from '../db';
import { codeTicks } from '$lib/exam/timer';
import { audit } from '../audit';
import { closeAttempt } from '../attempts';
import { type VenueFailure, fail, serverElapsed, syncPauses, codeFor, roomAttempts } from './shared';
import { prepareRoom, newEnrolCode } from './prepare';
import { roomGrid } from './grid';
import { fmt, messages } from '$lib/i18n';

const m = messages('vi').console;
const when = (ms: number) =>
	new Date(ms).toLocaleString('vi-VN', {
		timeZone: 'Asia/Ho_Chi_Minh',
		dateStyle: 'short',
		timeStyle: 'short'
	});

export const actionBody = z.discriminatedUnion('action', [
	z.object({ action: z.literal('start') }),
	z.object({ action: z.literal('pause'), seatId: z.string().max(64).optional() }),
	z.object({ action: z.literal('resume'), seatId: z.string().max(64).optional() }),
	z.object({
		action: z.literal('extend'),
		seatId: z.string().max(64),
		minutes: z.number().int().min(1).max(60)
	}),
	z.object({ action: z.literal('lock') }),
	z.object({
		action: z.literal('approve'),
		deviceId: z.string().max(64),
		seatId: z.string().max(64).nullable()
	}),
	z.object({ action: z.literal('move'), finalistId: z.string().max(64), deviceId: z.string().max(64) }),
	z.object({
		action: z.literal('incident'),
		seatId: z.string().max(64).nullable(),
		note: z.string().min(1).max(1000)
	}),
	z.object({ action: z.literal('enrolCode') }),
	z.object({ action: z.literal('declareLost'), finalistId: z.string().max(64) }),
	z.object({ action: z.literal('wipe'), deviceId: z.string().max(64) })
]);

export type RoomAction = z.infer<typeof actionBody>;

export interface ActionResult {
	ok: true;
	/** What the proctor reads out to tablets that stay offline. */
	code?: string;
	message?: string;
}

export async function roomAction(
	db: Db,
	roomId: string,
	actorId: string,
	a: RoomAction,
	now = Date.now()
): Promise<ActionResult | VenueFailure> {
	const prepared = await prepareRoom(db, roomId, now);
	if ('ok' in prepared) return prepared;
	if (a.action === 'enrolCode') {
		const r = await newEnrolCode(db, roomId, actorId, now);
		return 'code' in r ? { ok: true, code: r.code } : r;
	}
	// After the lock a tablet is declared lost only while the server lacks some of its answers:
	// that declaration is what lets the organiser finalise a room whose tablet never comes back.
	if (a.action === 'declareLost' && prepared.locked_at !== null) {
		const grid = await roomGrid(db, roomId, now);
		const seat = grid.ok ? grid.seats.find((s) => s.finalist?.id === a.finalistId) : undefined;
		if (seat && (!seat.device || seat.device.allSent)) return fail(409, 'lockedNoLost', m.lockedNoLost);
	}
	return db.transaction().execute(async (tx): Promise<ActionResult | VenueFailure> => {
		const venue = await tx
			.selectFrom('venue_room')
			.selectAll()
			.where('room_id', '=', roomId)
			.executeTakeFirstOrThrow();
		const since = (t: number) => codeTicks(venue.started_at ?? t, t);
		const done = async (result: ActionResult, detail: Record<string, unknown> = {}) => {
			await audit(
				tx,
				{ actorId, action: `room.${a.action}`, target: roomId, detail: { ...a, ...detail } },
				now
			);
			return result;
		};
		switch (a.action) {
			case 'start': {
				if (venue.started_at !== null) return fail(409, 'alreadyStarted', 'Phòng thi đã bắt đầu.');
				// The round's window, as the organiser set it (they can move it on the round's page).
				const round = await tx
					.selectFrom('room')
					.innerJoin('round', 'round.id', 'room.round_id')
					.select(['round.opens_at', 'round.closes_at'])
					.where('room.id', '=', roomId)
					.executeTakeFirstOrThrow();
				if (now < round.opens_at || now >= round.closes_at)
					return fail(
						409,
						'outsideWindow',
						fmt(m.outsideWindow, { opens: when(round.opens_at), closes: when(round.closes_at) })
					);
				await tx
					.updateTable('venue_room')
					.set({ status: 'running', started_at: now })
					.where('room_id', '=', roomId)
					.execute();
				const ids = (await roomAttempts(tx, roomId)).filter((x) => x.status === 'waiting').map((x) => x.id);
				if (ids.length)
					await tx
						.updateTable('attempt')
						.set({ status: 'running', started_at: now })
						.where('id', 'in', ids)
						.execute();
				return done({ ok: true, code: venue.start_code });
			}
			case 'pause':
			case 'resume': {
				if (venue.started_at === null || venue.locked_at !== null)
					return fail(409, 'notRunning', 'Phòng thi không ở trạng thái đang thi.');
				let attemptId: string | null = null;
				if (a.seatId) {
					const f = await tx
						.selectFrom('finalist')
						.select('attempt_id')
						.where('room_id', '=', roomId)
						.where('seat_id', '=', a.seatId)
						.executeTakeFirst();
					if (!f?.attempt_id) return fail(404, 'noFinalist', 'Ghế này chưa có thí sinh.');
					attemptId = f.attempt_id;
				}
				const open = await tx
					.selectFrom('pause')
					.select('id')
					.where('room_id', '=', roomId)
					.where('to_at', 'is', null)
					.where((eb) => (attemptId ? eb('attempt_id', '=', attemptId) : eb('attempt_id', 'is', null)))
					.executeTakeFirst();
				if (a.action === 'pause') {
					if (open) return fail(409, 'alreadyPaused', 'Đang tạm dừng.');
					await tx
						.insertInto('pause')
						.values({ room_id: roomId, attempt_id: attemptId, from_at: now, to_at: null })
						.execute();
				} else {
					if (!open) return fail(409, 'notPaused', 'Không có tạm dừng nào đang diễn ra.');
					await tx.updateTable('pause').set({ to_at: now }).where('id', '=', open.id).execute();
				}
				if (!a.seatId)
					await tx
						.updateTable('venue_room')
						.set({ status: a.action === 'pause' ? 'paused' : 'running' })
						.where('room_id', '=', roomId)
						.execute();
				for (const at of await roomAttempts(tx, roomId, a.seatId)) await syncPauses(tx, roomId, at, now);
				return done({
					ok: true,
					code: await codeFor(venue, a.action === 'pause' ? 'P' : 'R', since(now), a.seatId ?? '*')
				});
			}
			case 'extend': {
				if (venue.locked_at !== null) return fail(409, 'locked', m.lockedNoExtend);
				const [at] = await roomAttempts(tx, roomId, a.seatId);
				if (!at) return fail(404, 'noFinalist', 'Ghế này chưa có thí sinh.');
				await tx
					.updateTable('attempt')
					.set({ extension_ms: at.extension_ms + a.minutes * 60_000 })
					.where('id', '=', at.id)
					.execute();
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: a.seatId,
						at: now,
						kind: 'extend',
						note: '', // worded from kind + params (i18n/console-text.ts)
						params: JSON.stringify({ minutes: a.minutes }),
						actor_id: actorId
					})
					.execute();
				return done({ ok: true, code: await codeFor(venue, 'E', a.minutes, a.seatId) });
			}
			case 'lock': {
				if (venue.started_at === null) return fail(409, 'notStarted', 'Phòng thi chưa bắt đầu.');
				if (venue.locked_at !== null)
					return { ok: true, code: await codeFor(venue, 'L', since(venue.locked_at), '*') };
				await tx
					.updateTable('pause')
					.set({ to_at: now })
					.where('room_id', '=', roomId)
					.where('to_at', 'is', null)
					.execute();
				await tx
					.updateTable('venue_room')
					.set({ status: 'locked', locked_at: now })
					.where('room_id', '=', roomId)
					.execute();
				for (const at of await roomAttempts(tx, roomId)) {
					if (at.status === 'running' || at.status === 'paused' || at.status === 'waiting') {
						await syncPauses(tx, roomId, at, now);
						const fresh = await tx
							.selectFrom('attempt')
							.selectAll()
							.where('id', '=', at.id)
							.executeTakeFirstOrThrow();
						await closeAttempt(tx, fresh, 'lock', now, 'locked');
					}
				}
				return done({ ok: true, code: await codeFor(venue, 'L', since(now), '*') });
			}
			case 'approve': {
				const device = await tx
					.selectFrom('device')
					.select(['id', 'room_id'])
					.where('id', '=', a.deviceId)
					.executeTakeFirst();
				if (!device || device.room_id !== roomId)
					return fail(404, 'noDevice', 'Không tìm thấy thiết bị trong phòng này.');
				if (a.seatId) {
					const seat = await tx
						.selectFrom('seat')
						.select('id')
						.where('id', '=', a.seatId)
						.where('room_id', '=', roomId)
						.executeTakeFirst();
					if (!seat) return fail(404, 'noSeat', 'Không tìm thấy ghế.');
					await tx
						.updateTable('device')
						.set({ seat_id: null })
						.where('room_id', '=', roomId)
						.where('seat_id', '=', a.seatId)
						.where('id', '!=', a.deviceId)
						.execute();
				}
				await tx
					.updateTable('device')
					.set({ status: 'approved', approved_at: now, seat_id: a.seatId })
					.where('id', '=', a.deviceId)
					.execute();
				return done({ ok: true });
			}
			case 'move': {
				if (venue.locked_at !== null) return fail(409, 'locked', m.lockedNoMove);
				const f = await tx
					.selectFrom('finalist')
					.selectAll()
					.where('id', '=', a.finalistId)
					.where('room_id', '=', roomId)
					.executeTakeFirst();
				const target = await tx
					.selectFrom('device')
					.selectAll()
					.where('id', '=', a.deviceId)
					.where('room_id', '=', roomId)
					.executeTakeFirst();
				if (!f || !f.attempt_id) return fail(404, 'noFinalist', 'Không tìm thấy thí sinh.');
				if (!target || target.status !== 'approved')
					return fail(409, 'noDevice', 'Máy dự phòng chưa được duyệt.');
				const from =
					f.device_id ??
					(f.seat_id
						? (
								await tx
									.selectFrom('device')
									.select('id')
									.where('room_id', '=', roomId)
									.where('seat_id', '=', f.seat_id)
									.executeTakeFirst()
							)?.id
						: undefined) ??
					null;
				if (from === target.id) return fail(409, 'sameDevice', 'Thí sinh đang ở máy này.');
				const attempt = await tx
					.selectFrom('attempt')
					.selectAll()
					.where('id', '=', f.attempt_id)
					.executeTakeFirstOrThrow();
				const movedAt = await serverElapsed(tx, roomId, attempt, now);
				if (from) {
					await tx
						.insertInto('attempt_device')
						.values({
							attempt_id: attempt.id,
							device_id: from,
							acked_seq: 0,
							head_hash: attempt.id,
							chain_ok: 1,
							last_seen_at: now,
							moved_at_elapsed_ms: movedAt
						})
						.onConflict((oc) =>
							oc.columns(['attempt_id', 'device_id']).doUpdateSet({ moved_at_elapsed_ms: movedAt })
						)
						.execute();
				}
				await tx.updateTable('finalist').set({ device_id: target.id }).where('id', '=', f.id).execute();
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: f.seat_id,
						at: now,
						kind: 'move',
						note: '', // worded from kind + params (i18n/console-text.ts)
						params: JSON.stringify({ sbd: f.sbd, device: target.label }),
						actor_id: actorId
					})
					.execute();
				return done({ ok: true }, { from, movedAtElapsedMs: movedAt });
			}
			case 'incident': {
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: a.seatId,
						at: now,
						kind: 'note',
						note: a.note,
						params: '{}',
						actor_id: actorId
					})
					.execute();
				return done({ ok: true });
			}
			case 'declareLost': {
				const f = await tx
					.selectFrom('finalist')
					.select(['sbd', 'seat_id'])
					.where('id', '=', a.finalistId)
					.where('room_id', '=', roomId)
					.executeTakeFirst();
				if (!f) return fail(404, 'noFinalist', 'Không tìm thấy thí sinh.');
				await tx
					.updateTable('finalist')
					.set({ lost: 1 })
					.where('id', '=', a.finalistId)
					.where('room_id', '=', roomId)
					.execute();
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: f.seat_id,
						at: now,
						kind: 'lost',
						note: '', // worded from kind + params (i18n/console-text.ts)
						params: JSON.stringify({ sbd: f.sbd }),
						actor_id: actorId
					})
					.execute();
				return done({ ok: true });
			}
			case 'wipe': {
				const device = await tx
					.selectFrom('device')
					.select('label')
					.where('id', '=', a.deviceId)
					.where('room_id', '=', roomId)
					.executeTakeFirst();
				if (!device) return fail(404, 'noDevice', 'Không tìm thấy thiết bị trong phòng này.');
				await tx
					.updateTable('device')
					.set({ status: 'wiped', seat_id: null })
					.where('id', '=', a.deviceId)
					.where('room_id', '=', roomId)
					.execute();
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: null,
						at: now,
						kind: 'wipe',
						note: '', // worded from kind + params (i18n/console-text.ts)
						params: JSON.stringify({ device: device.label }),
						actor_id: actorId
					})
					.execute();
				return done({ ok: true });
			}
		}
	});
}
