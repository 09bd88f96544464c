// What a candidate is told of their own answers the server holds and did not count (their
// result screen): for each reason, the questions on their paper it concerns. Read once the
// attempt is graded, when the counting was decided (gradeAttempt stores each event's verdict);
// the same verdicts the organiser's dispute view shows (dispute.ts), without the key.
import type { Db } from '../db';
import type { NotCountedReason } from '$lib/exam/counting';
import { TIEBREAK_ID } from '$lib/exam/events';
import { readPaper } from '../db/stored';
import { readPaperText } from '../attempts/hot-sql';

export interface Uncounted {
	reason: NotCountedReason;
	/** Places on the candidate's paper (1-based), each once, in order. */
	questions: number[];
	/** The tie-break prediction was among them. */
	tiebreak: boolean;
}

/** The attempt's answers not counted, by reason (none: an empty list). */
export async function uncountedAnswers(db: Db, attemptId: string): Promise<Uncounted[]> {
	const rows = await db
		.selectFrom('answer_event')
		.select(['question_id', 'reason'])
		.where('attempt_id', '=', attemptId)
		.where('counts', '=', 0)
		.where('reason', 'is not', null)
		.execute();
	if (rows.length === 0) return [];
	const paper = readPaper(await readPaperText(db, attemptId));
	const place = new Map(paper.questions.map((q, i) => [q.id, i + 1]));
	const byReason = new Map<NotCountedReason, { questions: Set<number>; tiebreak: boolean }>();
	for (const r of rows) {
		const at = place.get(r.question_id);
		const tiebreak = r.question_id === TIEBREAK_ID;
		// A question not on the paper was never an answer of theirs to count (flagged for the organiser).
		if (at === undefined && !tiebreak) continue;
		const reason = r.reason as NotCountedReason;
		const entry = byReason.get(reason) ?? { questions: new Set<number>(), tiebreak: false };
		if (at !== undefined) entry.questions.add(at);
		entry.tiebreak ||= tiebreak;
		byReason.set(reason, entry);
	}
	return [...byReason].map(([reason, e]) => ({
		reason,
		questions: [...e.questions].sort((a, b) => a - b),
		tiebreak: e.tiebreak
	}));
}
