// Tables of the online exam: attempts and their answer events (migration 0003_exam).
import type { Generated, Selectable } from 'kysely';

import type { AttemptStatus } from '../../exam/views';
export type { AttemptStatus };
export type AttemptMode = 'home' | 'venue';

export interface AttemptTable {
	id: string;
	round_id: string;
	user_id: string;
	seed: string;
	mode: AttemptMode;
	status: AttemptStatus;
	created_at: number;
	started_at: number | null;
	duration_ms: number;
	extension_ms: number;
	paused_ms: number;
	paused_since: number | null;
	grace_ms: number;
	submitted_at: number | null;
	submit_reason: string | null;
	time_used_ms: number | null;
	/** At the venue: the last counted answer's time as the tablet claimed it (time-used.ts). */
	time_claimed_ms: number | null;
	score: number | null;
	max_score: number | null;
	answered: number | null;
	tiebreak: number | null;
	graded_at: number | null;
}

/** choice: JSON of the event's choice (option id, number, or null). flags: space-separated. */
export interface AnswerEventTable {
	id: Generated<number>;
	attempt_id: string;
	device_id: string;
	seq: number;
	question_id: string;
	choice: string | null;
	at: number;
	elapsed_ms: number;
	hash: string;
	/** sha256 of hash + canonical event: what makes a replay recognisable. */
	digest: string;
	received_at: number;
	flags: string;
	counts: number;
	reason: string | null;
}

export interface AttemptDeviceTable {
	attempt_id: string;
	device_id: string;
	acked_seq: number;
	head_hash: string;
	chain_ok: number;
	last_seen_at: number;
	moved_at_elapsed_ms: number | null;
	/**
	 * 1 when the finalist had begun when this tablet stopped serving them (their start known to
	 * the server, or an answer held), 0 when not: only then does the next tablet continue
	 * (migration 0021; null for moves before it, taken as begun).
	 */
	moved_started: number | null;
	/** Set when the attempt closed: 'submitted' | 'held' | 'online' | 'offline' (DeviceCutoff). */
	close_rule: string | null;
	/** The seq cut-off of a 'submitted' or 'online' rule. */
	close_seq: number | null;
	/**
	 * An 'online' rule whose seq is the tablet's report, beyond what the server held: the hash
	 * of the chain at that seq, as the tablet reported it (null: the server held it all).
	 */
	close_head: string | null;
}

/**
 * An attempt's paper, apart from its often-updated row (migration 0015): JSON Paper
 * (src/lib/exam/paper.ts) with its key — never sent to a browser for graded rounds.
 */
export interface AttemptPaperTable {
	attempt_id: string;
	paper: string;
}

/**
 * A change in what a tablet's heartbeat said of one chain, or in what the server held of it
 * (migration 0018): at `at` it said `seq` ending in `head`; the heartbeat before, at `prev_at`,
 * said `prev_seq` (0 and null: it named no such chain).
 */
export interface DeviceReportTable {
	attempt_id: string;
	device_id: string;
	seq: number;
	head: string | null;
	at: number;
	prev_seq: number;
	prev_head: string | null;
	prev_at: number | null;
}

export interface ExamTables {
	attempt: AttemptTable;
	attempt_paper: AttemptPaperTable;
	answer_event: AnswerEventTable;
	attempt_device: AttemptDeviceTable;
	device_report: DeviceReportTable;
}

export type Attempt = Selectable<AttemptTable>;
export type StoredEvent = Selectable<AnswerEventTable>;
