// One attempt on this device, as the exam screen sees it: the paper, the answers (read back
// from the outbox after each write, here or in another tab), the timer and the sync state.
import { liveQuery } from 'dexie';
import {
	allowedWithCodes,
	onlineElapsed,
	placeCodeNews,
	resumeElapsed,
	remainingMs,
	venuePause
} from '$lib/exam/timer';
import type { Choice } from '$lib/exam/events';
import { localDb, type LocalAttempt, type PhongThiDb } from './db';
import { appendAnswer, currentAnswers, fetchHeldEvents, lastSeq, mergedAnswers } from './answers';
import { clockOffset, deviceId as getDeviceId } from './device';
import { requestBackgroundSync } from './background-sync';
import type { FlushOutcome } from './sync';
import { ExamClock, serverElapsedAt } from './exam-clock.svelte';

export type SyncView = 'saved' | 'waiting' | 'offline' | 'sending' | 'problem';

const HEARTBEAT_MS = 5000;
const CHECKPOINT_MS = 1000;

/**
 * The sync engine sends what IndexedDB already holds; the exam is shown without it. Loaded
 * once a session runs (the service worker precaches it, so offline too); a failed load is
 * tried again at the next flush, and the answers wait in the outbox meanwhile.
 */
let syncEngine: Promise<typeof import('./sync')> | null = null;
function loadSyncEngine(): Promise<typeof import('./sync')> {
	syncEngine ??= import('./sync').catch((e: unknown) => {
		syncEngine = null;
		throw e;
	});
	return syncEngine;
}

export class ExamSession {
	readonly attemptId: string;
	readonly deviceId: string;
	#db: PhongThiDb;
	#attempt = $state<LocalAttempt>(null as unknown as LocalAttempt);
	// Replaced, never changed in place: the screen reacts to the new value (and the exam page
	// does without svelte/reactivity's SvelteMap and SvelteSet).
	#answers = $state.raw(new Map<string, Choice>());
	#flagged = $state.raw(new Set<string>());
	#pending = $state(0);
	#rejected = $state(0);
	#online = $state(true);
	#sending = $state(false);
	#submitting = $state(false);
	#head = $state('');

	#clock = new ExamClock();
	/** Server clock minus device clock, as last measured (venue codes are placed with it). */
	#offset: number | null = null;
	/** Codes (by the time they were typed) already placed, while the mark is being saved. */
	#placed = new Set<number>();
	#timers: ReturnType<typeof setInterval>[] = [];
	#flushTimer: ReturnType<typeof setTimeout> | null = null;
	#failures = 0;
	#again = false;
	#listeners: (() => void)[] = [];
	/** Reads of the screen's state, one after another: the last one shown is the newest. */
	#reading = Promise.resolve();

	private constructor(db: PhongThiDb, attempt: LocalAttempt, deviceId: string) {
		this.#db = db;
		this.attemptId = attempt.attemptId;
		this.deviceId = deviceId;
		this.#attempt = attempt;
	}

	/** Opens an attempt stored on this device, or null if it is not here. */
	static async open(attemptId: string, db = localDb()): Promise<ExamSession | null> {
		const attempt = await db.attempts.get(attemptId);
		// Signed out (signout.ts): the next person at a shared computer may not answer for them.
		if (!attempt || attempt.signedOut) return null;
		const session = new ExamSession(db, attempt, await getDeviceId());
		await session.#takeHeld();
		await session.#load();
		return session;
	}

