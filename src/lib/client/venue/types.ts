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

export type { DeviceView, ServedFinalist } from '$lib/exam/views';

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
