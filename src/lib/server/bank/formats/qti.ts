// QTI 2.1 items with a choiceInteraction, from one assessmentItem XML file or from a content
// package (.zip with imsmanifest.xml). simpleChoice fixed="true" keeps its place, as the
// bank's pinned options do.
import type { Problem } from '../model';
import { emptyParsed, htmlToText, type ParsedFile, type RawQuestion } from './types';
import { yieldToServer } from '../../turns';
import { unzipWithin } from './zip';
import { countTags, MAX_TAGS, tooManyTags, Turns } from './limits';
import {
	attrOf,
	childrenOf,
	find,
	findAll,
	findDeep,
	markupOf,
	parseXml,
	tagOf,
	textOf,
	type XNode
} from './xml';

const INTERACTIONS = /Interaction$/;

function itemOf(root: XNode, fallbackId: string): RawQuestion {
	const id = attrOf(root, 'identifier') ?? fallbackId;
	const problems: Problem[] = [];
	const body = childrenOf(root);
	const item: RawQuestion = {
		place: { kind: 'item', params: { id } },
		text: '',
		options: [],
		correct: [],
		explanation: '',
		reference: '',
		problems
	};
	const itemBody = find(body, 'itemBody');
	const choice = itemBody ? findDeep(childrenOf(itemBody), 'choiceInteraction')[0] : undefined;
	if (!itemBody || !choice) {
		const other = itemBody ? findDeepMatching(childrenOf(itemBody), INTERACTIONS) : undefined;
		problems.push({ code: 'unsupportedType', params: { type: other ?? 'noInteraction' } });
		item.text = itemBody ? htmlToText(markupOf(childrenOf(itemBody))) : '';
		return item;
	}
	const stem = htmlToText(
		markupOf(childrenOf(itemBody), (tag) => INTERACTIONS.test(tag) || tag === 'feedbackBlock')
	);
	const prompt = find(childrenOf(choice), 'prompt');
	item.text = [stem, prompt ? htmlToText(markupOf(childrenOf(prompt))) : ''].filter(Boolean).join('\n');

	const responseId = attrOf(choice, 'responseIdentifier') ?? 'RESPONSE';
	const declaration = findAll(body, 'responseDeclaration').find(
		(d) => attrOf(d, 'identifier') === responseId
	);
	const correctResponse = declaration ? find(childrenOf(declaration), 'correctResponse') : undefined;
	const correctIds = correctResponse
		? findAll(childrenOf(correctResponse), 'value').map((v) => textOf(childrenOf(v)).trim())
		: [];

	findAll(childrenOf(choice), 'simpleChoice').forEach((c, i) => {
		item.options.push({
			text: htmlToText(markupOf(childrenOf(c), (tag) => tag === 'feedbackInline')),
			pinned: attrOf(c, 'fixed') === 'true'
		});
		if (correctIds.includes(attrOf(c, 'identifier') ?? '')) item.correct.push(i);
	});
	const unknown = correctIds.filter(
		(v) => !findAll(childrenOf(choice), 'simpleChoice').some((c) => attrOf(c, 'identifier') === v)
	);
	if (unknown.length) problems.push({ code: 'badCorrect', params: { value: unknown.join(', ') } });
	const feedback = findAll(body, 'modalFeedback')[0];
	if (feedback) item.explanation = htmlToText(markupOf(childrenOf(feedback)));
	return item;
}

function findDeepMatching(nodes: XNode[], re: RegExp): string | undefined {
	for (const n of nodes) {
		const tag = tagOf(n);
		if (tag && re.test(tag)) return tag;
		const inner = findDeepMatching(childrenOf(n), re);
		if (inner) return inner;
	}
	return undefined;
}

/** Items of one XML document; a document that is not an item gives none. */
function itemsOfXml(xml: string, name: string): { items: RawQuestion[]; problem?: Problem } {
	const parsed = parseXml(xml.replace(/^\ufeff/, ''));
	if (!parsed.ok)
		return {
			items: [],
			problem: { code: 'unreadableXml', params: { detail: `${name}: ${parsed.detail}`, line: parsed.line } }
		};
	const roots = parsed.nodes.filter((n) => tagOf(n) === 'assessmentItem');
	return { items: roots.map((r) => itemOf(r, name)) };
}

export async function readQtiXml(xml: string): Promise<ParsedFile> {
	if ((await countTags(xml)) > MAX_TAGS) return emptyParsed(tooManyTags);
	await yieldToServer();
	const { items, problem } = itemsOfXml(xml, 'item');
	if (problem) return emptyParsed(problem);
	if (items.length === 0) return emptyParsed({ code: 'noItems' });
	return { items, fileProblems: [], fileNotes: [] };
}

/** The item files of a package in the manifest's order, then any others by name. */
function packageOrder(files: Map<string, string>): string[] {
	const all = [...files.keys()];
	const names = all.filter((n) => /\.xml$/i.test(n) && !/(^|\/)imsmanifest\.xml$/i.test(n));
	const manifestName = all.find((n) => /(^|\/)imsmanifest\.xml$/i.test(n));
	const ordered: string[] = [];
	if (manifestName) {
		const parsed = parseXml(files.get(manifestName) ?? '');
		if (parsed.ok) {
			const dir = manifestName.includes('/') ? manifestName.slice(0, manifestName.lastIndexOf('/') + 1) : '';
			for (const r of findDeep(parsed.nodes, 'resource')) {
				const href = attrOf(r, 'href');
				if (href && /imsqti_item/i.test(attrOf(r, 'type') ?? '') && names.includes(dir + href))
					ordered.push(dir + href);
			}
		}
	}
	return [...ordered, ...names.filter((n) => !ordered.includes(n)).sort()];
}

export async function readQtiZip(data: Uint8Array): Promise<ParsedFile> {
	// Only the XML files are unpacked; the sizes the others declare count towards the bound.
	const opened = await unzipWithin(data, (name) => /\.xml$/i.test(name));
	if (!opened.ok) return emptyParsed(opened.problem);
	// Every XML file read as text, its tags counted towards one bound for the package.
	const files = new Map<string, string>();
	let tags = 0;
	const turns = new Turns();
	for (const [name, data] of opened.files) {
		await turns.after(1, data.length);
		const xml = new TextDecoder().decode(data);
		tags += await countTags(xml, MAX_TAGS - tags);
		if (tags > MAX_TAGS) return emptyParsed(tooManyTags);
		files.set(name, xml);
	}
	opened.files.clear();
	const items: RawQuestion[] = [];
	const fileProblems: Problem[] = [];
	for (const name of packageOrder(files)) {
		await yieldToServer();
		const xml = files.get(name) ?? '';
		if (!/assessmentItem/.test(xml)) continue;
		const r = itemsOfXml(xml, name);
		if (r.problem) fileProblems.push(r.problem);
		items.push(...r.items);
	}
	if (items.length === 0 && fileProblems.length === 0) return emptyParsed({ code: 'noItems' });
	// An unreadable file inside the package is reported; the readable items can still go in.
	return {
		items,
		fileProblems: items.length ? [] : fileProblems,
		fileNotes: items.length ? fileProblems : []
	};
}
