// The proctor console's live view: polls the room's grid every second and sends actions.
import type { AttemptState } from '$lib/exam/views';
import type { Readiness } from './readiness';
import { NO_SERVER, serverMessage } from './no-server';
export type Grid = {
	now: number;
	room: {
		id: string;
		name: string;
		roundId: string;
		status: string;
		startedAt: number | null;
		lockedAt: number | null;
		finalisedAt: number | null;
		enrolCode: string | null;
		enrolExpiresAt: number | null;
		startCode: string | null;
		/** Read out with the start code: when the room started, for tablets that are offline. */
		startTimeCode: string | null;
		opensAt: number;
		closesAt: number;
		questionCount: number;
	};
	/** A tablet is online while its last heartbeat is at most this old (ONLINE_AT_LOCK_MS). */
	onlineMs: number;
	layout: { rows: number; cols: number; custom: boolean };
	seats: {
		seatId: string;
		label: string;
		finalist: { id: string; sbd: string; name: string; signedIn: boolean; lost: boolean } | null;
		present: boolean;
		absent: boolean;
		device: GridDevice | null;
		state: AttemptState | null;
		/** The finalist may be moved now (their exam open), to a tablet that `mayMoveTo`. */
		mayMove: boolean;
		answered: number;
		score: number | null;
		max: number | null;
	}[];
	devices: GridDevice[];
	incidents: {
		id: number;
		at: number;
		seat_id: string | null;
		kind: string;
		note: string;
		params: Record<string, string | number | boolean | null> | null;
	}[];
	codes: ReadCode[];
};

export type ReadCode = {
	at: number;
	action: 'pause' | 'resume' | 'extend' | 'lock';
	seatId: string | null;
	minutes?: number;
	code: string;
};

export type GridDevice = {
	id: string;
	label: string;
	status: string;
	seatId: string | null;
	lastSeenAt: number | null;
	online: boolean;
	readiness: Partial<Readiness>;
	unsent: number | null;
	/** The PIN-unlock code: read out to a finalist after three wrong PINs. */
	unlockCode: string;
	/** The proctor-mode code: typed by the proctor, never read out. */
	proctorCode: string;
	allSent: boolean;
	/** A wipe of it would be accepted now (the server's rule, actions/devices.ts). */
	mayWipe: boolean;
	/** A finalist may be moved to it now, unless it is that finalist's own tablet. */
	mayMoveTo: boolean;
};

/** What an upload of a tablet's log came to (`RoomConsole.upload`). */
export type UploadOutcome = { ok: true; stored: number; refused: number } | { ok: false; message: string };

export class RoomConsole {
	#grid = $state<Grid | null>(null);
	/** The server's sentence, or NO_SERVER when no JSON answer came (the page words it). */
	#error = $state('');
	/** Why the last action was refused; kept until the next action (polls do not clear it). */
	#refused = $state('');
	#lastCode = $state<{ action: string; code: string } | null>(null);
	#timer: ReturnType<typeof setInterval> | null = null;
	#clock: ReturnType<typeof setInterval> | null = null;
	/** When the grid was fetched (performance.now()), to run the server's clock between polls. */
	#fetchedAt = 0;
	#elapsed = $state(0);

	constructor(readonly roomId: string) {}

	get grid() {
		return this.#grid;
	}
	get error() {
		return this.#error;
	}
	get refused() {
		return this.#refused;
	}
	get lastCode() {
		return this.#lastCode;
	}

	/** The server's time now, as far as the console knows: the grid's `now` run on by the local clock. */
	get serverNow(): number {
		return (this.#grid?.now ?? 0) + this.#elapsed;
	}

	/**
	 * Online by the server's rule (a heartbeat at most ONLINE_AT_LOCK_MS old), judged against the
	 * server's clock run on locally: a tablet that stops shows offline as soon as the rule says so,
	 * even while a poll is slow or failing.
	 */
	online(d: Pick<GridDevice, 'lastSeenAt'>): boolean {
		const g = this.#grid;
		return !!g && d.lastSeenAt !== null && this.serverNow - d.lastSeenAt <= g.onlineMs;
	}

	run(): () => void {
		void this.refresh();
		this.#timer = setInterval(() => void this.refresh(), 1000);
		this.#clock = setInterval(() => (this.#elapsed = performance.now() - this.#fetchedAt), 250);
		return () => {
			if (this.#timer) clearInterval(this.#timer);
			if (this.#clock) clearInterval(this.#clock);
		};
	}

	async refresh(): Promise<void> {
		try {
			const res = await fetch(`/api/proctor/rooms/${this.roomId}`, { cache: 'no-store' });
			const body = await res.json();
			if (!res.ok) {
				this.#error = serverMessage(body);
				return;
			}
			this.#grid = body as Grid;
			this.#fetchedAt = performance.now();
			this.#elapsed = 0;
			this.#error = '';
		} catch {
			this.#error = NO_SERVER;
		}
	}

	async act(action: Record<string, unknown> & { action: string }): Promise<boolean> {
		this.#refused = '';
		const res = await fetch(`/api/proctor/rooms/${this.roomId}/actions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(action)
		}).catch(() => null);
		const body = await res?.json().catch(() => null);
		if (!res?.ok) {
			this.#refused = serverMessage(body);
			return false;
		}
		this.#refused = '';
		// The enrolment code has its own place on the console; the others are read out.
		if (body?.code && action.action !== 'enrolCode')
			this.#lastCode = { action: action.action, code: body.code };
		await this.refresh();
		return true;
	}

	/**
	 * The log's new answers stored, and its attempts refused (the tablet does not serve them); or
	 * why the server refused the file (another log being received, one it cannot read), or
	 * NO_SERVER. Returned, not held as the poll's error: the next poll would clear it at once.
	 */
	async upload(file: File): Promise<UploadOutcome> {
		const text = await file.text();
		const res = await fetch(`/api/proctor/rooms/${this.roomId}/upload`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: text
		}).catch(() => null);
		const body = await res?.json().catch(() => null);
		if (!res?.ok) return { ok: false, message: serverMessage(body) };
		await this.refresh();
		return { ok: true, stored: Number(body.stored), refused: Number(body.refused ?? 0) };
	}
}
