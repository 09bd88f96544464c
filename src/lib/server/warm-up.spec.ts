import { describe, expect, it } from 'vitest';
import { loadStreamRoutes, warmSyncPath } from './warm-up';

describe('the sync path warm-up', () => {
	it('has every batch it posts acknowledged, a few at once, in a database of its own', async () => {
		const r = await warmSyncPath(23);
		expect(r).toMatchObject({ posted: 23, acked: 23 });
	});

	it("loads both event stream routes (the tablet's and the console's)", async () => {
		expect(await loadStreamRoutes()).toBe(2);
	});
});
