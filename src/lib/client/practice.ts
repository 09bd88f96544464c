// Practice that works offline: the round's public bank is kept on the device, papers are
// drawn here with the same function the server uses, and the attempt is recorded with the
// server (then synced like any other) once a connection exists.
import {
	aliasQuestion,
	bankOptionId,
	drawPaper,
	type BankQuestion,
	type Paper,
	type PublicPaper
} from '$lib/exam/paper';
import type { Choice } from '$lib/exam/events';
import { gradePaper, type Grade } from '$lib/exam/scoring';
import { seededRandom, shuffled } from '$lib/exam/random';
import { localDb, type LocalAttempt, type PracticeBank } from './db';
import { clockOffset } from './device';
import { NO_SERVER, serverMessage } from './no-server';

/**
 * Practice papers carry their key: graded on the device with the server's own rule (the
 * result screen; null for a paper without its key).
 */
export function gradeOnDevice(
	paper: Paper | PublicPaper,
	choices: ReadonlyMap<string, Choice>
): Grade | null {
	const keyed = paper as Paper;
	if (!keyed.questions.every((q) => Array.isArray(q.correct))) return null;
	const answers = new Map<string, string | number>();
	for (const [q, c] of choices) if (c !== null) answers.set(q, c);
	return gradePaper(keyed.questions, answers);
}

/**
 * `refused`: the server's sentence when it refused the bank and the copy on the device is
 * used (the round has closed, …): a paper drawn from it then stays on this device only.
 */
export type BankResult =
	{ ok: true; bank: PracticeBank; refused?: string } | { ok: false; offline: boolean; message: string };

/** Fetches the round's public bank when online; otherwise returns the copy on the device. */
export async function practiceBank(roundId: string): Promise<BankResult> {
	const db = localDb();
	try {
		const res = await fetch(`/api/rounds/${encodeURIComponent(roundId)}/bank`, { cache: 'no-store' });
		const body = await res.json().catch(() => null);
		if (res.ok && body) {
			const bank: PracticeBank = {
				roundId,
				userId: body.userId,
				round: body.round,
				blueprint: body.blueprint,
				questions: body.questions,
				fetchedAt: Date.now()
			};
			await db.banks.put(bank);
			return { ok: true, bank };
		}
		const held = await db.banks.get(roundId);
		const message = serverMessage(body);
		if (!held) return { ok: false, offline: false, message };
		return message === NO_SERVER ? { ok: true, bank: held } : { ok: true, bank: held, refused: message };
	} catch {
		const held = await db.banks.get(roundId);
		return held ? { ok: true, bank: held } : { ok: false, offline: true, message: '' };
	}
}

export async function cachedBanks(): Promise<PracticeBank[]> {
	return localDb().banks.toArray();
}

/**
 * Graded papers still running on this device, which /practice lists first: offline, the error
 * page of every other page leads there ("Bài thi trên máy này"), and a tab the phone closed or
 * a step back to the dashboard left no way back but typing the paper's address. The exam page
 * decides whether the one signed in here may open it (a shared device); a hall's tablet opens
 * its paper from /venue.
 */
export function runningPapers(): Promise<LocalAttempt[]> {
	return localDb()
		.attempts.where('status')
		.equals('running')
		.filter((a) => a.kind === 'qualifying' && !a.venue && !a.signedOut)
		.toArray();
}

/** Draws a practice paper on the device and opens it as a local attempt. */
export async function startPractice(bank: PracticeBank): Promise<string> {
	const attemptId = crypto.randomUUID();
	const seed = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
		b.toString(16).padStart(2, '0')
	).join('');
	const paper = drawPaper({ bank: bank.questions, blueprint: bank.blueprint, seed });
	const startedAt = Date.now() + ((await clockOffset()) ?? 0);
	const attempt: LocalAttempt = {
		attemptId,
		userId: bank.userId,
		roundId: bank.roundId,
		roundName: bank.round.name,
		kind: 'practice',
		token: '',
		paper,
		startedAt,
		deadline: startedAt + bank.round.durationMs,
		durationMs: bank.round.durationMs,
		graceMs: bank.round.graceMs,
		tiebreakPrompt: null,
		review: bank.round.review,
		status: 'running',
		flagged: []
	};
	await localDb().attempts.put(attempt);
	return attemptId;
}

/** The account's practice attempts of the round on this device: another's stay out of sight on a shared one. */
export async function practiceAttempts(roundId: string, userId: string): Promise<LocalAttempt[]> {
	const mine = await localDb()
		.attempts.filter((a) => a.roundId === roundId && a.userId === userId)
		.toArray();
	return mine.sort((a, b) => b.startedAt - a.startedAt);
}

/**
 * A question of a finished paper as it stands on a new one: option ids are per paper (the
 * paper's seed, see `optionAlias`), so they and the key are derived again from the bank's ids,
 * as the server derives them when the device registers the new paper.
 */
function onNewPaper(seed: string, q: BankQuestion): BankQuestion {
	const bankIdOf = new Map(q.options.map((o) => [o.id, bankOptionId(o)]));
	return aliasQuestion(seed, {
		...q,
		options: q.options.map((o) => ({ ...o, id: bankOptionId(o), source: undefined })),
		correct: q.correct.map((id) => bankIdOf.get(id) ?? id)
	});
}

/**
 * Another practice attempt after one finished: the whole round again (a fresh paper from the
 * bank on the device), or only the given questions of the finished paper, reshuffled.
 */
export async function retryPractice(
	previous: LocalAttempt,
	onlyQuestionIds?: readonly string[]
): Promise<string | null> {
	const bank = await localDb().banks.get(previous.roundId);
	if (!bank) return null;
	if (!onlyQuestionIds) return startPractice(bank);
	const keep = new Set(onlyQuestionIds);
	// A practice attempt holds the paper drawn on the device, key included.
	const questions = (previous.paper as Paper).questions.filter((q) => keep.has(q.id));
	if (questions.length === 0) return null;
	const seed = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
		b.toString(16).padStart(2, '0')
	).join('');
	const attemptId = crypto.randomUUID();
	const startedAt = Date.now() + ((await clockOffset()) ?? 0);
	const attempt: LocalAttempt = {
		...previous,
		attemptId,
		token: '',
		paper: {
			seed,
			questions: shuffled(questions, seededRandom(seed)).map((q) => onNewPaper(seed, q))
		} as LocalAttempt['paper'],
		startedAt,
		deadline: startedAt + bank.round.durationMs,
		status: 'running',
		flagged: [],
		localSubmit: undefined,
		result: undefined,
		serverState: undefined,
		serverStateSentAt: undefined,
		problem: undefined,
		heldEvents: undefined,
		baseAnswers: undefined
	};
	await localDb().attempts.put(attempt);
	return attemptId;
}
