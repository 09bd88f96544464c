// A venue tablet: enrolment into a room, the sealed room package, readiness, the
// finalist's sign-in (checked offline), Start (key released online, or the start code read
// out), proctor codes typed offline, and the heartbeat that keeps the console informed.
// The exam itself runs in an ExamSession, exactly as at home.
import { del, get, set } from 'idb-keyval';
import {
	checkPin,
	checkShortCode,
	deriveRoomKeys,
	importAesKey,
	isStartCode,
	normaliseCode,
	openJson,
	rawKeyFromB64,
	sealJson,
	unlockLabel,
	unwrapPaperKey,
	b64
} from '$lib/exam/venue-crypto';
import type { PublicPaper } from '$lib/exam/paper';
import { clockOffset as offsetOf, codeTime, startTimeFromTicks, venueStart } from '$lib/exam/timer';
import { localDb, type LocalAttempt, type VenuePackage } from './db';
import { adoptDeviceId, clockOffset, deviceId as getDeviceId, saveClockOffset } from './device';
import { attemptsToFlush, flushAll } from './sync';
import { isReady, type Readiness } from './readiness';

const ENROLMENT = 'venue.enrolment';
const VIEW = 'venue.view';
const CURRENT = 'venue.current';
const PIN_TRIES = 'venue.pinTries';
const STARTS = 'venue.starts';
const HEARTBEAT_MS = 1000;

export interface Enrolment {
	roomId: string;
	roomName: string;
	token: string;
}

export interface ServedFinalist {
	finalistId: string;
	attemptId: string | null;
	sbd: string;
	name: string;
	state: {
		status: string;
		deadline: number | null;
		pausedSince?: number;
		allowedMs: number;
		startedAt: number | null;
	} | null;
}

export interface DeviceView {
	now: number;
	device: { id: string; status: string; seatId: string | null; seatLabel: string | null };
	room: { id: string; name: string; status: string; startedAt: number | null; lockedAt: number | null };
	finalists: ServedFinalist[];
	movedAway: string[];
}

export interface Current {
	finalistId: string;
	attemptId: string;
	sbd: string;
	name: string | null;
	signedInAt: number;
}

export type { Readiness };

type Phase = 'loading' | 'enrol' | 'pending' | 'preparing' | 'signin' | 'waiting' | 'exam' | 'wiped';

