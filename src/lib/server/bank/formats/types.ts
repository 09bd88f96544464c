// What every import format reader produces: questions as the file states them, each with
// its place in the file, before the bank's rules are checked.
import type { Problem } from '../model';

export type PlaceKind = 'row' | 'item' | 'question' | 'xmlQuestion' | 'file';
/** Where an item is in its file, worded by bank.places[kind] with these params. */
export interface Place {
	kind: PlaceKind;
	params?: Record<string, string | number>;
}

export interface RawQuestion {
	place: Place;
	id?: string;
	text: string;
	options: { text: string; pinned: boolean }[];
	/** Option indexes; null when the file named an answer that matches no option. */
	correct: number[];
	topic?: string;
	topicId?: string;
	difficulty?: string;
	pool?: string;
	status?: string;
	explanation: string;
	reference: string;
	/** Problems found while reading (a bad answer letter, an unsupported type, …). */
	problems: Problem[];
}

export interface FileTopic {
	id: string;
	name: string;
}
export interface FilePool {
	id: string;
	name: string;
	visibility: 'public' | 'secret';
	published: boolean;
}

/** A column of a spreadsheet as read: its heading, an example value and the field it fills. */
export interface ColumnRead {
	heading: string;
	/** The heading as compared (no tone marks or case): the key a mapping is saved under. */
	key: string;
	/** A field key (see formats/columns.ts), 'ignore', or null when not recognised. */
	field: string | null;
	sample: string;
}

export interface ParsedFile {
	items: RawQuestion[];
	/** Problems with the file as a whole; when present nothing is imported. */
	fileProblems: Problem[];
	/** Remarks on the file that do not stop the import (e.g. columns ignored). */
	fileNotes: Problem[];
	/** Topics and pools described by the spreadsheet's own sheets (an export carries them). */
	topics?: FileTopic[];
	pools?: FilePool[];
	/** The spreadsheet's columns, for the organiser to map. */
	columns?: ColumnRead[];
}

export function emptyParsed(problem?: Problem): ParsedFile {
	return { items: [], fileProblems: problem ? [problem] : [], fileNotes: [] };
}

/** Plain text of an HTML fragment (Moodle and QTI texts): tags dropped, entities decoded. */
export function htmlToText(html: string): string {
	return decodeEntities(
		html
			.replace(/<\s*br\s*\/?>/gi, '\n')
			.replace(/<\/\s*(p|div|li|h\d)\s*>/gi, '\n')
			.replace(/<[^>]*>/g, '')
	)
		.replace(/[ \t\u00a0]+/g, ' ')
		.replace(/ *\n */g, '\n')
		.replace(/\n{2,}/g, '\n')
		.trim();
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
	return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
		if (e[0] === '#') {
			const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
			return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
		}
		return NAMED[e.toLowerCase()] ?? whole;
	});
}
