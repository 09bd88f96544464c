// The device's own database (Dexie over IndexedDB): attempts with their papers, the answer
// outbox (every answer change, never overwritten), per-device chain heads and timer
// checkpoints. Shared by pages and the service worker.
import Dexie, { type Table } from 'dexie';
import type { AnswerEvent, Choice } from '$lib/exam/events';
import type { BankQuestion, BlueprintCell, Paper, PublicPaper } from '$lib/exam/paper';
import type { PinVerifier } from '$lib/exam/venue-crypto';

export type LocalStatus = 'running' | 'submitted-local' | 'submitted';

export interface ServerState {
	status: 'waiting' | 'running' | 'paused' | 'submitted' | 'locked';
	deadline: number | null;
	pausedSince?: number;
	allowedMs?: number;
	startedAt?: number | null;
}

export interface AttemptResult {
	score: number | null;
	max: number | null;
	provisional: boolean;
	receipt: string;
	status: string;
}

export interface LocalAttempt {
	attemptId: string;
	userId: string;
	roundId: string;
	roundName: string;
	kind: 'practice' | 'qualifying' | 'final';
	/** Empty for a practice paper drawn on the device until the server has recorded it. */
	token: string;
	/** Practice papers carry their key; graded ones never do. */
	paper: Paper | PublicPaper;
	startedAt: number;
	deadline: number;
	durationMs: number;
	graceMs: number;
	tiebreakPrompt: string | null;
	review: boolean;
	status: LocalStatus;
	/** Question ids the candidate marked to come back to (screen state only). */
	flagged: string[];
	/** Set when the candidate (or the timer) submitted on this device. */
	localSubmit?: { lastSeq: number; reason: 'candidate' | 'timeout' | 'lock'; at: number; elapsedMs: number };
	result?: AttemptResult;
	serverState?: ServerState;
	/** When (device clock) the request that brought `serverState` was sent. */
	serverStateSentAt?: number;
	/** The last refusal of the server (a 4xx), shown to the candidate. */
	problem?: string;
	/**
	 * A practice paper drawn here that the server will not record (its limits were used, the round
	 * was closed, …; `problem` says which): it stays on this device with its answers and grade, and
	 * is not sent again (a later week's attempt must not be spent on it).
	 */
	unrecorded?: boolean;
	/** Answers the server held when a finalist was moved to this tablet (and since: `baseAt`). */
	baseAnswers?: Record<string, Choice>;
	/** When `baseAnswers` were last taken again from the server (package.ts `refreshContinued`). */
	baseAt?: number;
	/** Events of other devices the server held when this device resumed (answers.ts). */
	heldEvents?: HeldAnswerEvent[];
	/** Venue attempts only. */
	venue?: VenueAttemptState;
	/** Its account signed out here: no token until the candidate resumes it (signout.ts). */
	signedOut?: boolean;
}

/** An answer event as the server holds it, with the device that made it. */
export interface HeldAnswerEvent extends AnswerEvent {
	deviceId: string;
	counts: boolean;
}

/** What a venue tablet knows of an attempt beyond the server's state. */
export interface VenueAttemptState {
	roomId: string;
	seatId: string | null;
	finalistId: string;
	sbd: string;
	name: string | null;
	/** Proctor codes typed on this tablet, applied once each. */
	codes: string[];
	/**
	 * The last pause or resume code typed here, and when (device clock); see `venuePause`.
	 * `roomAt`: when the proctor acted (server time), known when the room's start is; the
	 * exam clock is moved there once (`placed`).
	 */
	codePause?: { paused: boolean; at: number; roomAt?: number; placed?: boolean };
	/** The room's start (server time), from the server or the start-time code. */
	roomStartedAt?: number | null;
	codeExtensionMs: number;
	lockedByCode: boolean;
	movedAway: boolean;
	/** Moved here mid-exam: continues from the server's answers (`baseAnswers`), taken again while it runs. */
	continued?: boolean;
}

export type OutboxStatus = 'pending' | 'sent' | 'rejected';

export interface OutboxEvent extends AnswerEvent {
	attemptId: string;
	deviceId: string;
	status: OutboxStatus;
	error?: string;
}

export interface ChainHead {
	attemptId: string;
	deviceId: string;
	lastSeq: number;
	lastHash: string;
	lastElapsedMs: number;
}

export interface Checkpoint {
	attemptId: string;
	elapsedMs: number;
	wallMs: number;
}

/** A practice round's public bank, kept so papers can be drawn offline. */
export interface PracticeBank {
	roundId: string;
	userId: string;
	round: {
		id: string;
		name: string;
		durationMs: number;
		graceMs: number;
		review: boolean;
		opensAt: number;
		closesAt: number;
	};
	blueprint: BlueprintCell[];
	questions: BankQuestion[];
	fetchedAt: number;
}

/** A room's package as downloaded: papers sealed, nothing readable before Start. */
export interface VenuePackage {
	roomId: string;
	roomName: string;
	durationMs: number;
	maxLateMs: number;
	wrappedKey: { iv: string; data: string };
	/** The proctor-mode code's verifier (the one code of packages from before the split). */
	unlockCheck: PinVerifier;
	/** The PIN-unlock code's verifier; absent from a package downloaded before the split. */
	pinUnlockCheck?: PinVerifier;
	finalists: {
		finalistId: string;
		attemptId: string;
		sbd: string;
		seatId: string | null;
		pinCheck: PinVerifier;
		paper: { iv: string; data: string };
		name: string | null;
	}[];
	fetchedAt: number;
}

/** The room's keys, kept once the room has started (released online or from the start code). */
export interface VenueKeys {
	roomId: string;
	paperKey: string;
	codeKey: string;
}

export class PhongThiDb extends Dexie {
	banks!: Table<PracticeBank, string>;
	packages!: Table<VenuePackage, string>;
	venueKeys!: Table<VenueKeys, string>;
	attempts!: Table<LocalAttempt, string>;
	outbox!: Table<OutboxEvent, [string, string, number]>;
	chains!: Table<ChainHead, [string, string]>;
	checkpoints!: Table<Checkpoint, string>;

	constructor(name = 'phongthi') {
		super(name);
		this.version(1).stores({
			attempts: 'attemptId, userId, status',
			outbox: '[attemptId+deviceId+seq], [attemptId+status], status',
			chains: '[attemptId+deviceId]',
			checkpoints: 'attemptId'
		});
		this.version(2).stores({ banks: 'roundId' });
		this.version(3).stores({ packages: 'roomId', venueKeys: 'roomId' });
	}
}

let instance: PhongThiDb | null = null;

/** One connection per page or worker. */
export function localDb(): PhongThiDb {
	instance ??= new PhongThiDb();
	return instance;
}

export type { Choice };
