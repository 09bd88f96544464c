import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';

describe('sha256Hex', () => {
	// Expected values from node:crypto, an independent implementation.
	it.each([
		'',
		'abc',
		'Phòng Thi — câu 24',
		'x'.repeat(55),
		'y'.repeat(56),
		'z'.repeat(64),
		'w'.repeat(1000)
	])('%s', (text) => {
		expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
	});
});
