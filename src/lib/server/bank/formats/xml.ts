// fast-xml-parser in its order-keeping form, and small helpers to walk it: Moodle and QTI
// texts mix tags and text, and their order matters.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XNode = Record<string, unknown>;

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '',
	preserveOrder: true,
	removeNSPrefix: true,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	processEntities: true
});

/** On a parse error: the parser's own message (English) and the line it names. */
export type XmlResult = { ok: true; nodes: XNode[] } | { ok: false; detail: string; line: number };

export function parseXml(xml: string): XmlResult {
	const valid = XMLValidator.validate(xml);
	if (valid !== true) return { ok: false, detail: valid.err.msg, line: valid.err.line };
	return { ok: true, nodes: parser.parse(xml) as XNode[] };
}

export function tagOf(node: XNode): string | null {
	for (const k of Object.keys(node)) if (k !== ':@' && k !== '#text') return k;
	return null;
}

export function childrenOf(node: XNode): XNode[] {
	const tag = tagOf(node);
	return tag ? ((node[tag] as XNode[]) ?? []) : [];
}

export function attrOf(node: XNode, name: string): string | undefined {
	const attrs = node[':@'] as Record<string, string> | undefined;
	return attrs?.[name];
}

export function find(nodes: XNode[], tag: string): XNode | undefined {
	return nodes.find((n) => tagOf(n) === tag);
}

export function findAll(nodes: XNode[], tag: string): XNode[] {
	return nodes.filter((n) => tagOf(n) === tag);
}

/** Every element named `tag` at any depth, in document order. */
export function findDeep(nodes: XNode[], tag: string): XNode[] {
	const out: XNode[] = [];
	const walk = (list: XNode[]) => {
		for (const n of list) {
			if (tagOf(n) === tag) out.push(n);
			walk(childrenOf(n));
		}
	};
	walk(nodes);
	return out;
}

/** The node's markup again (tags and text), for HTML-in-XML such as QTI item bodies. */
export function markupOf(nodes: XNode[], skip: (tag: string) => boolean = () => false): string {
	let out = '';
	for (const n of nodes) {
		if ('#text' in n) {
			out += String(n['#text']).replace(/&/g, '&amp;').replace(/</g, '&lt;');
			continue;
		}
		const tag = tagOf(n);
		if (!tag || tag.startsWith('?') || skip(tag)) continue;
		out += `<${tag}>${markupOf(childrenOf(n), skip)}</${tag}>`;
	}
	return out;
}

/** Concatenated text inside the nodes. */
export function textOf(nodes: XNode[]): string {
	let out = '';
	for (const n of nodes) {
		if ('#text' in n) out += String(n['#text']);
		else out += textOf(childrenOf(n));
	}
	return out;
}
