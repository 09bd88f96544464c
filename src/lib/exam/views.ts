// What the server tells a device, typed once for both ends: an attempt's state (the sync
// contract's `state`) and a venue tablet's view of its room (the heartbeat's answer).

export type AttemptStatus = 'waiting' | 'running' | 'paused' | 'submitted' | 'locked';

/** DESIGN.md's `{status, deadline, pausedSince?}`, plus what a tablet needs to count down. */
export interface AttemptState {
	status: AttemptStatus;
	deadline: number | null;
	pausedSince?: number;
	/** Duration plus extensions: the active time the candidate may use. */
	allowedMs: number;
	startedAt: number | null;
}

/** A finalist a tablet serves: its seat's, or one moved to it. */
export interface ServedFinalist {
	finalistId: string;
	attemptId: string | null;
	sbd: string;
	name: string;
	state: AttemptState | null;
	/**
	 * Present (true) when another tablet served the attempt before the finalist, having begun,
	 * was moved here, or the tablet at their seat was replaced: this tablet continues from what
	 * the server holds (/api/venue/attempts/{id}/continue), and its start is no start. Additive.
	 */
	continues?: true;
}

/** The answer to a tablet's heartbeat. */
export interface DeviceView {
	now: number;
	device: { id: string; status: string; seatId: string | null; seatLabel: string | null };
	room: {
		id: string;
		name: string;
		status: string;
		startedAt: number | null;
		lockedAt: number | null;
		/** When the round opens: the start finalists wait for (absent from older servers). */
		opensAt?: number | null;
	};
	finalists: ServedFinalist[];
	/** Attempts this tablet served before their finalist was moved to another tablet. */
	movedAway: string[];
}
