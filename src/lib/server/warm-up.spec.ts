import { describe, expect, it } from 'vitest';
import { warmSyncPath } from './warm-up';

describe('the sync path warm-up', () => {
	it('has every batch it posts acknowledged, a few at once, in a database of its own', async () => {
		const r = await warmSyncPath(23);
		expect(r).toMatchObject({ posted: 23, acked: 23 });
	});
});
