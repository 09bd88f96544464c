// An attempt's paper is drawn once, at its start (attempt_paper), and never changes. The ingest
// checks every batch's questions against it and grading reads it for every attempt it grades (a
// lock grades a whole hall at once, and each late batch after it grades its attempt again):
// read and parsed once per database and process, it is kept here by attempt id. Kept per
// database (the adapter a transaction shares with its database, as presence.ts does), so two
// databases in one process (the tests) never see each other's papers. Read-only: frozen.
import type { Db } from '../db';
import { readPaper } from '../db/stored';
import type { Paper } from '$lib/exam/paper';
import { inList, readPaperText, run } from './hot-sql';
import { yieldToServer } from '../turns';

export interface KeptPaper {
	paper: Paper;
	/** Each question's option ids, by question id (what a batch's events are checked against). */
	options: Map<string, Set<string>>;
}

const PAPERS_KEPT = 5000;
const kept = new WeakMap<object, Map<string, KeptPaper>>();

const papersOf = (db: Db): Map<string, KeptPaper> => {
	const key = db.getExecutor().adapter;
	let papers = kept.get(key);
	if (!papers) kept.set(key, (papers = new Map()));
	return papers;
};

export async function paperOf(tx: Db, attemptId: string): Promise<KeptPaper> {
	const hit = papersOf(tx).get(attemptId);
	if (hit) return hit;
	return keep(tx, attemptId, await readPaperText(tx, attemptId));
}

function keep(db: Db, attemptId: string, text: string): KeptPaper {
	const paper = readPaper(text);
	for (const q of paper.questions) Object.freeze(q);
	Object.freeze(paper.questions);
	const entry: KeptPaper = {
		paper: Object.freeze(paper),
		options: new Map(paper.questions.map((q) => [q.id, new Set(q.options.map((o) => o.id))]))
	};
	const papers = papersOf(db);
	if (papers.size >= PAPERS_KEPT) papers.delete(papers.keys().next().value!);
	papers.set(attemptId, entry);
	return entry;
}

const WARM_CHUNK = 25;
const warming = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Reads a venue room's papers ahead of its first answers, once per database and process, a
 * chunk at a time with the loop free between chunks. In a hall every tablet's first answer came
 * in the same second, and each read and parsed its paper then: a tenth of that second's work.
 * The tablets heartbeat long before they answer, so a running room's heartbeat calls this
 * (venue/heartbeat.ts). A paper it could not read is read by its first batch, as before.
 */
export function keepRoomPapers(db: Db, roomId: string): Promise<void> {
	const key = db.getExecutor().adapter;
	let rooms = warming.get(key);
	if (!rooms) warming.set(key, (rooms = new Map()));
	let warm = rooms.get(roomId);
	if (!warm) {
		// A failure (the database closing) leaves each paper to its first batch, and the next
		// heartbeat tries again.
		warm = warmRoom(db, roomId).catch(() => {
			rooms.delete(roomId);
		});
		rooms.set(roomId, warm);
	}
	return warm;
}

/** The room's reading of its papers in this process, if one began (for the tests). */
export const roomPapersKept = (db: Db, roomId: string): Promise<void> | undefined =>
	warming.get(db.getExecutor().adapter)?.get(roomId);

async function warmRoom(db: Db, roomId: string): Promise<void> {
	const ids = await run<{ attempt_id: string }>(
		db,
		'SELECT attempt_id FROM finalist WHERE room_id = ? AND attempt_id IS NOT NULL',
		[roomId]
	);
	const papers = papersOf(db);
	const wanted = ids.map((r) => r.attempt_id).filter((id) => !papers.has(id));
	for (let i = 0; i < wanted.length && papers.size < PAPERS_KEPT; i += WARM_CHUNK) {
		await yieldToServer();
		const chunk = wanted.slice(i, i + WARM_CHUNK);
		const rows = await run<{ attempt_id: string; paper: string }>(
			db,
			`SELECT attempt_id, paper FROM attempt_paper WHERE attempt_id IN ${inList(chunk)}`,
			chunk
		);
		for (const r of rows) if (!papers.has(r.attempt_id)) keep(db, r.attempt_id, r.paper);
	}
}
