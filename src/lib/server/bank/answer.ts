// The answer column as organisers write it: "B", "b", "B.", "B)", "(B)", "Phương án B",
// "Đáp án: B", "2", or several ("A, C"). One reader for the key and the pinned column.
import { LETTERS } from './model';

/** Words written before the letter, compared without tone marks or case. */
const PREFIX =
	/^(?:dap an dung|dap an|da dung|da|phuong an|pa|lua chon|cau tra loi|answer|option|key)\b\s*[:.\-–]?\s*/;

function plain(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.trim();
}

/** One answer: "(b)", "B.", "phuong an b", "2" → its option index; null when it names none. */
function onePart(part: string): number | null {
	let p = plain(part);
	for (let guard = 0; guard < 3; guard++) {
		const next = p
			.replace(PREFIX, '')
			.replace(/^[([{]\s*|\s*[)\]}.:]$/g, '')
			.trim();
		if (next === p) break;
		p = next;
	}
	const letter = LETTERS.indexOf(p.toUpperCase() as (typeof LETTERS)[number]);
	if (letter >= 0) return letter;
	if (/^[1-6]$/.test(p)) return Number(p) - 1;
	return null;
}

/**
 * Option indexes named by an answer cell, in the order written; [] for an empty cell, null
 * when a part names no option (the row is then reported with the cell as written).
 */
export function parseAnswer(value: string): number[] | null {
	const v = plain(value).replace(PREFIX, '');
	if (!v) return [];
	const parts = v.split(/\s*(?:[,;+/&]|\s(?:va|and)\s)\s*/).filter(Boolean);
	const out: number[] = [];
	for (const part of parts) {
		const one = onePart(part);
		if (one !== null) {
			out.push(one);
			continue;
		}
		// "A C" with spaces only: each word a letter.
		const words = part.split(/\s+/).map(onePart);
		if (words.length > 1 && words.every((w) => w !== null)) out.push(...(words as number[]));
		else return null;
	}
	return out;
}
