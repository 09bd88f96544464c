// The contest's public pages: which exist, and how an organiser's plain text becomes blocks.
export const PUBLIC_PAGES = ['the-le', 'giai-thuong', 'lich-thi', 'lien-he', 'hoi-dap'] as const;
export const PAGE_SLUGS = [...PUBLIC_PAGES, 'dia-diem'] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

export const isPageSlug = (s: string): s is PageSlug => (PAGE_SLUGS as readonly string[]).includes(s);
export const isPublicPage = (s: string): s is (typeof PUBLIC_PAGES)[number] =>
	(PUBLIC_PAGES as readonly string[]).includes(s);

/** Where a page's title comes from until the organiser writes one: the message key. */
export const PAGE_KEYS: Record<PageSlug, 'rules' | 'prizes' | 'schedule' | 'contact' | 'faq' | 'venue'> = {
	'the-le': 'rules',
	'giai-thuong': 'prizes',
	'lich-thi': 'schedule',
	'lien-he': 'contact',
	'hoi-dap': 'faq',
	'dia-diem': 'venue'
};

export type Block = { kind: 'p' | 'h'; text: string } | { kind: 'ul'; items: string[] };

/** Paragraphs split by blank lines; "## " opens a heading, lines of "- " make a list. */
export function blocks(body: string): Block[] {
	const out: Block[] = [];
	for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
		const lines = chunk
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean);
		let para: string[] = [];
		let list: string[] = [];
		const flush = () => {
			if (para.length) out.push({ kind: 'p', text: para.join(' ') });
			if (list.length) out.push({ kind: 'ul', items: list });
			para = [];
			list = [];
		};
		for (const line of lines) {
			if (line.startsWith('## ')) {
				flush();
				out.push({ kind: 'h', text: line.slice(3).trim() });
			} else if (line.startsWith('- ')) {
				if (para.length) flush();
				list.push(line.slice(2).trim());
			} else {
				if (list.length) flush();
				para.push(line);
			}
		}
		flush();
	}
	return out;
}
