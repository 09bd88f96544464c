// Enrolment: the tablet joins a room with the code the proctor's console shows.
import { set } from 'idb-keyval';
import { adoptDeviceId } from '../device';
import { serverMessage } from '../no-server';
import { KEYS, type Enrolment } from './types';

export type EnrolOutcome =
	| { ok: true; enrolment: Enrolment; deviceId: string }
	/** `offline`, NO_SERVER (no usable answer), or the server's sentence. */
	| { ok: false; message: string };

export async function enrolDevice(deviceId: string, code: string, label: string): Promise<EnrolOutcome> {
	let res: Response;
	try {
		res = await fetch('/api/venue/enrol', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ code, deviceId, label })
		});
	} catch {
		return { ok: false, message: 'offline' };
	}
	const body = await res.json().catch(() => null);
	if (!res.ok) return { ok: false, message: serverMessage(body) };
	// Every enrolment is a new device: the server may have given this tablet a fresh id.
	let id = deviceId;
	if (typeof body.deviceId === 'string' && body.deviceId !== deviceId) {
		await adoptDeviceId(body.deviceId);
		id = body.deviceId;
	}
	const enrolment: Enrolment = { roomId: body.roomId, roomName: body.roomName, token: body.token };
	await set(KEYS.enrolment, enrolment);
	// A tablet kept for the exam should not lose its data to storage pressure.
	await navigator.storage?.persist?.().catch(() => false);
	return { ok: true, enrolment, deviceId: id };
}

/** A GET with the tablet's token; null when the network is down. */
export async function venueGet(token: string | undefined, path: string): Promise<Response | null> {
	try {
		return await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
	} catch {
		return null;
	}
}
