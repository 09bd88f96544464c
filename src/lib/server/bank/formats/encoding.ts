// The character set of a text file (CSV, GIFT, plain text). UTF-8 and UTF-16 are read as
// they are. Otherwise the file is single-byte: Windows-1258 (what Excel's "CSV (Comma
// delimited)" and many Vietnamese editors save; its tone marks are combining characters, so
// the text is normalised to NFC), or an old font encoding (TCVN3, VNI) stored as Latin-1,
// which legacy.ts converts question by question. When neither reading gives Vietnamese,
// the file is refused rather than stored as mojibake.
import iconv from 'iconv-lite';
import { detectLegacy, convertLegacy, isVietnameseSyllable } from '$lib/exam/legacy-encoding';

export type TextEncoding = 'utf-8' | 'utf-16' | 'cp1258' | 'legacy';

export interface DecodedText {
	/** Null when no reading gives plausible Vietnamese. */
	text: string | null;
	encoding: TextEncoding | null;
}

/** Share of the words with a non-ASCII letter that must read as Vietnamese syllables. */
const PLAUSIBLE = 0.85;

/** Words that carry a letter outside ASCII: the only ones a wrong reading changes. */
function accentedWords(text: string): string[] {
	return (text.match(/[\p{L}\p{M}\u00a1-\u00bf\u00d7\u00f7]+/gu) ?? []).filter((w) =>
		/[^\p{ASCII}]/u.test(w)
	);
}

/** Whether the accented words of `text` are (mostly) Vietnamese syllables. */
export function readsAsVietnamese(text: string): boolean {
	const words = accentedWords(text);
	if (words.length === 0) return false;
	const good = words.filter((w) => isVietnameseSyllable(w)).length;
	return good / words.length >= PLAUSIBLE;
}

export function decodeFile(data: Uint8Array): DecodedText {
	if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf)
		return { text: new TextDecoder('utf-8').decode(data.subarray(3)), encoding: 'utf-8' };
	if (data[0] === 0xff && data[1] === 0xfe)
		return { text: new TextDecoder('utf-16le').decode(data.subarray(2)), encoding: 'utf-16' };
	if (data[0] === 0xfe && data[1] === 0xff)
		return { text: new TextDecoder('utf-16be').decode(data.subarray(2)), encoding: 'utf-16' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
	} catch {
		// Not UTF-8: a single-byte file.
	}
	const cp1258 = iconv.decode(Buffer.from(data), 'windows1258').normalize('NFC');
	if (readsAsVietnamese(cp1258)) return { text: cp1258, encoding: 'cp1258' };
	const latin = new TextDecoder('windows-1252').decode(data);
	// Old files mix fonts line by line, so each line is tried on its own, as import rows are.
	const converted = latin
		.split(/\r?\n/)
		.map((line) => {
			const legacy = detectLegacy(line);
			return legacy ? convertLegacy(line, legacy) : line;
		})
		.join('\n');
	if (converted !== latin && readsAsVietnamese(converted)) return { text: latin, encoding: 'legacy' };
	return { text: null, encoding: null };
}
