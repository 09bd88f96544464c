// The tablet's state machine against a fake venue server that keeps the venue's contract:
// enrolment, approval, the sealed package, sign-in, Start online, codes, incidents and the
// wipe. Real WebCrypto and Dexie (on fake-indexeddb); only the network is faked.
import 'fake-indexeddb/auto';
import { clear, get } from 'idb-keyval';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	b64,
	extendCodeValue,
	importAesKey,
	makePinVerifier,
	makeShortCode,
	rawKeyFromB64,
	sealJson,
	pinUnlockLabel,
	unlockLabel,
	type PinVerifier
} from '$lib/exam/venue-crypto';
import { localDb } from '../db';
import { appendAnswer } from '../answers';
import { ExamSession } from '../exam.svelte';
import { Tablet } from './tablet.svelte';
import { KEYS, type DeviceView, type TabletIncident } from './types';

const ROOM = 'room-1';
const DEVICE = 'd-server';
const SEAT = 'room-1-s1';
const ATTEMPT = 'att-1';
const PIN = '123456';
const PROCTOR_CODE = 'ABCDE-FGH23';
const PIN_UNLOCK_CODE = 'KMNPQ-RST45';
const FAST = 1000; // PBKDF2 rounds of the test's verifiers: the check is the same, only cheaper.

const paper = { seed: 's', questions: [{ id: 'q1', text: 'Câu một', options: [{ id: 'o1', text: 'A' }] }] };
let paperKeyB64 = '';
let codeKeyB64 = '';
let pinCheck: PinVerifier;
let unlockCheck: PinVerifier;
let pinUnlockCheck: PinVerifier;
let sealedPaper: { iv: string; data: string };

/** What the server holds and says; tests move it along as a proctor would. */
class FakeVenue {
	status: 'pending' | 'approved' | 'wiped' = 'pending';
	startedAt: number | null = null;
	down = false;
	/** It sends a package as before the PIN-unlock code was split off (one code, `unlockCheck`). */
	oldPackage = false;
	/** The events endpoint fails (the answers do not leave; the heartbeat does). */
	eventsDown = false;
	heartbeats: Record<string, unknown>[] = [];
	events = new Map<number, unknown>();
	/** The room's state of the attempt, once started. */
	attemptState: DeviceView['finalists'][number]['state'] = null;

	view(): DeviceView {
		return {
			now: Date.now(),
			device: { id: DEVICE, status: this.status, seatId: SEAT, seatLabel: 'Ghế 1' },
			room: { id: ROOM, name: 'Phòng 1', status: 'preparing', startedAt: this.startedAt, lockedAt: null },
			finalists: [
				{
					finalistId: 'f-1',
					attemptId: ATTEMPT,
					sbd: 'CK001',
					name: 'Nguyễn Văn A',
					state: this.attemptState
				}
			],
			movedAway: []
		};
	}

	fetch = vi.fn(async (url: string, init?: RequestInit) => {
		if (this.down) throw new TypeError('Failed to fetch');
		const body = init?.body ? JSON.parse(String(init.body)) : null;
		if (url === '/api/venue/enrol')
			return json({ deviceId: DEVICE, roomId: ROOM, roomName: 'Phòng 1', token: 'tok' });
		if (url === '/api/venue/heartbeat') {
			this.heartbeats.push(body);
			// As the server answers a tablet whose wipe the console allowed (heartbeat.ts).
			if (this.status === 'wiped')
				return json({ error: { code: 'deviceWiped', message: 'Máy đã được cho phép xóa.' } }, 410);
			return json(this.view());
		}
		if (url === '/api/venue/package')
			return json({
				roomId: ROOM,
				roomName: 'Phòng 1',
				durationMs: 600_000,
				maxLateMs: 600_000,
				wrappedKey: { iv: '', data: '' },
				unlockCheck,
				pinUnlockCheck: this.oldPackage ? undefined : pinUnlockCheck,
				finalists: [
					{
						finalistId: 'f-1',
						attemptId: ATTEMPT,
						sbd: 'CK001',
						seatId: SEAT,
						pinCheck,
						paper: sealedPaper,
						name: 'Nguyễn Văn A'
					}
				]
			});
		if (url === '/api/venue/key')
			return this.startedAt ? json({ paperKey: paperKeyB64, codeKey: codeKeyB64 }) : json({}, 409);
		if (url.endsWith('/events')) {
			if (this.eventsDown) return json({ error: { code: 'unavailable', message: 'down' } }, 503);
			if (this.status === 'wiped') return json({ error: { code: 'badToken', message: 'token' } }, 401);
			for (const e of body.events as { seq: number }[]) this.events.set(e.seq, e);
			let acked = 0;
			while (this.events.has(acked + 1)) acked++;
			return json({ acked, state: { status: 'running', deadline: Date.now() + 600_000 }, now: Date.now() });
		}
		return json({ error: { code: 'notFound', message: url } }, 404);
	});
}

