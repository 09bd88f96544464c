// Tables of the public contest pages (migration 0009_candidate; the result look-up's tries, kept
// here until 0019, are counted in login_attempt).

/** body: plain text with "## " headings and "- " bullets (src/lib/server/pages.ts). */
export interface SitePageTable {
	slug: string;
	title: string;
	body: string;
	updated_at: number;
	updated_by: string | null;
}

export interface CandidateTables {
	site_page: SitePageTable;
}
