// A reader for Moodle's GIFT text format, limited to what the bank holds: multiple choice
// (=right ~wrong, or ~%100% weights) and true/false ({T} / {F}). Other GIFT question types
// are reported as unsupported rather than guessed at. No maintained GIFT parser exists for
// Node, so this one is small and tested (gift.spec.ts).
//
//   // comment
//   $CATEGORY: $course$/Dịch vụ công
//   ::Q1:: Cổng Dịch vụ công quốc gia là? { =dichvucong.gov.vn ~chinhphu.vn #phản hồi ####Giải thích }
import type { Problem } from '../model';
import { emptyParsed, htmlToText, type ParsedFile, type RawQuestion } from './types';
import { yieldToServer } from '../../turns';
import { MAX_CELL_CHARS, MAX_LINES, Turns, questionTooLong, tooManyLines } from './limits';

const SPECIAL = '~=#{}:';

/** Index of the first `ch` not escaped with a backslash, from `from`. */
function findUnescaped(s: string, ch: string, from = 0): number {
	for (let i = from; i < s.length; i++) {
		if (s[i] === '\\') i++;
		else if (s[i] === ch) return i;
	}
	return -1;
}

function unescape(s: string): string {
	return s.replace(/\\(.)/g, (whole, c: string) =>
		c === 'n' ? '\n' : SPECIAL.includes(c) || c === '\\' ? c : whole
	);
}

/** Text with its optional [html]/[markdown]/[plain]/[moodle] marker applied. */
function formatted(s: string, fallback: string): { text: string; format: string } {
	const m = /^\s*\[(html|markdown|plain|moodle)\]/i.exec(s);
	const format = m ? m[1].toLowerCase() : fallback;
	const body = m ? s.slice(m[0].length) : s;
	const text = unescape(body).trim();
	return { text: format === 'html' ? htmlToText(text) : text.replace(/[ \t]*\n[ \t]*/g, '\n'), format };
}

interface Answer {
	right: boolean;
	weight: number | null;
	text: string;
}

/** Splits the answer block at unescaped = and ~, dropping per-answer #feedback. */
function answersOf(block: string): { answers: Answer[]; general: string } {
	let general = '';
	const g = block.indexOf('####');
	let body = block;
	if (g >= 0 && block[g - 1] !== '\\') {
		general = block.slice(g + 4);
		body = block.slice(0, g);
	}
	const answers: Answer[] = [];
	let i = 0;
	while (i < body.length) {
		const c = body[i];
		if (c === '\\') {
			i += 2;
			continue;
		}
		if (c === '=' || c === '~') {
			let j = i + 1;
			while (j < body.length && !((body[j] === '=' || body[j] === '~') && body[j - 1] !== '\\')) j++;
			let raw = body.slice(i + 1, j);
			const hash = findUnescaped(raw, '#');
			if (hash >= 0) raw = raw.slice(0, hash);
			let weight: number | null = null;
			const w = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(raw);
			if (w) {
				weight = Number(w[1]);
				raw = raw.slice(w[0].length);
			}
			answers.push({ right: c === '=', weight, text: raw });
			i = j;
			continue;
		}
		i++;
	}
	return { answers, general };
}

function topicOfCategory(path: string): string {
	const parts = path
		.trim()
		.split('/')
		.map((p) => p.trim())
		.filter(
			(p) => p && p !== '$course$' && p !== '$system$' && p.toLowerCase() !== 'top' && !/^\$.*\$$/.test(p)
		);
	return parts.at(-1) ?? '';
}

