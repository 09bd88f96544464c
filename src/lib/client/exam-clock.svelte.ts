// The exam's active time on this device: elapsed = base + (performance.now() − perfBase),
// frozen while paused. It never goes back except while paused, to the server's time at the
// pause (the session decides when); the monotonic clock keeps it safe from the device's
// wall clock being moved.
import type { LocalAttempt } from './db';

export class ExamClock {
	#base = 0;
	#perfBase = 0;
	#frozen = false;
	#elapsed = $state(0);

	/** The active time last shown (updated on each `show`). */
	get elapsed(): number {
		return this.#elapsed;
	}
	get frozen(): boolean {
		return this.#frozen;
	}

	/** Active time now, in ms; never less than what was last shown while running. */
	now(): number {
		if (this.#frozen) return this.#base;
		return Math.max(this.#elapsed, this.#base + (performance.now() - this.#perfBase));
	}

	/** Starts counting from `elapsedMs` (the attempt opened on this device). */
	startAt(elapsedMs: number) {
		this.#base = elapsedMs;
		this.#perfBase = performance.now();
		this.#elapsed = elapsedMs;
	}

	/** Freezes or resumes counting. */
	pause(paused: boolean) {
		if (paused === this.#frozen) return;
		if (paused) this.#base = this.now();
		else this.#perfBase = performance.now();
		this.#frozen = paused;
	}

	/** Moves to `elapsedMs`, frozen or running (a proctor's code placed on the room's timeline). */
	place(elapsedMs: number, frozen: boolean) {
		this.#base = elapsedMs;
		this.#perfBase = performance.now();
		this.#frozen = frozen;
	}

	/** While frozen, goes back to `elapsedMs` if it is earlier (the server's time at its pause). */
	freezeNoLaterThan(elapsedMs: number) {
		if (this.#frozen && elapsedMs < this.#base) this.#base = Math.max(0, elapsedMs);
	}

	/** Goes forward to `elapsedMs` if it is later (online, the server's view wins when larger). */
	catchUp(elapsedMs: number) {
		const here = this.now();
		if (elapsedMs > here) this.#base += elapsedMs - here;
	}

	/** Publishes the current time to the screen. */
	show() {
		this.#elapsed = this.now();
	}
}

/**
 * The server's view of an attempt's active time at server time `t`: its deadline is start +
 * allowed + pauses, so elapsed = t − deadline + allowed (frozen at the start of a running pause).
 */
export function serverElapsedAt(attempt: LocalAttempt, t: number): number | undefined {
	const s = attempt.serverState;
	if (!s || s.deadline === null || s.allowedMs === undefined) return t - attempt.startedAt;
	return (s.pausedSince ?? t) - s.deadline + s.allowedMs;
}
