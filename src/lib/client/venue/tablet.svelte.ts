// A venue tablet: enrolment into a room, the sealed room package, readiness, the finalist's
// sign-in (checked offline), Start (key released online, or the start code read out), proctor
// codes typed offline, proctor mode, and the heartbeat that keeps the console informed. Each
// concern lives in its own module beside this one; this class holds the state the screens
// read. The exam itself runs in an ExamSession, exactly as at home.
import { del, get, set } from 'idb-keyval';
import { localDb, type VenuePackage } from '../db';
import { clockOffset, deviceId as getDeviceId } from '../device';
import { isReady, type Readiness } from '../readiness';
import { enrolDevice } from './enrol';
import {
	downloadPackage,
	fetchKeys,
	keysFromStartCode,
	measureReadiness,
	openPaper,
	refreshContinued,
	storeKeys
} from './package';
import { beatOnce, queueIncident, queueStart } from './heartbeat';
import {
	applyShortCode,
	checkPinUnlockCode,
	checkProctorCode,
	matchPin,
	servedElsewhere,
	signInCandidates
} from './codes';
import { eraseTablet, exportLog, unsentCount, wipeRefusal, type LogExport, type WipeRefusal } from './wipe';
import { KEYS, type Current, type DeviceView, type Enrolment, type Phase } from './types';
import { watchRoom } from '../push';

export type { Current, DeviceView, Enrolment, Phase, Readiness, WipeRefusal };

