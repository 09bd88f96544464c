// A small seeded PRNG, so a paper can be drawn again, identically, from the seed on its attempt.
// Not cryptographic: the seed itself must come from a real random source on the server.

/** A stream of floats in [0, 1). */
export type Random = () => number;

/** FNV-1a over the UTF-8 bytes, then murmur3's finaliser so similar seeds spread apart. */
export function hashSeed(seed: string): number {
	let h = 0x811c9dc5;
	for (const byte of new TextEncoder().encode(seed)) {
		h = Math.imul(h ^ byte, 0x01000193);
	}
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** mulberry32: 32 bits of state, fast, and good enough for shuffling a few hundred items. */
export function mulberry32(state: number): Random {
	let a = state >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function seededRandom(seed: string): Random {
	return mulberry32(hashSeed(seed));
}

/** An integer in [0, n). */
export function randomIndex(random: Random, n: number): number {
	return Math.floor(random() * n);
}

/** A shuffled copy (Fisher–Yates: every order equally likely). */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = randomIndex(random, i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** `count` distinct items, each subset equally likely (a partial Fisher–Yates). */
export function sample<T>(items: readonly T[], count: number, random: Random): T[] {
	if (count > items.length) throw new RangeError(`cannot take ${count} of ${items.length}`);
	const pool = [...items];
	for (let i = 0; i < count; i++) {
		const j = i + randomIndex(random, pool.length - i);
		[pool[i], pool[j]] = [pool[j], pool[i]];
	}
	return pool.slice(0, count);
}
