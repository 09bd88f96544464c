import { describe, expect, it } from 'vitest';
import { isExtension } from './extension';

describe('isExtension', () => {
	it.each([
		[1, true],
		[60, true],
		[0, false],
		[61, false],
		[2.5, false],
		[null, false],
		['5', false]
	])('%j → %s', (minutes, ok) => expect(isExtension(minutes)).toBe(ok));
});