/** `trueFalse`: the two options a {T}/{F} question gets, in the organiser's language. */
export async function readGift(source: string, trueFalse: readonly [string, string]): Promise<ParsedFile> {
	const text = source.replace(/^\ufeff/, '');
	const blocks: { line: number; text: string }[] = [];
	let current: { line: number; parts: string[]; size: number } | null = null;
	let category = '';
	const items: RawQuestion[] = [];
	const flush = () => {
		if (current) blocks.push({ line: current.line, text: current.parts.join('\n') });
		current = null;
	};
	const categories: { beforeBlock: number; name: string }[] = [];
	const turns = new Turns();
	// Line by line as split(/\r\n|\r|\n/) would cut them, counted and bounded as they are read.
	for (let at = 0, idx = 0; at <= text.length; idx++) {
		if (idx >= MAX_LINES) return emptyParsed(tooManyLines);
		let end = at;
		while (end < text.length && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
		const line = text.slice(at, end);
		const next = text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1;
		await turns.after(1, next - at);
		at = next;
		const t = line.trim();
		if (t.startsWith('//') && !current) continue;
		if (!t) {
			// A blank line ends a question, as in Moodle's own reader.
			flush();
			continue;
		}
		if (!current && /^\$CATEGORY:/i.test(t)) {
			categories.push({ beforeBlock: blocks.length, name: topicOfCategory(t.replace(/^\$CATEGORY:/i, '')) });
			continue;
		}
		if (t.startsWith('//')) continue;
		if (!current) current = { line: idx + 1, parts: [], size: 0 };
		current.size += line.length + 1;
		if (current.size > MAX_CELL_CHARS + 1) return emptyParsed(questionTooLong(current.line));
		current.parts.push(line);
	}
	flush();

	let nextCategory = 0;
	for (let b = 0; b < blocks.length; b++) {
		if (b % 500 === 499) await yieldToServer();
		while (nextCategory < categories.length && categories[nextCategory].beforeBlock <= b)
			category = categories[nextCategory++].name;
		const { line, text: block } = blocks[b];
		const place = { kind: 'question' as const, params: { n: b + 1, line } };
		const problems: Problem[] = [];
		let rest = block.trim();
		// The ::title:: is the author's label only; the place names the question by number and line.
		if (rest.startsWith('::')) {
			const end = rest.indexOf('::', 2);
			if (end > 0) rest = rest.slice(end + 2);
		}
		const open = findUnescaped(rest, '{');
		const close = open >= 0 ? findUnescaped(rest, '}', open + 1) : -1;
		const base: RawQuestion = {
			place,
			text: '',
			options: [],
			correct: [],
			explanation: '',
			reference: '',
			problems,
			topic: category || undefined
		};
		if (open < 0) {
			problems.push({ code: 'syntax', params: { detail: 'missingOpenBrace' } });
			items.push({ ...base, text: formatted(rest, 'moodle').text });
			continue;
		}
		if (close < 0) {
			problems.push({ code: 'syntax', params: { detail: 'missingCloseBrace' } });
			items.push({ ...base, text: formatted(rest.slice(0, open), 'moodle').text });
			continue;
		}
		const before = rest.slice(0, open);
		const after = rest.slice(close + 1).trim();
		const stem = formatted(after ? `${before}_____ ${after}` : before, 'moodle');
		const inner = rest.slice(open + 1, close).trim();
		const { answers, general } = answersOf(inner);
		base.text = stem.text;
		base.explanation = general ? formatted(general, stem.format).text : '';

		const tf = /^(T|TRUE|F|FALSE)\b/i.exec(inner);
		if (tf && answers.length === 0) {
			const isTrue = tf[1].toUpperCase().startsWith('T');
			items.push({
				...base,
				options: trueFalse.map((text) => ({ text, pinned: false })),
				correct: [isTrue ? 0 : 1]
			});
			continue;
		}
		// Named as Moodle names its types; bank.questionTypes words them.
		let type = '';
		if (!inner) type = 'essay';
		else if (inner.startsWith('#')) type = 'numerical';
		else if (/->/.test(inner)) type = 'matching';
		else if (answers.length > 0 && answers.every((a) => a.right)) type = 'shortanswer';
		else if (answers.length === 0) type = 'unknown';
		if (type) {
			problems.push({ code: 'unsupportedType', params: { type } });
			items.push(base);
			continue;
		}
		const options = answers.map((a) => ({ text: formatted(a.text, stem.format).text, pinned: false }));
		const correct = answers.flatMap((a, i) => (a.right || (a.weight !== null && a.weight > 0) ? [i] : []));
		items.push({ ...base, options, correct });
	}
	if (items.length === 0) return emptyParsed({ code: 'emptyFile' });
	return { items, fileProblems: [], fileNotes: [] };
}
