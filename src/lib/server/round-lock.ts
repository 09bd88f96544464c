// A round candidates have sat keeps what they sat it under: which changes an edit may no longer
// make once the round has attempts (`lockedChanges`, `was` being the round as saved), and which of
// validateRound's problems still stop the save of the fields it leaves free. updateRound applies
// both in its transaction (rounds.ts).
import type { RoundInput, RoundProblem } from './rounds';

const cellsKey = (cells: RoundInput['blueprint']) =>
	cells
		.filter((c) => c.count > 0)
		.map((c) => `${c.topic}:${c.difficulty}:${c.count}`)
		.sort()
		.join(' ');
const poolsKey = (ids: string[]) => [...new Set(ids)].sort().join(' ');
const promptOf = (t: RoundInput['tiebreak']) => t?.prompt.trim() || null;
/** The form's times are to the minute: a stored 08:00:42 sent back as 08:00 is no change. */
const minute = (ms: number) => Math.floor(ms / 60_000);

/**
 * What an edit may no longer change once the round has attempts, of any status (a final's
 * papers are drawn into waiting attempts when its room is prepared), field by field:
 * - the kind, of any round: a practice attempt (its key shown, its tries unlimited) would count
 *   in a ranking, a graded one would leave it. A practice round ranks nobody, so the rest of it
 *   stays editable.
 * A graded round ranks by share of the paper's maximum, then time used: a candidate after the
 * edit must sit what the candidates before sat.
 * - questionCount, blueprint, poolIds: the paper (20 easier questions are not 30);
 * - durationS, graceS: the time to sit it, and how late its last answers may still arrive;
 * - maxAttempts, maxAttemptsPerWeek: a candidate's best attempt counts, so every try is a chance
 *   at the score; more tries for those after, or fewer than those before had, are unequal;
 * - minAge: who may take part;
 * - the tie-break question's text: the question ties are decided on. Its true figure is free:
 *   it may be typed late (before finalising), and the ranking is rebuilt when it changes;
 * - opensAt, once the round has opened: the age rule is measured on that day, and candidates
 *   have sat it since. Before it opens (a final whose papers are drawn) nobody has sat it, and
 *   its window may move;
 * - closesAt, once the round has opened: later only; earlier would take from those who have not
 *   sat it yet the time the others had.
 * Still free: the name, the true figure, and review (only practice shows a review: a graded
 * paper's key never reaches a browser).
 */
export function lockedChanges(
	was: RoundInput,
	input: RoundInput,
	attempts: number,
	now: number
): RoundProblem[] {
	if (attempts === 0) return [];
	if (was.kind === 'practice')
		return input.kind === was.kind ? [] : [{ code: 'practiceKindLocked', params: { attempts } }];
	const opened = was.opensAt <= now;
	const kept: [field: string, same: boolean][] = [
		['kind', input.kind === was.kind],
		['questionCount', input.questionCount === was.questionCount],
		['blueprint', cellsKey(input.blueprint) === cellsKey(was.blueprint)],
		['poolIds', poolsKey(input.poolIds) === poolsKey(was.poolIds)],
		['durationS', input.durationS === was.durationS],
		['graceS', input.graceS === was.graceS],
		['maxAttempts', input.maxAttempts === was.maxAttempts],
		['maxAttemptsPerWeek', input.maxAttemptsPerWeek === was.maxAttemptsPerWeek],
		['minAge', input.minAge === was.minAge],
		['tiebreakPrompt', promptOf(input.tiebreak) === promptOf(was.tiebreak)],
		['opensAt', !opened || minute(input.opensAt) === minute(was.opensAt)]
	];
	const problems: RoundProblem[] = kept
		.filter(([, same]) => !same)
		.map(([field]) => ({ code: 'lockedField', params: { field } }));
	if (opened && minute(input.closesAt) < minute(was.closesAt))
		problems.push({ code: 'closesOnlyLater', params: { field: 'closesAt' } });
	return problems.length ? [{ code: 'roundLocked', params: { attempts } }, ...problems] : [];
}

/** What validateRound may find wrong with the fields a sat round leaves free (lockedChanges). */
export const FREE_FIELD_PROBLEMS = new Set(['required', 'closesBeforeOpens']);