function json(body: unknown, status = 200): Response {
	return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

let server: FakeVenue;
const reload = vi.fn();

beforeAll(async () => {
	const paperKey = crypto.getRandomValues(new Uint8Array(32));
	const codeKey = crypto.getRandomValues(new Uint8Array(32));
	paperKeyB64 = b64(paperKey);
	codeKeyB64 = b64(codeKey);
	sealedPaper = await sealJson(
		await importAesKey(rawKeyFromB64(paperKeyB64)),
		paper,
		ATTEMPT,
		new Uint8Array(12)
	);
	const salt = () => crypto.getRandomValues(new Uint8Array(16));
	pinCheck = await makePinVerifier(ROOM, 'CK001', PIN, salt(), FAST);
	unlockCheck = await makePinVerifier(ROOM, unlockLabel(DEVICE), PROCTOR_CODE.replace('-', ''), salt(), FAST);
	pinUnlockCheck = await makePinVerifier(
		ROOM,
		pinUnlockLabel(DEVICE),
		PIN_UNLOCK_CODE.replace('-', ''),
		salt(),
		FAST
	);
});

beforeEach(async () => {
	server = new FakeVenue();
	vi.stubGlobal('fetch', server.fetch);
	vi.stubGlobal('navigator', { onLine: true });
	vi.stubGlobal('caches', { keys: async () => [] });
	vi.stubGlobal('location', { reload });
	reload.mockClear();
	await clear();
	const db = localDb();
	if (!db.isOpen()) await db.open();
	await Promise.all(db.tables.map((t) => t.clear()));
});
afterEach(() => {
	vi.unstubAllGlobals();
});

/** A tablet enrolled, approved, with its package, and the finalist signed in. */
async function signedIn(): Promise<Tablet> {
	const tablet = new Tablet();
	await tablet.init();
	await tablet.enrol('ENROL', 'Máy 1');
	server.status = 'approved';
	await tablet.beat(true);
	expect(await tablet.signIn('ck001', PIN)).toBe('ok');
	return tablet;
}

/** Start pressed online: the next heartbeat releases the keys and opens the paper. */
async function started(): Promise<Tablet> {
	const tablet = await signedIn();
	server.startedAt = Date.now();
	server.attemptState = {
		status: 'running',
		deadline: server.startedAt + 600_000,
		allowedMs: 600_000,
		startedAt: server.startedAt
	};
	await tablet.beat(true);
	return tablet;
}

describe('Tablet', () => {
	it('moves from enrolment to the exam as the server and the finalist say', async () => {
		const tablet = new Tablet();
		await tablet.init();
		expect(tablet.phase).toBe('enrol');
		await tablet.enrol('ENROL', 'Máy 1');
		// The server's id for this device is adopted; it waits for the proctor's approval.
		expect(tablet.deviceId).toBe(DEVICE);
		expect(tablet.phase).toBe('pending');
		server.status = 'approved';
		await tablet.beat(true);
		expect(tablet.phase).toBe('signin');
		expect(tablet.readiness.papersCached).toBe(1);

		expect(await tablet.signIn('CK001', '000000')).toBe('wrong');
		expect(await tablet.signIn('CK001', PIN)).toBe('ok');
		expect(tablet.phase).toBe('waiting');
		expect(tablet.current?.name).toBe('Nguyễn Văn A');

		server.startedAt = Date.now();
		await tablet.beat(true);
		expect(tablet.phase).toBe('exam');
		const held = await localDb().attempts.get(ATTEMPT);
		expect(held?.paper).toEqual(paper);
		expect(held?.startedAt).toBe(server.startedAt);
		// The start is reported with a heartbeat, and then no more.
		await tablet.beat(true);
		await tablet.beat(true);
		const reported = server.heartbeats.map((h) => (h.started as unknown[]).length);
		expect(reported.filter((n) => n > 0)).toEqual([1]);
		expect(reported.at(-1)).toBe(0);
	});

	it('locks sign-in after three wrong PINs until the PIN-unlock code for this tablet is typed', async () => {
		const tablet = new Tablet();
		await tablet.init();
		await tablet.enrol('ENROL', 'Máy 1');
		server.status = 'approved';
		await tablet.beat(true);
		server.down = true; // no fresh heartbeat between tries
		// Nothing to unlock yet: the code is refused.
		expect(await tablet.unlock(PIN_UNLOCK_CODE)).toBe(false);
		for (const want of ['wrong', 'wrong', 'locked'])
			expect(await tablet.signIn('CK001', '999999')).toBe(want);
		expect(await tablet.signIn('CK001', PIN)).toBe('locked');
		expect(await tablet.unlock('ZZZZZ-ZZZZZ')).toBe(false);
		// The proctor-mode code is not the PIN-unlock code (proctor mode clears the tries itself).
		expect(await tablet.unlock(PROCTOR_CODE)).toBe(false);
		expect(await tablet.unlock(PIN_UNLOCK_CODE.toLowerCase())).toBe(true);
		expect(await tablet.signIn('CK001', PIN)).toBe('ok');
	});

	it('opens proctor mode only with the proctor-mode code, never the PIN-unlock code', async () => {
		const tablet = await signedIn();
		expect(tablet.proctorMode).toBe(false);
		expect(await tablet.openProctorMode('ABCDE-FGH24')).toBe(false);
		expect(await tablet.openProctorMode(PIN_UNLOCK_CODE)).toBe(false);
		expect(tablet.proctorMode).toBe(false);
		expect(await tablet.openProctorMode(PROCTOR_CODE)).toBe(true);
		expect(tablet.proctorMode).toBe(true);
		tablet.closeProctorMode();
		expect(tablet.proctorMode).toBe(false);
	});

	it('keeps the one code of a package downloaded before the split, for both jobs', async () => {
		server.oldPackage = true;
		const tablet = new Tablet();
		await tablet.init();
		await tablet.enrol('ENROL', 'Máy 1');
		server.status = 'approved';
		await tablet.beat(true);
		server.down = true;
		for (let i = 0; i < 3; i++) await tablet.signIn('CK001', '999999');
		expect(tablet.pinLocked).toBe(true);
		// The new PIN-unlock code has no verifier there; the old code, now the proctor-mode code, does both.
		expect(await tablet.unlock(PIN_UNLOCK_CODE)).toBe(false);
		expect(await tablet.unlock(PROCTOR_CODE)).toBe(true);
		expect(await tablet.openProctorMode(PIN_UNLOCK_CODE)).toBe(false);
		expect(await tablet.openProctorMode(PROCTOR_CODE)).toBe(true);
	});

	it('refuses a wipe while an answer is unsent, even when the console allowed it', async () => {
		const tablet = await started();
		server.down = true;
		await appendAnswer(localDb(), {
			attemptId: ATTEMPT,
			deviceId: DEVICE,
			questionId: 'q1',
			choice: 'o1',
			elapsedMs: 1000,
			at: Date.now()
		});
		// The finalist was declared lost and the console allowed the wipe: the server tells the
		// tablet so, and takes nothing more from it.
		server.status = 'wiped';
		server.down = false;
		await tablet.beat(true);
		expect(server.events.size).toBe(0);
		expect(tablet.view?.device.status).toBe('wiped');
		expect(tablet.phase).toBe('wiped');
		expect(await tablet.wipe()).toBe('unsent');
		expect(tablet.wipeRefusal).toBe('unsent');
		expect(reload).not.toHaveBeenCalled();
		expect(await localDb().outbox.count()).toBe(1);
	});

	it('hears that the console allowed its wipe, shows it after a reload too, and wipes', async () => {
		const tablet = await started();
		server.status = 'wiped';
		await tablet.beat(true);
		expect(tablet.phase).toBe('wiped');
		// Reopened (a reload, offline), it still knows.
		server.down = true;
		const again = new Tablet();
		await again.init();
		expect(again.phase).toBe('wiped');
		expect(await again.wipe()).toBe(null);
		expect(reload).toHaveBeenCalledOnce();
		expect(await get(KEYS.enrolment)).toBeUndefined();
	});

	it('needs the finalist released before a wipe the console did not allow', async () => {
		const tablet = await signedIn();
		expect(await tablet.wipe()).toBe('signedIn');
		await tablet.signOut();
		expect(tablet.wipeRefusal).toBe(null);
	});

	it('keeps a full-screen exit on the tablet while offline and sends it once, with the next heartbeat', async () => {
		const tablet = await started();
		server.down = true;
		await tablet.recordFullscreenExit(ATTEMPT);
		await tablet.beat(true);
		const kept = await get<TabletIncident[]>(KEYS.incidents);
		expect(kept?.map((i) => [i.kind, i.attemptId])).toEqual([['fullscreen_exit', ATTEMPT]]);
		server.down = false;
		await tablet.beat(true);
		await tablet.beat(true);
		const sent = server.heartbeats.map((h) => (h.incidents as TabletIncident[]).length);
		expect(sent.slice(-2)).toEqual([1, 0]);
		expect(await get<TabletIncident[]>(KEYS.incidents)).toEqual([]);
	});

	it('applies a lock code read out to its seat once, and refuses a code for another seat', async () => {
		const tablet = await started();
		const codeKey = await crypto.subtle.importKey(
			'raw',
			rawKeyFromB64(codeKeyB64),
			{ name: 'HMAC', hash: 'SHA-256' },
			false,
			['sign']
		);
		const other = await makeShortCode(codeKey, ROOM, { action: 'L', value: 50, seat: 'room-1-s2' });
		expect(await tablet.applyCode(other)).toBe(false);
		const lock = await makeShortCode(codeKey, ROOM, { action: 'L', value: 50, seat: SEAT });
		expect(await tablet.applyCode(lock)).toBe(true);
		expect(await tablet.applyCode(lock.toLowerCase())).toBe(true);
		const venue = (await localDb().attempts.get(ATTEMPT))?.venue;
		expect(venue?.lockedByCode).toBe(true);
		expect(venue?.codes).toHaveLength(1);
	});

	it('gives the time of two extensions of the same length by code, typed in any order, once each', async () => {
		const tablet = await started();
		const codeKey = await crypto.subtle.importKey(
			'raw',
			rawKeyFromB64(codeKeyB64),
			{ name: 'HMAC', hash: 'SHA-256' },
			false,
			['sign']
		);
		const MIN = 60_000;
		// The proctor extends the seat by 5 minutes twice: the codes the server makes for them.
		const code = (totalMs: number, seat = SEAT) =>
			makeShortCode(codeKey, ROOM, { action: 'E', value: extendCodeValue(totalMs), seat });
		const [first, second] = [await code(5 * MIN), await code(10 * MIN)];
		expect(first).not.toBe(second);
		expect(await tablet.applyCode(second)).toBe(true);
		expect(await tablet.applyCode(first)).toBe(true);
		expect(await tablet.applyCode(second.toLowerCase())).toBe(true);
		expect(await tablet.applyCode(await code(20 * MIN, 'room-1-s2'))).toBe(false);
		const allowed = async () => (await ExamSession.open(ATTEMPT))?.allowedMs;
		expect(await allowed()).toBe(600_000 + 10 * MIN);
		// Then it hears the server's state of both: the same 10 minutes, not 20.
		server.attemptState = { ...server.attemptState!, allowedMs: 600_000 + 10 * MIN };
		await tablet.beat(true);
		expect((await localDb().attempts.get(ATTEMPT))?.serverState?.allowedMs).toBe(600_000 + 10 * MIN);
		expect(await allowed()).toBe(600_000 + 10 * MIN);
	});
});
