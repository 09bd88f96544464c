// The process's push bus and what travels on it: "room X changed" notes, published after a
// proctor's action on the room (start, pause, resume, extend, lock …) and heard by the room's
// tablets (GET /api/venue/stream) and consoles (GET /api/proctor/rooms/{id}/stream), which
// then read the new state through the endpoints they poll (the heartbeat, the grid).
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
 * Tells every process's listeners that the room's state changed. Never fails the caller: a
 * note lost here is made up by the clients' slower polling.
 */
export async function publishRoomChange(roomId: string, kind: string, at = Date.now()): Promise<void> {
	try {
		await (await pushBus()).publish(roomTopic(roomId), { kind, at });
	} catch (e) {
		console.error(`push: publishing ${kind} for room ${roomId} failed`, e);
	}
}
