import { describe, expect, it } from 'vitest';
import { slots } from './slots';

describe('slots', () => {
	it('runs at most n at once, the rest in turn, and frees a slot when work fails', async () => {
		const two = slots(2);
		let running = 0;
		let most = 0;
		const order: number[] = [];
		const work = (i: number) =>
			two(async () => {
				running += 1;
				most = Math.max(most, running);
				await new Promise((r) => setImmediate(r));
				running -= 1;
				order.push(i);
				if (i === 3) throw new Error('fails');
				return i;
			});
		const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => work(i)));
		expect(most).toBe(2);
		expect(order).toHaveLength(8);
		expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
		expect(await two(async () => 'after')).toBe('after');
	});
});
