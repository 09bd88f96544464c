// The process's push bus and what travels on it: "room X changed" notes, published after a
// proctor's action on the room (start, pause, resume, extend, lock …) and heard by the room's
// tablets (GET /api/venue/stream) and consoles (GET /api/proctor/rooms/{id}/stream), which
// then read the new state through the endpoints they poll (the heartbeat, the grid), or, for a
// tablet hearing a change of the room's clock, apply the short code the note carries.
import { app } from '../app';
import { openPushBus, type PushBus } from '.';

let bus: PushBus | null = null;

/** Opened on first use: in memory on SQLite, LISTEN/NOTIFY on the app's PostgreSQL. */
export async function pushBus(): Promise<PushBus> {
	const { config } = await app();
	bus ??= openPushBus(config.databaseUrl);
	return bus;
}

export async function closePushBus(): Promise<void> {
	const b = bus;
	bus = null;
	await b?.close();
}

export const roomTopic = (roomId: string) => `room:${roomId}`;

/**
 * Tells every process's listeners that the room's state changed: every console of the room, and
 * the tablets named in `devices` (`null`: all of them; venue/actions/concerns.ts), with the short
 * code of a change on the room's clock, which a tablet applies on hearing it (client/venue/
 * tablet.svelte.ts; the proctor reads the same code out to a tablet that is offline). Never fails
 * the caller: a note lost here is made up by the clients' polling.
 */
export async function publishRoomChange(
	roomId: string,
	kind: string,
	devices: string[] | null = null,
	code?: string
): Promise<void> {
	try {
		const data = {
			kind,
			at: Date.now(),
			...(devices === null ? {} : { devices }),
			...(code ? { code } : {})
		};
		await (await pushBus()).publish(roomTopic(roomId), data);
	} catch (e) {
		console.error(`push: publishing ${kind} for room ${roomId} failed`, e);
	}
}

/** Whether a room's note (its data as published above) is for this tablet. */
export function noteConcerns(data: unknown, deviceId: string): boolean {
	const devices = (data as { devices?: unknown } | null)?.devices;
	return !Array.isArray(devices) || devices.includes(deviceId);
}
