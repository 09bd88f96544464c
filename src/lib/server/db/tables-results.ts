// Tables of results, units and awards (migration 0004_results): corrections to questions
// found wrong, each graded attempt's per-question outcome, the ranked standing of a round
// (a snapshot rebuilt when its attempts change) and what the organiser decided to publish.

export type CorrectionKind = 'void' | 'key';

/** A question of a round found wrong: voided, or graded against a corrected key. */
export interface QuestionCorrectionTable {
	round_id: string;
	question_id: string;
	kind: CorrectionKind;
	/** JSON [optionId] accepted instead of the paper's key, for kind 'key'; null for 'void'. */
	correct: string | null;
	reason: string;
	actor_id: string | null;
	at: number;
}

/**
 * How each question of a graded attempt came out, written when the attempt is graded, so
 * question statistics never have to re-read papers and answer logs. outcomes: JSON
 * {questionId: code}, see encodeOutcomes in src/lib/server/results/corrections.ts.
 */
export interface AttemptOutcomeTable {
	attempt_id: string;
	round_id: string;
	outcomes: string;
}

/** One row per ranked candidate of a round: their best attempt and its place. */
export interface RoundStandingTable {
	round_id: string;
	user_id: string;
	attempt_id: string;
	/** 1…n in listing order; pages are position ranges. */
	position: number;
	/** Competition rank: equal merit shares a rank (1, 2, 2, 4). */
	rank: number;
	score: number;
	max_score: number;
	time_used_ms: number;
	tiebreak: number | null;
	submitted_at: number;
	/** The candidate's graded attempts in the round. */
	attempts: number;
	unit_id: string;
	/** The name folded for search: lower case, no diacritics (see foldForSearch). */
	search: string;
}

/** The round's standing and its summaries as of `stamp` (see standing.ts). */
export interface RoundSnapshotTable {
	round_id: string;
	stamp: string;
	built_at: number;
	/** JSON RoundSummary. */
	summary: string;
	/** JSON QuestionStat[], built when first asked for; null until then. */
	questions: string | null;
}

/** The organiser's decisions about a round's results. */
export interface RoundPublicationTable {
	round_id: string;
	published_at: number | null;
	published_by: string | null;
	/** JSON ResultSettings: unit ranking rule, best N, prize counts. */
	settings: string;
}

/**
 * Re-grading after a correction, done in the background in chunks over its queue
 * (regrade_item). Any process may continue a job whose lease ran out.
 */
export interface RegradeJobTable {
	round_id: string;
	requested_at: number;
	/** JSON [questionId]: the questions corrected since the job started. */
	question_ids: string;
	actor_id: string | null;
	lease_until: number | null;
	done: number;
	changed: number;
	finished_at: number | null;
}

/** An attempt a re-grading job has still to grade; removed in the chunk that grades it. */
export interface RegradeItemTable {
	round_id: string;
	attempt_id: string;
}

export interface ResultsTables {
	regrade_job: RegradeJobTable;
	regrade_item: RegradeItemTable;
	question_correction: QuestionCorrectionTable;
	attempt_outcome: AttemptOutcomeTable;
	round_standing: RoundStandingTable;
	round_snapshot: RoundSnapshotTable;
	round_publication: RoundPublicationTable;
}
