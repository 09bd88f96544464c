import { describe, expect, it } from 'vitest';
import { isBusy, Slots } from './slots';
import { hashesAtOnce, hashing, verifyPassword } from './password';

/** Work that runs until its `finish` is called, counting how many run at once. */
function instrumented() {
	let running = 0;
	let most = 0;
	const finishers: (() => void)[] = [];
	const work =
		(fails = false) =>
		async () => {
			running += 1;
			most = Math.max(most, running);
			await new Promise<void>((finish) => finishers.push(finish));
			running -= 1;
			if (fails) throw new Error('fails');
			return 'done';
		};
	/** Lets every started work end, until none is left (waiting work starts as slots free). */
	const finishAll = async () => {
		for (;;) {
			await new Promise((r) => setImmediate(r));
			const next = finishers.shift();
			if (!next) return;
			next();
		}
	};
	return { work, finishAll, most: () => most };
}

describe('Slots', () => {
	it('runs at most n at once, the rest in turn, and frees a slot when work fails', async () => {
		const two = new Slots(2, 10);
		const { work, finishAll, most } = instrumented();
		const order: number[] = [];
		const all = Array.from({ length: 8 }, (_, i) => two.run(work(i === 3)).finally(() => order.push(i)));
		const settled = Promise.allSettled(all);
		expect([two.running, two.waiting]).toEqual([2, 6]);
		await finishAll();
		const results = await settled;
		expect(most()).toBe(2);
		expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
		expect([two.running, two.waiting]).toEqual([0, 0]);
	});

	it('refuses at once, as busy, when the queue is full, and takes work again once it drains', async () => {
		const slots = new Slots(2, 3);
		const { work, finishAll, most } = instrumented();
		const all = Array.from({ length: 9 }, () => slots.run(work()));
		expect([slots.running, slots.waiting, slots.full]).toEqual([2, 3, true]);
		// The four refused settle before any running work is let finish.
		const refused = await Promise.allSettled(all.slice(5));
		expect(refused.every((r) => r.status === 'rejected' && isBusy(r.reason))).toBe(true);
		await finishAll();
		expect(await Promise.all(all.slice(0, 5))).toEqual(Array(5).fill('done'));
		expect(most()).toBe(2);
		expect(slots.full).toBe(false);
		const again = slots.run(work());
		await finishAll();
		expect(await again).toBe('done');
	});
});

describe('password hashing', () => {
	it('runs two hashes at once on the default thread pool, fewer on a smaller one', () => {
		expect(hashesAtOnce(undefined)).toBe(2);
		expect(hashesAtOnce('4')).toBe(2);
		expect(hashesAtOnce('16')).toBe(2);
		expect(hashesAtOnce('3')).toBe(1);
		expect(hashesAtOnce('1')).toBe(1);
		expect(hashesAtOnce('lots')).toBe(2);
	});

	it('never computes more than two scrypt at once, and refuses what the queue cannot hold', async () => {
		// A cheap stored hash (N=2^10): the gate, not the cost, is under test.
		const zeros = (n: number) => Buffer.alloc(n).toString('base64');
		const stored = `scrypt$1024$8$1$${zeros(16)}$${zeros(32)}`;
		const seen: number[] = [];
		const all = Array.from({ length: 30 }, () =>
			verifyPassword('doan-bua-1', stored).finally(() => seen.push(hashing.running))
		);
		const settled = Promise.allSettled(all);
		expect([hashing.size, hashing.running, hashing.waiting]).toEqual([2, 2, 16]);
		const results = await settled;
		expect(results.filter((r) => r.status === 'fulfilled' && r.value === false)).toHaveLength(18);
		expect(results.filter((r) => r.status === 'rejected' && isBusy(r.reason))).toHaveLength(12);
		expect(Math.max(...seen)).toBeLessThanOrEqual(2);
		expect([hashing.running, hashing.waiting]).toEqual([0, 0]);
	});
});
