// Opening an uploaded zip (an .xlsx workbook, a QTI package) with a bound on what it unpacks
// to: the one place a compressed bomb is stopped. A few hundred KB of zip can hold gigabytes
// of zeros, and a zip's declared sizes are the uploader's word, so every entry is inflated
// here, in steps, and stopped as soon as it outgrows what it declared.
import { Inflate } from 'fflate';
import type { Problem } from '../model';
import { yieldToServer } from '../../turns';

/**
 * Largest total a zip may unpack to, every entry counted. A 5,000-question template unpacks
 * to about 5 MB and 20,000 questions to about 21 MB; one entry over it is over the total too.
 */
export const MAX_UNPACKED = 50 * 1024 * 1024;
/** Most entries a zip may hold: a workbook has a dozen, a QTI package one per question. */
export const MAX_ENTRIES = 20_000;
/** Compressed bytes inflated at once: one step of a bomb unpacks to at most ~16 MB. */
const STEP = 16 * 1024;
/** Bytes unpacked between two turns of the event loop, so other requests run meanwhile. */
const TURN = 1024 * 1024;

export type Unzipped = { ok: true; files: Map<string, Uint8Array> } | { ok: false; problem: Problem };

const damaged: Unzipped = { ok: false, problem: { code: 'damagedZip' } };
const tooLarge: Unzipped = {
	ok: false,
	problem: { code: 'unpackedTooLarge', params: { mb: MAX_UNPACKED / 1024 / 1024 } }
};

interface Entry {
	name: string;
	method: number;
	compressedSize: number;
	size: number;
	localOffset: number;
}

const u16 = (d: Uint8Array, at: number) => d[at] | (d[at + 1] << 8);
const u32 = (d: Uint8Array, at: number) =>
	(d[at] | (d[at + 1] << 8) | (d[at + 2] << 16)) + d[at + 3] * 2 ** 24;
const u64 = (d: Uint8Array, at: number) => u32(d, at) + u32(d, at + 4) * 2 ** 32;
const FULL32 = 0xffffffff;

/** The central directory's entries, or null when the zip's structure does not hold together. */
function centralDirectory(d: Uint8Array): { count: number; entries: () => Entry[] | null } | null {
	let end = d.length - 22;
	while (end >= 0 && u32(d, end) !== 0x06054b50) {
		if (d.length - end > 22 + 0xffff) return null;
		end--;
	}
	if (end < 0) return null;
	let count = u16(d, end + 10);
	let offset = u32(d, end + 16);
	if ((count === 0xffff || offset === FULL32) && end >= 20 && u32(d, end - 20) === 0x07064b50) {
		const z = u64(d, end - 12);
		if (z + 56 > d.length || u32(d, z) !== 0x06064b50) return null;
		count = u64(d, z + 32);
		offset = u64(d, z + 48);
	}
	return {
		count,
		entries() {
			const entries: Entry[] = [];
			let at = offset;
			for (let i = 0; i < count; i++) {
				if (at + 46 > d.length || u32(d, at) !== 0x02014b50) return null;
				const nameLength = u16(d, at + 28);
				const extraLength = u16(d, at + 30);
				const next = at + 46 + nameLength + extraLength + u16(d, at + 32);
				if (next > d.length || u16(d, at + 8) & 1) return null; // encrypted: no reader here opens it
				const entry: Entry = {
					name: new TextDecoder().decode(d.subarray(at + 46, at + 46 + nameLength)),
					method: u16(d, at + 10),
					compressedSize: u32(d, at + 20),
					size: u32(d, at + 24),
					localOffset: u32(d, at + 42)
				};
				// ZIP64: the fields set to 0xFFFFFFFF follow in the extra field 0x0001, in this order.
				for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength;) {
					const id = u16(d, x);
					const length = u16(d, x + 2);
					if (id === 1) {
						let f = x + 4;
						for (const key of ['size', 'compressedSize', 'localOffset'] as const)
							if (entry[key] === FULL32 && f + 8 <= x + 4 + length) {
								entry[key] = u64(d, f);
								f += 8;
							}
					}
					x += 4 + length;
				}
				entries.push(entry);
				at = next;
			}
			return entries;
		}
	};
}

/**
 * The names of a zip's entries, read from its directory without unpacking anything (what kind
 * of document it is), or null when the directory is unreadable or holds more than MAX_ENTRIES.
 */
export function zipEntryNames(data: Uint8Array): string[] | null {
	const directory = centralDirectory(data);
	if (!directory || directory.count > MAX_ENTRIES) return null;
	return directory.entries()?.map((e) => e.name) ?? null;
}

/** An entry's bytes, inflated in steps; null when they do not come to exactly its declared size. */
async function inflateEntry(
	compressed: Uint8Array,
	size: number,
	turn: { bytes: number }
): Promise<Uint8Array | null> {
	const out = new Uint8Array(size);
	let at = 0;
	let over = false;
	const inflater = new Inflate((chunk) => {
		// Past the declared size the entry lies about itself; nothing more of it is unpacked.
		if (over || at + chunk.length > size) over = true;
		else out.set(chunk, at);
		at += chunk.length;
	});
	for (let i = 0; i < compressed.length && !over; i += STEP) {
		const before = at;
		inflater.push(compressed.subarray(i, i + STEP), i + STEP >= compressed.length);
		turn.bytes += at - before + STEP;
		if (turn.bytes > TURN) {
			turn.bytes = 0;
			await yieldToServer();
		}
	}
	return over || at !== size ? null : out;
}

/**
 * The entries of a zip that `wanted` names, unpacked, or the problem that stops the file:
 * `unpackedTooLarge` when its entries (wanted or not) declare more than MAX_UNPACKED together,
 * `tooManyEntries` past MAX_ENTRIES, `damagedZip` when it is not a readable zip or an entry
 * unpacks to other than it declares. Sizes are checked before anything is inflated, and an
 * entry that unpacks past its declared size is stopped there (within one step), so a lying
 * entry costs no more than an honest one.
 */
export async function unzipWithin(
	data: Uint8Array,
	wanted: (name: string) => boolean = () => true
): Promise<Unzipped> {
	const directory = centralDirectory(data);
	if (!directory) return damaged;
	if (directory.count > MAX_ENTRIES)
		return { ok: false, problem: { code: 'tooManyEntries', params: { n: MAX_ENTRIES } } };
	const entries = directory.entries();
	if (!entries) return damaged;
	let total = 0;
	for (const e of entries) {
		total += e.size;
		if (total > MAX_UNPACKED) return tooLarge;
	}
	const files = new Map<string, Uint8Array>();
	const turn = { bytes: 0 };
	for (const e of entries) {
		if (e.name.endsWith('/') || !wanted(e.name)) continue;
		const local = e.localOffset;
		if (local + 30 > data.length || u32(data, local) !== 0x04034b50) return damaged;
		const start = local + 30 + u16(data, local + 26) + u16(data, local + 28);
		if (start + e.compressedSize > data.length) return damaged;
		const compressed = data.subarray(start, start + e.compressedSize);
		let content: Uint8Array | null;
		if (e.method === 0) content = e.compressedSize === e.size ? compressed : null;
		else if (e.method !== 8) content = null;
		else if (e.compressedSize === 0) content = e.size === 0 ? compressed : null;
		else {
			try {
				content = await inflateEntry(compressed, e.size, turn);
			} catch {
				content = null; // fflate's own words are English and technical
			}
		}
		if (!content) return damaged;
		files.set(e.name, content);
	}
	return { ok: true, files };
}