export class Tablet {
	#deviceId = $state('');
	#enrolment = $state<Enrolment | null>(null);
	#view = $state<DeviceView | null>(null);
	#package = $state<VenuePackage | null>(null);
	#current = $state<Current | null>(null);
	#readiness = $state<Readiness>({
		appCached: false,
		papersCached: 0,
		clockOffsetMs: null,
		persisted: false,
		freeBytes: null
	});
	#online = $state(true);
	#pinTries = $state(0);
	#unsent = $state(0);
	#message = $state('');
	#hasKeys = $state(false);
	#timer: ReturnType<typeof setInterval> | null = null;
	#beating: Promise<void> | null = null;
	/** Called after each heartbeat, so the exam screen re-reads its attempt. */
	onBeat: (() => void) | null = null;

	get deviceId() {
		return this.#deviceId;
	}
	get enrolment() {
		return this.#enrolment;
	}
	get view() {
		return this.#view;
	}
	get current() {
		return this.#current;
	}
	get readiness() {
		return this.#readiness;
	}
	get online() {
		return this.#online;
	}
	get pinLocked() {
		return this.#pinTries >= 3;
	}
	get unsent() {
		return this.#unsent;
	}
	get message() {
		return this.#message;
	}
	get seatLabel() {
		return this.#view?.device.seatLabel ?? null;
	}
	get ready(): boolean {
		return isReady(this.#readiness);
	}
	/** Nothing of any finalist waits to be sent: the proctor may let the tablet be wiped. */
	get safeToWipe(): boolean {
		return this.#unsent === 0 && this.#current === null;
	}

	get phase(): Phase {
		if (!this.#deviceId) return 'loading';
		if (!this.#enrolment) return 'enrol';
		if (this.#view?.device.status === 'wiped') return 'wiped';
		if (this.#view && this.#view.device.status !== 'approved') return 'pending';
		if (!this.#package) return this.#view ? 'preparing' : 'pending';
		if (!this.#current) return 'signin';
		return this.#hasKeys ? 'exam' : 'waiting';
	}

	async init(): Promise<void> {
		this.#online = navigator.onLine;
		this.#enrolment = (await get<Enrolment>(ENROLMENT)) ?? null;
		this.#view = (await get<DeviceView>(VIEW)) ?? null;
		this.#current = (await get<Current>(CURRENT)) ?? null;
		this.#pinTries = (await get<number>(PIN_TRIES)) ?? 0;
		if (this.#enrolment) {
			this.#package = (await localDb().packages.get(this.#enrolment.roomId)) ?? null;
			this.#hasKeys = (await localDb().venueKeys.get(this.#enrolment.roomId)) !== undefined;
		}
		await this.#measureReadiness();
		this.#deviceId = await getDeviceId();
	}

	run(): () => void {
		const online = () => {
			this.#online = true;
			void this.beat();
		};
		const offline = () => (this.#online = false);
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		this.#timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
		void this.beat();
		return () => {
			if (this.#timer) clearInterval(this.#timer);
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
		};
	}

	// ------------------------------------------------------------ enrolment and package

	async enrol(code: string, label: string): Promise<void> {
		this.#message = '';
		let res: Response;
		try {
			res = await fetch('/api/venue/enrol', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ code, deviceId: this.#deviceId, label })
			});
		} catch {
			this.#message = 'offline';
			return;
		}
		const body = await res.json().catch(() => null);
		if (!res.ok) {
			this.#message = body?.error?.message ?? `HTTP ${res.status}`;
			return;
		}
		// Every enrolment is a new device: the server may have given this tablet a fresh id.
		if (typeof body.deviceId === 'string' && body.deviceId !== this.#deviceId) {
			await adoptDeviceId(body.deviceId);
			this.#deviceId = body.deviceId;
		}
		this.#enrolment = { roomId: body.roomId, roomName: body.roomName, token: body.token };
		await set(ENROLMENT, $state.snapshot(this.#enrolment));
		// A tablet kept for the exam should not lose its data to storage pressure.
		await navigator.storage?.persist?.().catch(() => false);
		await this.beat();
	}

	async #downloadPackage(): Promise<void> {
		if (!this.#enrolment) return;
		const res = await this.#get('/api/venue/package');
		if (!res?.ok) return;
		const pkg = (await res.json()) as Omit<VenuePackage, 'fetchedAt'>;
		const stored: VenuePackage = { ...pkg, fetchedAt: Date.now() };
		await localDb().packages.put(stored);
		this.#package = stored;
		await this.#measureReadiness();
	}

	async #measureReadiness(): Promise<void> {
		const keys = await caches.keys().catch(() => [] as string[]);
		const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
		this.#readiness = {
			// Cached and in control of this page: a reload without network will be served.
			appCached: keys.some((k) => k.startsWith('phongthi-shell')) && !!navigator.serviceWorker?.controller,
			papersCached: this.#package?.finalists.length ?? 0,
			clockOffsetMs: await clockOffset(),
			persisted: (await navigator.storage?.persisted?.().catch(() => false)) ?? false,
			freeBytes: estimate?.quota !== undefined ? estimate.quota - (estimate.usage ?? 0) : null
		};
	}

	// ------------------------------------------------------------ heartbeat

	async #get(path: string): Promise<Response | null> {
		try {
			return await fetch(path, {
				headers: { authorization: `Bearer ${this.#enrolment?.token}` },
				cache: 'no-store'
			});
		} catch {
			this.#online = false;
			return null;
		}
	}

	/**
	 * One heartbeat at a time. `fresh`: the caller needs an answer to a request sent after
	 * the call (a finalist just moved here), so one already in flight is waited for and then
	 * followed by another.
	 */
	async beat(fresh = false): Promise<void> {
		if (!this.#enrolment) return;
		const inFlight = this.#beating;
		if (inFlight) {
			if (!fresh) return;
			await inFlight;
			// One started meanwhile was sent after the call too.
			const next = this.#beating as Promise<void> | null;
			if (next) return next;
		}
		this.#beating = this.#beatOnce().finally(() => (this.#beating = null));
		return this.#beating;
	}

	/** Report, learn the room's state, fetch what is missing, send the outbox. */
	async #beatOnce(): Promise<void> {
		const enrolment = this.#enrolment;
		if (!enrolment) return;
		try {
			const db = localDb();
			const pending = await attemptsToFlush(db);
			const lastSeqs: Record<string, number> = {};
			const chains = await db.chains.toArray();
			for (const c of chains) if (c.deviceId === this.#deviceId) lastSeqs[c.attemptId] = c.lastSeq;
			this.#unsent =
				(await db.outbox.where('status').anyOf('pending', 'rejected').count()) +
				(await db.attempts.where('status').equals('submitted-local').count());
			const starts = (await get<{ attemptId: string; at: number; viaCode: boolean }[]>(STARTS)) ?? [];
			const sentAt = Date.now();
			let res: Response;
			try {
				res = await fetch('/api/venue/heartbeat', {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolment.token}` },
					body: JSON.stringify({
						readiness: $state.snapshot(this.#readiness),
						signedIn: this.#current
							? { finalistId: this.#current.finalistId, at: this.#current.signedInAt }
							: null,
						started: starts,
						unsent: this.#unsent,
						lastSeqs
					}),
					cache: 'no-store'
				});
			} catch {
				this.#online = false;
				return;
			}
			this.#online = true;
			if (!res.ok) {
				const body = await res.json().catch(() => null);
				this.#message = body?.error?.message ?? `HTTP ${res.status}`;
				return;
			}
			const view = (await res.json()) as DeviceView;
			if (starts.length > 0) {
				const left = ((await get<typeof starts>(STARTS)) ?? []).filter(
					(s) => !starts.some((r) => r.attemptId === s.attemptId && r.at === s.at)
				);
				await set(STARTS, left);
			}
			await saveClockOffset(offsetOf(sentAt, Date.now(), view.now));
			this.#view = view;
			await set(VIEW, view);
			if (view.device.status === 'approved' && !this.#package) await this.#downloadPackage();
			await this.#applyView(view, sentAt);
			if (pending.length > 0 || starts.length > 0) {
				await flushAll({ db, fetch: (...a) => fetch(...a), now: () => Date.now() });
			}
			await this.#measureReadiness();
		} finally {
			this.onBeat?.();
		}
	}

	/** Brings the local attempts in line with what the server says of them (asked at `sentAt`). */
	async #applyView(view: DeviceView, sentAt: number): Promise<void> {
		const db = localDb();
		for (const f of view.finalists) {
			if (!f.attemptId || !f.state) continue;
			const held = await db.attempts.get(f.attemptId);
			if (held)
				await db.attempts.update(f.attemptId, {
					serverState: f.state as LocalAttempt['serverState'],
					serverStateSentAt: sentAt
				});
		}
		for (const attemptId of view.movedAway) {
			const held = await db.attempts.get(attemptId);
			if (held?.venue && !held.venue.movedAway)
				await db.attempts.update(attemptId, { venue: { ...held.venue, movedAway: true } });
		}
		// Online at Start: fetch the keys and open the paper, within one heartbeat.
		if (this.#current && !this.#hasKeys && view.room.startedAt !== null) {
			const res = await this.#get('/api/venue/key');
			if (res?.ok) {
				const k = await res.json();
				await this.#storeKeys(k.paperKey, k.codeKey);
				await this.#openPaper(false);
			}
		}
	}

	// ------------------------------------------------------------ sign-in

	/** Finalists who may sign in here: the seat's, or one the proctor moved to this tablet. */
	#candidates() {
		const seat = this.#view?.device.seatId ?? null;
		const moved = new Set((this.#view?.finalists ?? []).map((f) => f.finalistId));
		return (this.#package?.finalists ?? []).filter(
			(f) => (seat !== null && f.seatId === seat) || moved.has(f.finalistId)
		);
	}

	async signIn(sbd: string, pin: string): Promise<'ok' | 'wrong' | 'locked'> {
		if (this.pinLocked) return 'locked';
		const pkg = this.#package;
		if (!pkg) return 'wrong';
		// One slow check per sign-in: only the finalist with that số báo danh is tried.
		const match = async () => {
			const f = this.#candidates().find((x) => x.sbd.toUpperCase() === sbd.trim().toUpperCase());
			return f && (await checkPin(f.pinCheck, pkg.roomId, f.sbd, pin)) ? f : undefined;
		};
		let f = await match();
		if (!f && this.#online) {
			// A finalist just moved to this tablet: the last heartbeat may predate the move.
			await this.beat(true);
			f = await match();
		}
		if (!f) {
			this.#pinTries += 1;
			await set(PIN_TRIES, this.#pinTries);
			return this.pinLocked ? 'locked' : 'wrong';
		}
		this.#pinTries = 0;
		await set(PIN_TRIES, 0);
		const name = f.name ?? this.#view?.finalists.find((x) => x.finalistId === f.finalistId)?.name ?? null;
		this.#current = {
			finalistId: f.finalistId,
			attemptId: f.attemptId,
			sbd: f.sbd,
			name,
			signedInAt: Date.now() + ((await clockOffset()) ?? 0)
		};
		await set(CURRENT, $state.snapshot(this.#current));
		if (this.#hasKeys) await this.#openPaper(false);
		void this.beat();
		return 'ok';
	}

	/** The proctor's unlock code after three wrong PINs (checked offline). */
	async unlock(code: string): Promise<boolean> {
		if (!this.#package) return false;
		const ok = await checkPin(
			this.#package.unlockCheck,
			this.#package.roomId,
			unlockLabel(this.#deviceId),
			normaliseCode(code)
		);
		if (ok) {
			this.#pinTries = 0;
			await set(PIN_TRIES, 0);
		}
		return ok;
	}

	/** After submission: the tablet is free for the next finalist; nothing queued is lost. */
	async signOut(): Promise<void> {
		this.#current = null;
		await del(CURRENT);
		void this.beat();
	}

	// ------------------------------------------------------------ start

	async #storeKeys(paperKey: string, codeKey: string) {
		if (!this.#package) return;
		await localDb().venueKeys.put({ roomId: this.#package.roomId, paperKey, codeKey });
		this.#hasKeys = true;
	}

	/**
	 * Offline Start: the proctor's 16-character code unwraps the paper key here; the start-time
	 * code read out with it says when the room started, so a start typed late is placed by
	 * the same rule the server applies. Without it the tablet counts from its own start.
	 */
	async startWithCode(code: string, timeCode = ''): Promise<'ok' | 'badCode' | 'badTime'> {
		const pkg = this.#package;
		if (!pkg || !isStartCode(code)) return 'badCode';
		let keys;
		try {
			keys = await deriveRoomKeys(code, pkg.roomId);
			await unwrapPaperKey(keys, pkg.wrappedKey, pkg.roomId);
		} catch {
			return 'badCode';
		}
		let roomStart: number | undefined;
		if (timeCode.trim()) {
			const t = await checkShortCode(keys.codeKey, pkg.roomId, '', timeCode);
			if (!t || t.action !== 'T') return 'badTime';
			roomStart = startTimeFromTicks(t.value, Date.now() + ((await clockOffset()) ?? 0));
		}
		const paperKey = await unwrapPaperKey(keys, pkg.wrappedKey, pkg.roomId);
		const rawPaper = new Uint8Array(await crypto.subtle.exportKey('raw', paperKey));
		const rawCode = new Uint8Array(await crypto.subtle.exportKey('raw', keys.codeKey));
		await this.#storeKeys(b64(rawPaper), b64(rawCode));
		await this.#openPaper(true, roomStart);
		return 'ok';
	}

	/** Decrypts the signed-in finalist's paper and opens it as a local attempt. */
	async #openPaper(viaCode: boolean, codeRoomStart?: number): Promise<void> {
		const cur = this.#current;
		const pkg = this.#package;
		if (!cur || !pkg) return;
		const db = localDb();
		if (await db.attempts.get(cur.attemptId)) return;
		const keys = await db.venueKeys.get(pkg.roomId);
		const entry = pkg.finalists.find((f) => f.attemptId === cur.attemptId);
		if (!keys || !entry) return;
		const paper = await openJson<PublicPaper>(
			await importAesKey(rawKeyFromB64(keys.paperKey)),
			entry.paper,
			entry.attemptId
		);
		// A plain copy: IndexedDB cannot store the reactive proxy.
		const served = $state.snapshot(this.#view?.finalists.find((f) => f.attemptId === cur.attemptId));
		const offset = (await clockOffset()) ?? 0;
		const ownStart = Date.now() + offset;
		const roomStart = this.#view?.room.startedAt ?? codeRoomStart ?? null;
		// Started with the room, or late: the same rule the server applies (venueStart).
		let startedAt = roomStart === null ? ownStart : venueStart(roomStart, ownStart, pkg.maxLateMs).startedAt;
		let deadline = startedAt + pkg.durationMs;
		// Moved here mid-exam: continue from the answers and time the server holds. This is no
		// start: the attempt keeps its start and deadline, and no start is reported.
		let baseAnswers: LocalAttempt['baseAnswers'];
		let elapsedMs = Math.max(0, ownStart - startedAt);
		let continued = false;
		if (
			!viaCode &&
			served &&
			(served.state?.status === 'running' || served.state?.status === 'paused') &&
			this.#view?.device.seatId !== entry.seatId
		) {
			const res = await this.#get(`/api/venue/attempts/${cur.attemptId}/continue`);
			if (res?.ok) {
				const c = await res.json();
				baseAnswers = c.answers;
				elapsedMs = c.elapsedMs;
				continued = true;
				startedAt = served.state.startedAt ?? startedAt;
				deadline = served.state.deadline ?? deadline;
			}
		}
		const attempt: LocalAttempt = {
			attemptId: cur.attemptId,
			userId: cur.finalistId,
			roundId: pkg.roomId,
			roundName: pkg.roomName,
			kind: 'final',
			token: this.#enrolment!.token,
			paper,
			startedAt,
			deadline,
			durationMs: pkg.durationMs,
			graceMs: 0,
			tiebreakPrompt: null,
			review: false,
			status: 'running',
			flagged: [],
			serverState: served?.state ? (served.state as LocalAttempt['serverState']) : undefined,
			baseAnswers,
			venue: {
				roomId: pkg.roomId,
				seatId: entry.seatId,
				finalistId: cur.finalistId,
				sbd: cur.sbd,
				name: cur.name,
				codes: [],
				codeExtensionMs: 0,
				lockedByCode: false,
				movedAway: false,
				roomStartedAt: roomStart
			}
		};
		await db.attempts.put(attempt);
		// The timer starts from the finalist's own start (late) or the room's start.
		await db.checkpoints.put({ attemptId: attempt.attemptId, elapsedMs, wallMs: Date.now() });
		if (continued) return;
		const starts = (await get<{ attemptId: string; at: number; viaCode: boolean }[]>(STARTS)) ?? [];
		await set(STARTS, [
			...starts.filter((s) => s.attemptId !== attempt.attemptId),
			{ attemptId: attempt.attemptId, at: ownStart, viaCode }
		]);
	}

	// ------------------------------------------------------------ proctor codes offline

	/** Applies a pause, resume, extend or lock code the proctor read out. */
	async applyCode(input: string): Promise<boolean> {
		const cur = this.#current;
		const pkg = this.#package;
		if (!cur || !pkg) return false;
		const keys = await localDb().venueKeys.get(pkg.roomId);
		const attempt = await localDb().attempts.get(cur.attemptId);
		if (!keys || !attempt?.venue) return false;
		const codeKey = await crypto.subtle.importKey(
			'raw',
			rawKeyFromB64(keys.codeKey),
			{ name: 'HMAC', hash: 'SHA-256' },
			false,
			['sign', 'verify']
		);
		const c = await checkShortCode(codeKey, pkg.roomId, attempt.venue.seatId ?? '', input);
		if (!c) return false;
		const key = input.toUpperCase().replace(/[\s-]/g, '');
		if (attempt.venue.codes.includes(key)) return true;
		const v = { ...attempt.venue, codes: [...attempt.venue.codes, key] };
		if (c.action === 'P' || c.action === 'R') {
			// Placed on the room's timeline when the tablet knows when the room started.
			const roomStart = v.roomStartedAt ?? this.#view?.room.startedAt ?? null;
			v.codePause = {
				paused: c.action === 'P',
				at: Date.now(),
				roomAt: roomStart === null ? undefined : codeTime(roomStart, c.value)
			};
		}
		if (c.action === 'E') v.codeExtensionMs += c.value * 60_000;
		if (c.action === 'L') v.lockedByCode = true;
		await localDb().attempts.update(cur.attemptId, { venue: v });
		this.onBeat?.();
		return true;
	}

	// ------------------------------------------------------------ export and wipe

	/** The tablet's whole log, sealed with the room's paper key, for the proctor to upload. */
	async exportLog(): Promise<Blob | null> {
		const pkg = this.#package;
		const keys = pkg ? await localDb().venueKeys.get(pkg.roomId) : undefined;
		if (!pkg || !keys) return null;
		const db = localDb();
		const attempts = await db.attempts.toArray();
		const content = {
			attempts: await Promise.all(
				attempts
					.filter((a) => a.kind === 'final')
					.map(async (a) => ({
						attemptId: a.attemptId,
						events: (
							await db.outbox
								.where('[attemptId+status]')
								.anyOf([a.attemptId, 'pending'], [a.attemptId, 'sent'], [a.attemptId, 'rejected'])
								.toArray()
						)
							.filter((e) => e.deviceId === this.#deviceId)
							.sort((x, y) => x.seq - y.seq)
							.map((e) => ({
								seq: e.seq,
								questionId: e.questionId,
								choice: e.choice,
								at: e.at,
								elapsedMs: e.elapsedMs,
								hash: e.hash
							})),
						localSubmit: a.localSubmit
							? { lastSeq: a.localSubmit.lastSeq, reason: a.localSubmit.reason }
							: null
					}))
			)
		};
		const sealed = await sealJson(
			await importAesKey(rawKeyFromB64(keys.paperKey)),
			content,
			`export:${this.#deviceId}`,
			crypto.getRandomValues(new Uint8Array(12))
		);
		return new Blob(
			[JSON.stringify({ kind: 'phongthi-venue-log', roomId: pkg.roomId, deviceId: this.#deviceId, sealed })],
			{ type: 'application/json' }
		);
	}

	/** Erases everything of the room on this tablet: only when all is sent, or the proctor allowed it. */
	async wipe(): Promise<boolean> {
		if (!this.safeToWipe && this.#view?.device.status !== 'wiped') return false;
		const db = localDb();
		await db.delete();
		for (const k of [ENROLMENT, VIEW, CURRENT, PIN_TRIES, STARTS]) await del(k);
		location.reload();
		return true;
	}
}
