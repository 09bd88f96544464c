// An attempt's paper is drawn once, at its start (attempt_paper), and never changes. The ingest
// checks every batch's questions against it and grading reads it for every attempt it grades (a
// lock grades a whole hall at once, and each late batch after it grades its attempt again):
// read and parsed once per database and process, it is kept here by attempt id. Kept per
// database (the adapter a transaction shares with its database, as presence.ts does), so two
// databases in one process (the tests) never see each other's papers. Read-only: frozen.
import type { Db } from '../db';
import { readPaper } from '../db/stored';
import type { Paper } from '$lib/exam/paper';
import { readPaperText } from './hot-sql';

export interface KeptPaper {
	paper: Paper;
	/** Each question's option ids, by question id (what a batch's events are checked against). */
	options: Map<string, Set<string>>;
}

const PAPERS_KEPT = 5000;
const kept = new WeakMap<object, Map<string, KeptPaper>>();

export async function paperOf(tx: Db, attemptId: string): Promise<KeptPaper> {
	const key = tx.getExecutor().adapter;
	let papers = kept.get(key);
	const hit = papers?.get(attemptId);
	if (hit) return hit;
	const paper = readPaper(await readPaperText(tx, attemptId));
	for (const q of paper.questions) Object.freeze(q);
	Object.freeze(paper.questions);
	const entry: KeptPaper = {
		paper: Object.freeze(paper),
		options: new Map(paper.questions.map((q) => [q.id, new Set(q.options.map((o) => o.id))]))
	};
	if (!papers) kept.set(key, (papers = new Map()));
	if (papers.size >= PAPERS_KEPT) papers.delete(papers.keys().next().value!);
	papers.set(attemptId, entry);
	return entry;
}
