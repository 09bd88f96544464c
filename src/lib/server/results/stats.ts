// Statistics of a round for the organiser's charts: score distribution, participation per
// day and per unit, and per question the share of correct answers with the spread of the
// choices (a question most people get "wrong" the same way may have a wrong key).
import { sql } from 'kysely';
import type { Db } from '../db';
import { mergeAnswers } from '$lib/exam/merge';
import { gradePaper } from '$lib/exam/scoring';
import {
	canonicalOptionIds,
	decodeOutcomes,
	encodeOutcomes,
	loadCorrections,
	withCorrectedKeys
} from './corrections';
import { RANKED_STATUSES, type RoundSummary, type Snapshot } from './standing';
import { ensureStanding } from './standing-read';
import { rankUnits, type UnitTally } from '$lib/exam/collective';
import { unitInfos } from './individual';
import { resultRound, type ResultRound } from './publication';
import { roundCorrections, type CorrectionView } from './regrade';
import { readChoice, readKey, readOptions, readPaper } from '../db/stored';
import { readPaperText } from '../attempts/hot-sql';

export interface QuestionStat {
	questionId: string;
	text: string;
	topic: string;
	difficulty: number;
	/** Papers the question was on. */
	shown: number;
	answered: number;
	correct: number;
	/** correct / shown; null when on no paper. */
	share: number | null;
	/** Choices per option, in canonical order (sorted option ids), with the key marked. */
	options: { id: string; letter: string; text: string; chosen: number; key: boolean }[];
	correction: 'void' | 'key' | null;
}

/** Ranked attempts with no recorded outcomes (graded before outcomes were recorded). */
export function missingOutcomesQuery(db: Db, roundId: string) {
	return db
		.selectFrom('attempt as a')
		.leftJoin('attempt_outcome as o', 'o.attempt_id', 'a.id')
		.select('a.id')
		.where('a.round_id', '=', roundId)
		.where('a.status', 'in', [...RANKED_STATUSES])
		.where('a.score', 'is not', null)
		.where('o.attempt_id', 'is', null);
}

export function outcomesQuery(db: Db, roundId: string) {
	return db.selectFrom('attempt_outcome').select('outcomes').where('round_id', '=', roundId);
}

/** Records outcomes for attempts graded before they were recorded, from the stored verdicts. */
async function backfillOutcomes(db: Db, roundId: string, ranked: number): Promise<void> {
	const have = await db
		.selectFrom('attempt_outcome')
		.select(sql<number>`count(*)`.as('n'))
		.where('round_id', '=', roundId)
		.executeTakeFirstOrThrow();
	if (Number(have.n) >= ranked) return;
	const missing = (await missingOutcomesQuery(db, roundId).execute()).map((r) => r.id);
	const corrections = await loadCorrections(db, roundId);
	for (const id of missing) {
		const events = await db.selectFrom('answer_event').selectAll().where('attempt_id', '=', id).execute();
		const paper = readPaper(await readPaperText(db, id));
		const answers = mergeAnswers(
			events.map((r) => ({
				deviceId: r.device_id,
				counts: r.counts === 1,
				event: {
					seq: r.seq,
					questionId: r.question_id,
					choice: readChoice(r.choice),
					at: r.at,
					elapsedMs: r.elapsed_ms,
					hash: r.hash
				}
			}))
		);
		const grade = gradePaper(withCorrectedKeys(paper.questions, corrections), answers, corrections.voided);
		await db
			.insertInto('attempt_outcome')
			.values({ attempt_id: id, round_id: roundId, outcomes: encodeOutcomes(paper.questions, grade) })
			.onConflict((oc) => oc.column('attempt_id').doNothing())
			.execute();
	}
}

interface Tally {
	shown: number;
	answered: number;
	correct: number;
	chosen: number[];
}

async function buildQuestionStats(db: Db, roundId: string, ranked: number): Promise<QuestionStat[]> {
	await backfillOutcomes(db, roundId, ranked);
	const tallies = new Map<string, Tally>();
	const rows = await outcomesQuery(db, roundId).execute();
	for (const row of rows) {
		const codes = decodeOutcomes(row.outcomes);
		for (const id in codes) {
			let t = tallies.get(id);
			if (!t) tallies.set(id, (t = { shown: 0, answered: 0, correct: 0, chosen: [] }));
			const code = codes[id];
			t.shown += 1;
			if (code === '-') continue;
			t.answered += 1;
			if (code === '?') continue;
			const upper = code.toUpperCase();
			const index = upper.charCodeAt(0) - 65;
			t.chosen[index] = (t.chosen[index] ?? 0) + 1;
			if (code === upper) t.correct += 1;
		}
	}
	if (tallies.size === 0) return [];
	const ids = [...tallies.keys()];
	const meta = await db
		.selectFrom('question')
		.innerJoin('question_version as v', (j) =>
			j.onRef('v.question_id', '=', 'question.id').onRef('v.version', '=', 'question.version')
		)
		.leftJoin('topic', 'topic.id', 'question.topic_id')
		.select(['question.id', 'question.difficulty', 'topic.name as topic', 'v.text', 'v.options', 'v.correct'])
		.where('question.id', 'in', ids)
		.execute();
	const byId = new Map(meta.map((m) => [m.id, m]));
	const corrections = await loadCorrections(db, roundId);
	return ids.map((id) => {
		const t = tallies.get(id)!;
		const m = byId.get(id);
		const options = m ? readOptions(m.options) : [];
		const text = new Map(options.map((o) => [o.id, o.text]));
		const key = new Set(corrections.keys.get(id) ?? (m ? readKey(m.correct) : []));
		const canonical = canonicalOptionIds(options);
		return {
			questionId: id,
			text: m?.text ?? id,
			topic: m?.topic ?? '',
			difficulty: m?.difficulty ?? 0,
			shown: t.shown,
			answered: t.answered,
			correct: t.correct,
			share: t.shown > 0 ? t.correct / t.shown : null,
			options: canonical.map((optionId, i) => ({
				id: optionId,
				letter: String.fromCharCode(65 + i),
				text: text.get(optionId) ?? optionId,
				chosen: t.chosen[i] ?? 0,
				key: key.has(optionId)
			})),
			correction: corrections.voided.has(id) ? 'void' : corrections.keys.has(id) ? 'key' : null
		};
	});
}

