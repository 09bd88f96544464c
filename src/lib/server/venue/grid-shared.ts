// The console's grid, shared by the consoles polling one room. Every open console polls every
// second (src/lib/client/proctor.svelte.ts), and the grid of a 1,000-seat room takes tens of
// milliseconds of the server's only thread to make and is 800 KB of JSON: twenty consoles would
// make, serialise and send it twenty times a second. A grid being made, or made less than
// SHARED_MS ago, is answered again — its bytes serialised once, and gzipped once (off the main
// thread) for the browsers that accept it (all do), which is a tenth of the size on the hall's
// Wi-Fi. Its `now` is when it was made (the console's clock runs on from there). A proctor's
// action and a tablet's enrolment forget their room's (actions/index.ts, enrol.ts), so the
// console reads the new state at once. Another server process keeps its own, at most SHARED_MS
// old. Per database (as presence.ts): the same room id in two databases is two rooms.
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import type { Db } from '../db';
import { roomGrid } from './grid';

// A console polls once a second, so a grid a second old is what each poll could see anyway; a
// hall's grid made twice a second was a fifth of its server's one thread (bench/results.md).
const SHARED_MS = 1000;
const gzipAsync = promisify(gzip);

type Grid = Awaited<ReturnType<typeof roomGrid>>;

/** A grid and its bytes, made once however many consoles read it. */
export class SharedGrid {
	#json: Buffer | null = null;
	#gzip: Promise<Buffer> | null = null;
	constructor(readonly grid: Grid) {}
	json(): Buffer {
		return (this.#json ??= Buffer.from(JSON.stringify(this.grid)));
	}
	gzip(): Promise<Buffer> {
		return (this.#gzip ??= gzipAsync(this.json(), { level: constants.Z_BEST_SPEED }));
	}
}

interface Entry {
	/** When it was asked for (its reads are of that moment). */
	at: number;
	made: Promise<SharedGrid>;
	done: boolean;
}
const sharedBy = new WeakMap<object, Map<string, Entry>>();

function sharedOf(db: Db) {
	const key = db.getExecutor().adapter;
	let shared = sharedBy.get(key);
	if (!shared) sharedBy.set(key, (shared = new Map()));
	return shared;
}

/** The room's grid, being made or made at most SHARED_MS before `now` (refusals are not kept). */
export async function sharedGrid(db: Db, roomId: string, now = Date.now()): Promise<SharedGrid> {
	const shared = sharedOf(db);
	const held = shared.get(roomId);
	if (held && (!held.done || now - held.at < SHARED_MS)) return held.made;
	const entry: Entry = {
		at: now,
		done: false,
		made: roomGrid(db, roomId, now).then((g) => new SharedGrid(g))
	};
	shared.set(roomId, entry);
	const drop = () => {
		if (shared.get(roomId) === entry) shared.delete(roomId);
	};
	try {
		const made = await entry.made;
		entry.done = true;
		if (!made.grid.ok) drop();
		return made;
	} catch (e) {
		drop();
		throw e;
	}
}

/** After a proctor's action: the next read makes the room's grid again. */
export function forgetGrid(db: Db, roomId: string): void {
	sharedOf(db).delete(roomId);
}