const HEARTBEAT_MS = 1000;

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
	#rejected = $state(false);
	#hasKeys = $state(false);
	#proctorMode = $state(false);
	#beating: Promise<void> | null = null;
	/** When a moved finalist's answers were last asked for again (refreshContinued). */
	#continuedAt = 0;
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
	/** The proctor rejected this tablet while it waited: it enrols again. */
	get rejected() {
		return this.#rejected;
	}
	get package() {
		return this.#package;
	}
	/** The room's keys are here (after Start): the log can be exported. */
	get hasKeys() {
		return this.#hasKeys;
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
	/** Opened with the proctor's code for this tablet; closed on reload. */
	get proctorMode(): boolean {
		return this.#proctorMode;
	}
	/** Why a wipe would be refused now (as last counted), or null. */
	get wipeRefusal(): WipeRefusal {
		return wipeRefusal({
			unsent: this.#unsent,
			signedIn: this.#current !== null,
			allowedByConsole: this.#view?.device.status === 'wiped'
		});
	}
	/** Nothing of any finalist waits to be sent: the proctor may let the tablet be wiped. */
	get safeToWipe(): boolean {
		return this.wipeRefusal === null;
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
		this.#enrolment = (await get<Enrolment>(KEYS.enrolment)) ?? null;
		this.#view = (await get<DeviceView>(KEYS.view)) ?? null;
		this.#current = (await get<Current>(KEYS.current)) ?? null;
		this.#pinTries = (await get<number>(KEYS.pinTries)) ?? 0;
		if (this.#enrolment) {
			this.#package = (await localDb().packages.get(this.#enrolment.roomId)) ?? null;
			this.#hasKeys = (await localDb().venueKeys.get(this.#enrolment.roomId)) !== undefined;
		}
		this.#unsent = await unsentCount();
		this.#readiness = await measureReadiness(this.#package);
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
		// A heartbeat every second (presence decides who is online at the lock), and what the
		// room's stream says changed is shown at once (`heard`).
		const unwatch = watchRoom({
			url: '/api/venue/stream',
			// The stream is an approved tablet's (a pending one hears of approval by its heartbeat).
			token: () => (this.#view?.device.status === 'approved' ? (this.#enrolment?.token ?? null) : null),
			refresh: () => this.beat(),
			onChange: (note) => this.#heard(note),
			pollMs: HEARTBEAT_MS,
			slowPollMs: HEARTBEAT_MS
		});
		void this.beat();
		return () => {
			unwatch();
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
		};
	}

	/**
	 * A note of the room's stream. A pause, resume, extension or lock carries the proctor's
	 * short code, applied here as if it were typed (one rule with the code read out to a tablet
	 * offline; the next heartbeat, within a second, brings the server's state over it): the hall's
	 * tablets show it without all heartbeating in the same instant. Any other note (a start, a
	 * move), or a code this tablet cannot apply (no finalist or no keys here yet), is read with a
	 * heartbeat at once.
	 */
	async #heard(note: unknown): Promise<void> {
		const code = (note as { code?: unknown } | null)?.code;
		if (typeof code === 'string' && (await this.applyCode(code))) return;
		await this.beat(true);
	}

	// ------------------------------------------------------------ enrolment

	async enrol(code: string, label: string): Promise<void> {
		this.#message = '';
		this.#rejected = false;
		const r = await enrolDevice(this.#deviceId, code, label);
		if (!r.ok) {
			this.#message = r.message;
			return;
		}
		this.#deviceId = r.deviceId;
		this.#enrolment = r.enrolment;
		await this.beat();
	}

	// ------------------------------------------------------------ heartbeat

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
			const r = await beatOnce({
				token: enrolment.token,
				deviceId: this.#deviceId,
				readiness: $state.snapshot(this.#readiness),
				current: $state.snapshot(this.#current),
				afterView: async (view) => {
					this.#view = view;
					if (view.device.status === 'approved' && !this.#package) {
						const pkg = await downloadPackage(enrolment.token);
						if (pkg) {
							this.#package = pkg;
							this.#readiness = await measureReadiness(pkg);
						}
					}
					// Moved here mid-exam: what the old tablet delivered since (every 10 s).
					if (this.#current && Date.now() - this.#continuedAt > 10_000) {
						this.#continuedAt = Date.now();
						await refreshContinued(enrolment.token, this.#current.attemptId);
					}
					// Online at Start: fetch the keys and open the paper, within one heartbeat.
					if (this.#current && !this.#hasKeys && view.room.startedAt !== null) {
						const k = await fetchKeys(enrolment.token);
						if (k && this.#package) {
							await storeKeys(this.#package.roomId, k.paperKey, k.codeKey);
							this.#hasKeys = true;
							await this.#openPaper(false);
						}
					}
				}
			});
			this.#unsent = r.unsent;
			this.#online = r.kind !== 'offline';
			if (r.kind === 'refused') this.#message = r.message;
			// The proctor allowed its wipe: the server hears it no more, and it says so (its wipe screen).
			if (r.kind === 'refused' && r.code === 'deviceWiped' && this.#view) {
				this.#view = { ...this.#view, device: { ...this.#view.device, status: 'wiped' } };
				await set(KEYS.view, $state.snapshot(this.#view));
			}
			// Rejected while waiting for approval (it holds nothing yet): back to enrolment.
			if (r.kind === 'refused' && r.code === 'badToken' && this.#view?.device.status === 'pending') {
				await del(KEYS.enrolment);
				await del(KEYS.view);
				this.#enrolment = null;
				this.#view = null;
				this.#rejected = true;
			}
			if (r.kind === 'ok') this.#readiness = await measureReadiness(this.#package);
		} finally {
			this.onBeat?.();
		}
	}

	// ------------------------------------------------------------ sign-in

	async signIn(sbd: string, pin: string): Promise<'ok' | 'wrong' | 'locked' | 'notServed'> {
		if (this.pinLocked) return 'locked';
		const pkg = this.#package;
		if (!pkg) return 'wrong';
		const match = () =>
			matchPin(
				pkg,
				signInCandidates(
					pkg,
					(this.#view?.finalists ?? []).map((f) => f.finalistId)
				),
				sbd,
				pin
			);
		let f = await match();
		if (!f && this.#online) {
			// A finalist just moved to this tablet: the last heartbeat may predate the move.
			await this.beat(true);
			f = await match();
		}
		// The room's finalist, whom this tablet does not serve: their answers would be refused here.
		if (!f && (await servedElsewhere(pkg, sbd, pin))) return 'notServed';
		if (!f) {
			this.#pinTries += 1;
			await set(KEYS.pinTries, this.#pinTries);
			return this.pinLocked ? 'locked' : 'wrong';
		}
		this.#pinTries = 0;
		await set(KEYS.pinTries, 0);
		const name = f.name ?? this.#view?.finalists.find((x) => x.finalistId === f.finalistId)?.name ?? null;
		this.#current = {
			finalistId: f.finalistId,
			attemptId: f.attemptId,
			sbd: f.sbd,
			name,
			signedInAt: Date.now() + ((await clockOffset()) ?? 0)
		};
		await set(KEYS.current, $state.snapshot(this.#current));
		if (this.#hasKeys) await this.#openPaper(false);
		void this.beat();
		return 'ok';
	}

	/** The PIN-unlock code, only while three wrong PINs lock sign-in (checked offline). */
	async unlock(code: string): Promise<boolean> {
		if (!this.pinLocked) return false;
		const ok = await checkPinUnlockCode(this.#package, this.#deviceId, code);
		if (ok) {
			this.#pinTries = 0;
			await set(KEYS.pinTries, 0);
		}
		return ok;
	}

	/** Proctor mode (readiness, export, release, wipe): its own code, never the PIN-unlock code. */
	async openProctorMode(code: string): Promise<boolean> {
		const ok = await checkProctorCode(this.#package, this.#deviceId, code);
		if (ok) {
			this.#proctorMode = true;
			this.#unsent = await unsentCount();
			// The proctor's code also clears wrong PIN tries.
			this.#pinTries = 0;
			await set(KEYS.pinTries, 0);
		}
		return ok;
	}

	closeProctorMode(): void {
		this.#proctorMode = false;
	}

	/** The proctor frees the tablet for the next finalist; nothing queued is lost. */
	async signOut(): Promise<void> {
		this.#current = null;
		await del(KEYS.current);
		void this.beat();
	}

	// ------------------------------------------------------------ start

	async startWithCode(code: string, timeCode = ''): Promise<'ok' | 'badCode' | 'badTime'> {
		const pkg = this.#package;
		if (!pkg) return 'badCode';
		const k = await keysFromStartCode(pkg, code, timeCode);
		if (!k.ok) return k.problem;
		await storeKeys(pkg.roomId, k.paperKey, k.codeKey);
		this.#hasKeys = true;
		await this.#openPaper(true, k.roomStart);
		return 'ok';
	}

	async #openPaper(viaCode: boolean, codeRoomStart?: number): Promise<void> {
		const cur = this.#current;
		const pkg = this.#package;
		if (!cur || !pkg || !this.#enrolment) return;
		const start = await openPaper({
			current: $state.snapshot(cur),
			pkg: $state.snapshot(pkg) as VenuePackage,
			view: $state.snapshot(this.#view),
			token: this.#enrolment.token,
			viaCode,
			codeRoomStart
		});
		if (start) await queueStart({ ...start, viaCode });
	}

	// ------------------------------------------------------------ during the exam

	/** Applies a pause, resume, extend or lock code the proctor read out. */
	async applyCode(input: string): Promise<boolean> {
		const cur = this.#current;
		const pkg = this.#package;
		if (!cur || !pkg) return false;
		const ok = await applyShortCode(pkg, cur.attemptId, input, this.#view?.room.startedAt ?? null);
		if (ok) this.onBeat?.();
		return ok;
	}

	/** The finalist left full screen during the exam: kept here, sent with the next heartbeat. */
	async recordFullscreenExit(attemptId: string): Promise<void> {
		await queueIncident({
			kind: 'fullscreen_exit',
			attemptId,
			at: Date.now() + ((await clockOffset()) ?? 0)
		});
		void this.beat();
	}

	// ------------------------------------------------------------ export and wipe

	/** The sealed log for the proctor to upload, or why there is none (a code, for the screen). */
	exportLog(): Promise<LogExport> {
		return exportLog(this.#package, this.#deviceId, this.#enrolment?.token ?? null);
	}

	/**
	 * Erases everything of the room on this tablet. Refused while anything is unsent (counted
	 * afresh here, not from the last heartbeat), whatever the console says.
	 */
	async wipe(): Promise<WipeRefusal> {
		this.#unsent = await unsentCount();
		const refusal = this.wipeRefusal;
		if (refusal) return refusal;
		await eraseTablet(localDb());
		location.reload();
		return null;
	}
}