/** The question statistics of the current snapshot, computed once per snapshot. */
export async function questionStats(
	db: Db,
	roundId: string,
	current?: Snapshot
): Promise<{ builtAt: number; questions: QuestionStat[] } | null> {
	const snapshot = current ?? (await ensureStanding(db, roundId));
	if (!snapshot) return null;
	const held = await db
		.selectFrom('round_snapshot')
		.select(['questions', 'stamp'])
		.where('round_id', '=', roundId)
		.executeTakeFirst();
	if (held?.questions && held.stamp === snapshot.stamp)
		return { builtAt: snapshot.builtAt, questions: JSON.parse(held.questions) as QuestionStat[] };
	const questions = await buildQuestionStats(db, roundId, snapshot.summary.attempts);
	await db
		.updateTable('round_snapshot')
		.set({ questions: JSON.stringify(questions) })
		.where('round_id', '=', roundId)
		.where('stamp', '=', snapshot.stamp)
		.execute();
	return { builtAt: snapshot.builtAt, questions };
}

export interface UnitParticipation {
	unitId: string;
	name: string;
	participants: number;
	headcount: number;
	rate: number | null;
	attempts: number;
}

export interface RoundStats {
	round: ResultRound;
	builtAt: number;
	summary: Pick<RoundSummary, 'participants' | 'attempts' | 'fullMarks' | 'histogram' | 'days'>;
	units: UnitParticipation[];
	/** Hardest first: the lowest share of correct answers. */
	questions: QuestionStat[];
	average: number | null;
}

export function tallyMap(summary: RoundSummary): Map<string, UnitTally> {
	return new Map(Object.entries(summary.units));
}

export async function roundStats(db: Db, roundId: string): Promise<RoundStats | null> {
	const round = await resultRound(db, roundId);
	if (!round) return null;
	const snapshot = await ensureStanding(db, roundId);
	if (!snapshot) return null;
	const q = (await questionStats(db, roundId, snapshot))!;
	const units = await unitInfos(db);
	const roots = units.filter((u) => u.parentId === null);
	const top = roots.length === 1 ? roots[0].id : null;
	const ranked = rankUnits(units, tallyMap(snapshot.summary), top, 'participants', 1);
	const { histogram, fullMarks, participants, attempts, days } = snapshot.summary;
	const total = Object.values(snapshot.summary.units).reduce(
		(s, u) => s + u.points.reduce((a, p) => a + p, 0),
		0
	);
	return {
		round,
		builtAt: snapshot.builtAt,
		summary: { participants, attempts, fullMarks, histogram, days },
		units: ranked
			.map((r) => ({
				unitId: r.unit.id,
				name: r.unit.name,
				participants: r.participants,
				headcount: r.headcount,
				rate: r.rate,
				attempts: r.attempts
			}))
			.sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.participants - a.participants),
		questions: [...q.questions].sort(
			(a, b) =>
				(a.correction === 'void' ? 1 : 0) - (b.correction === 'void' ? 1 : 0) ||
				(a.share ?? 2) - (b.share ?? 2) ||
				(a.questionId < b.questionId ? -1 : 1)
		),
		average: participants > 0 ? total / participants : null
	};
}

export interface QuestionDetail {
	stat: QuestionStat;
	correction: CorrectionView | null;
	finalised: boolean;
}

/** One question of the round with its statistics and any correction in force. */
export async function questionDetail(
	db: Db,
	roundId: string,
	questionId: string
): Promise<QuestionDetail | null> {
	const round = await resultRound(db, roundId);
	const q = round ? await questionStats(db, roundId) : null;
	const stat = q?.questions.find((x) => x.questionId === questionId);
	if (!round || !stat) return null;
	const correction = (await roundCorrections(db, roundId)).find((c) => c.questionId === questionId) ?? null;
	return { stat, correction, finalised: round.finalisedAt !== null };
}
