// A results listing's filter, read from its page's address (the organiser's ranking and the
// public one), and how each field reads when it is odd.
import { z } from 'zod';
import { SEARCH_MAX } from '$lib/results-filter';

const filter = z.object({
	// Cut to the box's length, not dropped: dropped to '', a longer text listed everyone.
	q: z.string().transform((s) => s.slice(0, SEARCH_MAX)),
	unit: z.string().max(60).nullable().catch(null),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});

export type ResultsFilter = z.infer<typeof filter>;

export function readResultsFilter(params: URLSearchParams): ResultsFilter {
	return filter.parse({
		q: params.get('q') ?? '',
		unit: params.get('unit') || null,
		page: params.get('page') ?? 1
	});
}
