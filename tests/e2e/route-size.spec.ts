// The exam route's JavaScript on a first visit, from the build's manifest (issue 14, item 5):
// counted as scripts/route-size.js counts it (scripts/route-size-lib.js), no server needed.
import { expect, test } from '@playwright/test';
import { routeSizer } from '../../scripts/route-size-lib.js';

const EXAM = 'src/routes/exam/[attemptId]/+page.svelte';
const KB = 1024;

/**
 * What the exam route downloads today, rounded up: a change that makes it larger fails here.
 * The budget is 80 KB; not met (README, "Exam route size").
 */
const CEILING = 84 * KB;

const exam = () => routeSizer()(EXAM);

test('the exam route renders from the catalogue core: its loads await no other area', () => {
	expect(exam().areas).toEqual([]);
});

test(`the exam route downloads no more JavaScript than today (${CEILING / KB} KB gzip)`, () => {
	const { bytes, files } = exam();
	expect(bytes, `${(bytes / KB).toFixed(1)} KB gzip in ${files.length} files`).toBeLessThanOrEqual(CEILING);
});
