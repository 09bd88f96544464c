// Moodle XML (<quiz><question type="…">): multichoice and truefalse questions; a category
// question sets the topic of the questions after it. Other types are reported, not guessed.
import type { Problem } from '../model';
import { emptyParsed, htmlToText, type ParsedFile, type RawQuestion } from './types';
import { yieldToServer } from '../../turns';
import { countTags, MAX_TAGS, tooManyTags } from './limits';
import { attrOf, childrenOf, find, findAll, parseXml, tagOf, textOf, type XNode } from './xml';

/** The text of <field><text>…</text></field>, HTML unless the format says otherwise. */
function fieldText(parent: XNode[], field: string): string {
	const node = find(parent, field);
	if (!node) return '';
	return textIn(node);
}

function textIn(node: XNode): string {
	const text = find(childrenOf(node), 'text');
	const raw = text ? textOf(childrenOf(text)) : '';
	const format = attrOf(node, 'format') ?? 'html';
	return format === 'html' || format === 'moodle_auto_format' ? htmlToText(raw) : raw.trim();
}

/** `trueFalse`: the options a truefalse question gets, in the organiser's language. */
export async function readMoodle(xml: string, trueFalse: readonly [string, string]): Promise<ParsedFile> {
	if ((await countTags(xml)) > MAX_TAGS) return emptyParsed(tooManyTags);
	await yieldToServer();
	const parsed = parseXml(xml.replace(/^\ufeff/, ''));
	if (!parsed.ok)
		return emptyParsed({ code: 'unreadableXml', params: { detail: parsed.detail, line: parsed.line } });
	const quiz = parsed.nodes.find((n) => tagOf(n) === 'quiz');
	if (!quiz) return emptyParsed({ code: 'noQuiz' });
	const items: RawQuestion[] = [];
	let topic = '';
	let n = 0;
	for (const q of findAll(childrenOf(quiz), 'question')) {
		const type = attrOf(q, 'type') ?? '';
		const body = childrenOf(q);
		if (type === 'category') {
			const path = fieldText(body, 'category').split('/');
			topic =
				path
					.map((p) => p.trim())
					.filter((p) => p && !/^\$.*\$$/.test(p) && p.toLowerCase() !== 'top')
					.at(-1) ?? '';
			continue;
		}
		if (type === 'description') continue;
		n++;
		if (n % 500 === 0) await yieldToServer();
		const name = fieldText(body, 'name');
		const problems: Problem[] = [];
		const item: RawQuestion = {
			place: { kind: 'xmlQuestion', params: { n, name: name || type } },
			text: fieldText(body, 'questiontext'),
			options: [],
			correct: [],
			topic: topic || undefined,
			explanation: fieldText(body, 'generalfeedback'),
			reference: '',
			problems
		};
		if (type !== 'multichoice' && type !== 'truefalse') {
			problems.push({ code: 'unsupportedType', params: { type } });
			items.push(item);
			continue;
		}
		const answers = findAll(body, 'answer');
		answers.forEach((a, i) => {
			const fraction = Number(attrOf(a, 'fraction') ?? '0');
			let text = textIn(a);
			if (type === 'truefalse')
				text = /^(true|đúng)$/i.test(text) ? trueFalse[0] : /^(false|sai)$/i.test(text) ? trueFalse[1] : text;
			item.options.push({ text, pinned: false });
			if (fraction > 0) item.correct.push(i);
		});
		items.push(item);
	}
	if (items.length === 0) return emptyParsed({ code: 'emptyFile' });
	return { items, fileProblems: [], fileNotes: [] };
}
