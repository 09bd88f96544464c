import { describe, expect, it } from 'vitest';
import { reportHolds } from './grade';

// A tablet online at the lock reported seq 3 with the hash "h3"; the server held seq 1.
const device = { device_id: 'tab', acked_seq: 3, close_seq: 3, close_head: 'h3' };
const row = (seq: number, hash: string, flags = '') => ({ device_id: 'tab', seq, hash, flags });
const chain = [row(1, 'h1'), row(2, 'h2', 'after_close'), row(3, 'h3', 'after_close')];

describe('whether a tablet’s report at the lock is borne out by its chain', () => {
	it('holds when the chain arrived whole and ends at the seq in the reported hash', () => {
		expect(reportHolds(device, chain)).toBe(true);
		// Another tablet's rows and a conflicting second version of a seq are not its chain.
		expect(reportHolds(device, [...chain, row(3, 'x', 'after_close conflict')])).toBe(true);
		expect(reportHolds(device, [...chain, { ...row(2, 'x', 'chain_break'), device_id: 'other' }])).toBe(true);
	});

	it('does not hold for another hash, a gap, a broken link or a seq never sent', () => {
		expect(reportHolds({ ...device, close_head: 'other' }, chain)).toBe(false);
		expect(reportHolds({ ...device, acked_seq: 1 }, [chain[0], chain[2]])).toBe(false);
		expect(reportHolds(device, [chain[0], row(2, 'h2', 'after_close chain_break'), chain[2]])).toBe(false);
		expect(reportHolds({ ...device, acked_seq: 2 }, chain.slice(0, 2))).toBe(false);
	});

	it('has nothing to check when the cut-off is what the server held', () => {
		expect(reportHolds({ ...device, close_head: null, close_seq: 1 }, [])).toBe(true);
	});
});
