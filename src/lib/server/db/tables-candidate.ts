// Tables of the public contest pages and the result look-up (migration 0009_candidate).
import type { Generated } from 'kysely';

/** body: plain text with "## " headings and "- " bullets (src/lib/server/pages.ts). */
export interface SitePageTable {
	slug: string;
	title: string;
	body: string;
	updated_at: number;
	updated_by: string | null;
}

/** One public result look-up, counted per address and per key for the rate limit. */
export interface LookupAttemptTable {
	id: Generated<number>;
	key: string;
	at: number;
}

export interface CandidateTables {
	site_page: SitePageTable;
	lookup_attempt: LookupAttemptTable;
}
