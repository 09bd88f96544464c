// The exam route's JavaScript on a first visit, from the build's manifest (issue 14, item 5):
// counted as scripts/route-size.js counts it (scripts/route-size-lib.js), no server needed.
import { expect, test } from '@playwright/test';
import { routeSizer } from '../../scripts/route-size-lib.js';

const EXAM = 'src/routes/exam/[attemptId]/+page.svelte';
const KB = 1024;

/**
 * The budget: 80 KB. Met since the sync engine, the merge and grading rules and
 * Svelte's attribute-spreading runtime left the route's first download (83.1 KB before,
 * 79.3 KB after; README, "Exam route size"). A change that makes it larger fails here.
 */
const CEILING = 80 * KB;

const exam = () => routeSizer()(EXAM);

test('the exam route renders from the catalogue core: its loads await no other area', () => {
	expect(exam().areas).toEqual([]);
});

test(`the exam route downloads at most its budget of JavaScript (${CEILING / KB} KB gzip)`, () => {
	const { bytes, files } = exam();
	expect(bytes, `${(bytes / KB).toFixed(1)} KB gzip in ${files.length} files`).toBeLessThanOrEqual(CEILING);
});
