// Small facts about this device, in idb-keyval: its id and its clock's offset to the server.
import { get, set } from 'idb-keyval';

const DEVICE_ID = 'deviceId';
const CLOCK_OFFSET = 'clockOffsetMs';

/** A random id made once per browser profile; all tabs and the service worker share it. */
export async function deviceId(): Promise<string> {
	const held = await get<string>(DEVICE_ID);
	if (held) return held;
	const made = `d-${crypto.randomUUID()}`;
	await set(DEVICE_ID, made);
	// Two tabs may race on first use: whoever wrote last wins, and both read it back.
	return (await get<string>(DEVICE_ID)) ?? made;
}

export async function clockOffset(): Promise<number | null> {
	return (await get<number>(CLOCK_OFFSET)) ?? null;
}

/** Whole milliseconds: times sent to the server are integers. */
export async function saveClockOffset(offsetMs: number): Promise<void> {
	await set(CLOCK_OFFSET, Math.round(offsetMs));
}

/** The id the server gave this tablet at enrolment (every enrolment is a new device). */
export async function adoptDeviceId(id: string): Promise<void> {
	await set(DEVICE_ID, id);
}
