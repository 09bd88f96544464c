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

/** Work for a key that runs until released, one by one, recording when it started. */
function held(slots: Slots) {
	const started: string[] = [];
	const releases = new Map<string, () => void>();
	const run = (key: string, name: string) =>
		slots.run(
			() =>
				new Promise<string>((done) => {
					started.push(name);
					releases.set(name, () => done(name));
				}),
			key
		);
	/** Ends the named running work, and lets the slot it frees be handed on. */
	const release = async (name: string) => {
		releases.get(name)?.();
		for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
	};
	/** Ends all work, as it starts. */
	const releaseAll = async () => {
		for (let i = 0; i < started.length; i++) await release(started[i]);
	};
	return { run, release, releaseAll, started };
}

describe('Slots shared fairly between keys', () => {
	it('a key holding the whole queue gives a waiting place up to a newcomer, who runs next', async () => {
		const slots = new Slots(2, 4);
		const { run, release, started } = held(slots);
		const crowd = Array.from({ length: 6 }, (_, i) => run('crowd', `c${i}`));
		const settled = Promise.allSettled(crowd);
		expect([slots.running, slots.waiting, slots.full]).toEqual([2, 4, true]);
		expect(slots.refuses('crowd')).toBe(true);
		expect(slots.refuses('owner')).toBe(false);
		const owner = run('owner', 'owner');
		// The crowd's newest waiting work is refused in the owner's stead…
		await expect(crowd[5]).rejects.toSatisfy(isBusy);
		expect([slots.held('crowd'), slots.held('owner')]).toEqual([5, 1]);
		// …and the first slot freed goes to the owner, before the crowd's older waiting work.
		await release('c0');
		expect(started).toEqual(['c0', 'c1', 'owner']);
		await release('owner');
		expect(await owner).toBe('owner');
		for (const name of ['c1', 'c2', 'c3', 'c4']) await release(name);
		const results = await settled;
		expect(results.map((r) => r.status)).toEqual([...Array(5).fill('fulfilled'), 'rejected']);
		expect([slots.running, slots.waiting]).toEqual([0, 0]);
	});

	it('runs the newcomer next, before older work of keys that hold more places', async () => {
		const slots = new Slots(2, 6);
		const { run, release, releaseAll, started } = held(slots);
		const crowd = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b'].map((key, i) => run(key, `${key}${i}`));
		const settled = Promise.allSettled(crowd);
		const owner = run('owner', 'owner');
		await expect(crowd[7]).rejects.toSatisfy(isBusy);
		// a0 ends: no key but b runs anything; of those, the owner holds the fewest places.
		await release('a0');
		expect(started).toEqual(['a0', 'b1', 'owner']);
		await releaseAll();
		expect(await owner).toBe('owner');
		expect((await settled).map((r) => r.status)).toEqual([...Array(7).fill('fulfilled'), 'rejected']);
	});

	it('cuts every key back to its share, and refuses a key holding its share of a full queue', async () => {
		const slots = new Slots(2, 7);
		const { run, release } = held(slots);
		const work = [
			...Array.from({ length: 9 }, (_, i) => run('a', `a${i}`)),
			...Array.from({ length: 4 }, (_, i) => run('b', `b${i}`)),
			...Array.from({ length: 4 }, (_, i) => run('c', `c${i}`))
		];
		const outcomes = Promise.all(work.map((w) => w.then(String, (e) => (isBusy(e) ? 'busy' : e))));
		// Nine places: a gave up its newest waiting work until each key held three.
		expect([slots.held('a'), slots.held('b'), slots.held('c')]).toEqual([3, 3, 3]);
		expect([slots.refuses('a'), slots.refuses('b'), slots.refuses('d')]).toEqual([true, true, false]);
		await expect(run('b', 'b-more')).rejects.toSatisfy(isBusy);
		for (const name of ['a0', 'a1', 'a2', 'b0', 'b1', 'b2', 'c0', 'c1', 'c2']) await release(name);
		expect(await outcomes).toEqual([
			...['a0', 'a1', 'a2'],
			...Array(6).fill('busy'),
			...['b0', 'b1', 'b2', 'busy'],
			...['c0', 'c1', 'c2', 'busy']
		]);
		expect([slots.running, slots.waiting]).toEqual([0, 0]);
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