	/**
	 * A running attempt may have been answered on another device (a dead phone, a link opened
	 * in a second browser): before the candidate can answer here, take what the server holds.
	 * Kept on the attempt, so an offline reload still shows it.
	 */
	async #takeHeld() {
		// Venue tablets get the server's answers at a move (baseAnswers) instead.
		if (this.#attempt.venue || this.#attempt.status !== 'running' || !navigator.onLine) return;
		const held = await fetchHeldEvents(this.attemptId, this.#attempt.token);
		if (!held) return;
		const others = held.filter((e) => e.deviceId !== this.deviceId);
		await this.#db.attempts.update(this.attemptId, { heldEvents: others });
		this.#attempt = { ...this.#attempt, heldEvents: others };
	}

	/**
	 * Reads again what the screen shows of this attempt from IndexedDB, the source of truth:
	 * another tab of it, the sync or the service worker may have answered, flagged, submitted
	 * or taken the server's state. A finalist moved here gets the answers their old tablet
	 * delivered (`baseAnswers`) where this tablet has not answered the question itself.
	 */
	#reread(): Promise<void> {
		const read = () => this.#read();
		return (this.#reading = this.#reading.then(read, read));
	}

	async #read() {
		const a = await this.#db.attempts.get(this.attemptId);
		if (!a) return;
		const held = a.heldEvents ?? [];
		const answers = held.length
			? await mergedAnswers(this.#db, this.attemptId, this.deviceId, held)
			: await currentAnswers(this.#db, this.attemptId, this.deviceId);
		const head = (await this.#db.chains.get([this.attemptId, this.deviceId]))?.lastHash;
		const mine = this.#db.outbox.where('[attemptId+status]');
		const pending = await mine.equals([this.attemptId, 'pending']).count();
		const rejected = await mine.equals([this.attemptId, 'rejected']).count();
		this.#attempt = a;
		this.#answers = new Map([...Object.entries(a.baseAnswers ?? {}), ...answers]);
		this.#flagged = new Set(a.flagged);
		this.#head = head ?? this.attemptId;
		this.#pending = pending;
		this.#rejected = rejected;
	}

	async #load() {
		await this.#reread();
		const checkpoint = await this.#db.checkpoints.get(this.attemptId);
		const offset = await clockOffset();
		this.#offset = offset;
		const now = Date.now();
		const serverElapsed = offset === null ? undefined : serverElapsedAt(this.#attempt, now + offset);
		this.#clock.startAt(
			checkpoint
				? resumeElapsed({ checkpoint, nowWall: now, serverElapsed })
				: Math.max(0, serverElapsed ?? now - this.#attempt.startedAt)
		);
	}

	// ------------------------------------------------------------ read-only view

	/** The device's chain head: the receipt shown while the server has not answered. */
	get chainHead(): string {
		return this.#head;
	}

	get attempt(): LocalAttempt {
		return this.#attempt;
	}
	get questions() {
		return this.#attempt.paper.questions;
	}
	get answers(): ReadonlyMap<string, Choice> {
		return this.#answers;
	}
	get flagged(): ReadonlySet<string> {
		return this.#flagged;
	}
	get answeredCount(): number {
		return this.questions.filter((q) => {
			const c = this.#answers.get(q.id);
			return c !== undefined && c !== null;
		}).length;
	}
	/** Duration plus extensions: the server's, or more if a proctor's code said so offline. */
	get allowedMs(): number {
		const a = this.#attempt;
		const server = a.serverState?.allowedMs ?? a.durationMs;
		return allowedWithCodes(server, a.durationMs, a.venue?.codeExtensionMs ?? 0);
	}
	/** Paused by the server's state or by a code typed here, whichever is the newer news. */
	get paused(): boolean {
		return this.#attempt.status === 'running' && this.#pause().paused;
	}
	#pause() {
		const a = this.#attempt;
		return venuePause({
			serverPaused: a.serverState?.status === 'paused',
			serverStateSentAt: a.serverStateSentAt,
			codePause: a.venue?.codePause
		});
	}
	get movedAway(): boolean {
		return this.#attempt.venue?.movedAway === true;
	}
	get remainingMs(): number {
		return remainingMs(this.allowedMs, this.#clock.elapsed);
	}
	get finished(): boolean {
		return this.#attempt.status !== 'running' || this.movedAway;
	}
	get pending(): number {
		return this.#pending;
	}
	get rejected(): number {
		return this.#rejected;
	}
	get submitting(): boolean {
		return this.#submitting;
	}
	get sync(): SyncView {
		if (this.#rejected > 0 || this.#attempt.problem) return 'problem';
		if (!this.#online) return 'offline';
		// Nothing to send, a flush is the heartbeat's (every 5 s): the line (role="status", read
		// aloud) stays as it is, and changes only when answers wait, go or have all gone.
		if (this.#pending < 1 && this.#attempt.status !== 'submitted-local') return 'saved';
		return this.#sending ? 'sending' : 'waiting';
	}
	/** Anything not yet on the server: the page warns before closing. */
	get unsent(): boolean {
		// A practice paper the server will not record is kept here; leaving loses nothing.
		if (this.#attempt.unrecorded) return false;
		return this.#pending > 0 || this.#attempt.status === 'submitted-local';
	}
	elapsedNow(): number {
		return this.#clock.now();
	}

	/** Re-reads the attempt (the venue's heartbeat updates it) and applies pauses and locks. */
	async refresh(): Promise<void> {
		await this.#reread();
		this.#tick();
	}

	// ------------------------------------------------------------ actions

	/** Saves the answer in IndexedDB first; the screen shows it once this resolves. */
	async answer(questionId: string, choice: Choice): Promise<void> {
		// Submitted in another tab a moment ago: that holds, not a tap on a screen not yet redrawn.
		await this.#reread();
		if (this.finished || this.paused || this.#attempt.signedOut) return;
		await appendAnswer(this.#db, {
			attemptId: this.attemptId,
			deviceId: this.deviceId,
			questionId,
			choice,
			elapsedMs: Math.floor(this.elapsedNow()),
			at: Date.now()
		});
		await this.#reread();
		requestBackgroundSync();
		this.flushSoon(0);
	}

	/** Toggled on what IndexedDB holds, so a flag set in another tab meanwhile is kept. */
	async toggleFlag(questionId: string): Promise<void> {
		await this.#db.attempts
			.where('attemptId')
			.equals(this.attemptId)
			.modify((a) => {
				a.flagged = a.flagged.includes(questionId)
					? a.flagged.filter((q) => q !== questionId)
					: [...a.flagged, questionId];
			});
		await this.#reread();
	}

	/** Submits on the device first (works offline), then tries to reach the server. */
	async submit(reason: 'candidate' | 'timeout' | 'lock'): Promise<void> {
		if (this.#attempt.status !== 'running') return;
		this.#submitting = true;
		try {
			const seq = await lastSeq(this.#db, this.attemptId, this.deviceId);
			const localSubmit = { lastSeq: seq, reason, at: Date.now(), elapsedMs: Math.floor(this.elapsedNow()) };
			await this.#db.attempts.update(this.attemptId, { status: 'submitted-local', localSubmit });
			await this.#reread();
			requestBackgroundSync();
			await this.flush();
		} finally {
			this.#submitting = false;
		}
	}

	// ------------------------------------------------------------ timer and sync loop

	/** Starts the countdown, checkpoints and the sync loop; returns the stop function. */
	run(): () => void {
		this.#online = navigator.onLine;
		void loadSyncEngine().catch(() => {});
		this.#timers.push(
			setInterval(() => this.#tick(), 250),
			setInterval(() => void this.#checkpoint(), CHECKPOINT_MS),
			setInterval(() => this.flushSoon(0), HEARTBEAT_MS)
		);
		const online = () => {
			this.#online = true;
			this.#failures = 0;
			this.flushSoon(0);
		};
		const offline = () => (this.#online = false);
		const visible = () => {
			// A tab in the background may have missed news of the others: read again.
			if (document.visibilityState !== 'visible') return void this.#checkpoint();
			void this.#reread();
			this.flushSoon(0);
		};
		// Any write to this attempt or its chain, in this tab, another or the service worker (Dexie
		// tells every tab of the origin), shows here: the store stays the one source of truth.
		const live = liveQuery(() =>
			Promise.all([
				this.#db.attempts.get(this.attemptId),
				this.#db.chains.get([this.attemptId, this.deviceId])
			])
		).subscribe(() => void this.#reread());
		const hide = () => void this.#checkpoint();
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		window.addEventListener('pagehide', hide);
		document.addEventListener('visibilitychange', visible);
		this.#listeners.push(
			() => window.removeEventListener('pagehide', hide),
			() => window.removeEventListener('online', online),
			() => window.removeEventListener('offline', offline),
			() => document.removeEventListener('visibilitychange', visible),
			() => live.unsubscribe()
		);
		this.flushSoon(0);
		return () => this.stop();
	}

	stop() {
		for (const t of this.#timers) clearInterval(t);
		this.#timers = [];
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		for (const off of this.#listeners) off();
		this.#listeners = [];
		void this.#checkpoint();
	}

	#tick() {
		this.#placeCode();
		this.#clock.pause(this.paused);
		// A pause heard a heartbeat late (or typed in before the network came back) froze this
		// clock late: while the server's state says paused, its frozen time wins, so the tablet
		// runs on the room's timeline rather than that much ahead of it.
		const s = this.#attempt.serverState;
		if (
			this.#clock.frozen &&
			this.#pause().by === 'server' &&
			s?.status === 'paused' &&
			s.pausedSince !== undefined &&
			s.deadline !== null
		) {
			const atPause = serverElapsedAt(this.#attempt, s.pausedSince);
			if (atPause !== undefined) this.#clock.freezeNoLaterThan(atPause);
		}
		this.#clock.show();
		if (this.#attempt.status !== 'running' || this.#submitting || this.movedAway) return;
		// Closed on the server (locked, or submitted from another device) closes it here: answers
		// made after that are kept but do not count, so the screen must not take more.
		const server = this.#attempt.serverState?.status;
		const locked =
			server === 'locked' || server === 'submitted' || this.#attempt.venue?.lockedByCode === true;
		if (locked) void this.submit('lock');
		else if (this.remainingMs <= 0) void this.submit('timeout');
	}

	/**
	 * A pause or resume code typed late moves this clock to where the room's is: the code says
	 * when the proctor acted, on the room's timeline (see `placeCodeNews`). Once per code.
	 */
	#placeCode() {
		const code = this.#attempt.venue?.codePause;
		if (!code || code.placed || this.#placed.has(code.at) || code.roomAt === undefined) return;
		if (this.#offset === null) return;
		if (this.#pause().by !== 'code' || this.#attempt.status !== 'running') return;
		const placed = placeCodeNews({
			paused: code.paused,
			lagMs: Date.now() + this.#offset - code.roomAt,
			frozen: this.#clock.frozen,
			elapsedMs: this.elapsedNow()
		});
		if (placed) this.#clock.place(placed.elapsedMs, placed.frozen);
		this.#placed.add(code.at);
		void this.#db.attempts
			.where('attemptId')
			.equals(this.attemptId)
			.modify((a) => {
				if (a.venue?.codePause?.at === code.at) a.venue.codePause.placed = true;
			});
	}

	async #checkpoint() {
		if (this.#attempt.status !== 'running') return;
		await this.#db.checkpoints.put({
			attemptId: this.attemptId,
			elapsedMs: Math.floor(this.elapsedNow()),
			wallMs: Date.now()
		});
	}

	flushSoon(delayMs: number) {
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		this.#flushTimer = setTimeout(() => void this.flush(), delayMs);
	}

	async flush(): Promise<void> {
		if (this.#sending) {
			// Whatever was added meanwhile goes in the next run.
			this.#again = true;
			return;
		}
		this.#sending = true;
		this.#again = false;
		try {
			const sync = await loadSyncEngine().catch(() => null);
			const outcome: FlushOutcome = sync
				? await sync.flushAttempt(
						{ db: this.#db, fetch: (...a) => fetch(...a), now: () => Date.now() },
						this.attemptId,
						{ heartbeat: this.#attempt.status === 'running', deviceId: this.deviceId }
					)
				: { kind: 'retry', reason: 'the sync engine did not load' };
			if (outcome.kind === 'done') {
				this.#online = true;
				this.#failures = 0;
				if (outcome.serverNow !== undefined && this.#attempt.status === 'running') {
					this.#attempt = (await this.#db.attempts.get(this.attemptId)) ?? this.#attempt;
					this.takeServerElapsed(outcome.serverNow);
				}
			} else {
				if (outcome.kind === 'offline') this.#online = false;
				this.#failures += 1;
				this.flushSoon(sync ? sync.backoffMs(this.#failures) : 1000);
			}
		} finally {
			await this.#reread();
			this.#sending = false;
			if (this.#again) this.flushSoon(0);
		}
	}

	/** Online, the server's view of elapsed time, as the timer's rule takes it (timer.ts `onlineElapsed`). */
	takeServerElapsed(serverNow: number) {
		const serverElapsed = serverElapsedAt(this.#attempt, serverNow);
		if (serverElapsed === undefined) return;
		const here = this.#clock.now();
		const e = onlineElapsed(here, serverElapsed, !!this.#attempt.venue);
		if (e > here) this.#clock.catchUp(e);
		else if (e < here) this.#clock.startAt(e);
	}
}
