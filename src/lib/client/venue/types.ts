// What a venue tablet keeps and is told: its enrolment, the server's view of it, the
// finalist signed in, and the keys under which these facts live in idb-keyval.
import type { Readiness } from '../readiness';

export const KEYS = {
	enrolment: 'venue.enrolment',
	view: 'venue.view',
	current: 'venue.current',
	pinTries: 'venue.pinTries',
	starts: 'venue.starts',
	incidents: 'venue.incidents'
} as const;

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
	room: {
		id: string;
		name: string;
		status: string;
		startedAt: number | null;
		lockedAt: number | null;
		/** When the round opens: the start the finalists wait for (absent from older servers). */
		opensAt?: number | null;
	};
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

/** A start made on this tablet, reported until the server has it. */
export interface Start {
	attemptId: string;
	at: number;
	viaCode: boolean;
}

/** Something the proctor's minutes should record, made on this tablet (server time). */
export interface TabletIncident {
	kind: 'fullscreen_exit';
	attemptId: string;
	at: number;
}

export type Phase = 'loading' | 'enrol' | 'pending' | 'preparing' | 'signin' | 'waiting' | 'exam' | 'wiped';

export type { Readiness };
