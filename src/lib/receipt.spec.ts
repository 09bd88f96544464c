import { describe, expect, it } from 'vitest';
import { shortReceipt } from './receipt';

describe('shortReceipt', () => {
	it('reads 80 bits as four groups of four Crockford base32 characters', () => {
		// 0x00…: all zeros; 0xff…: all 31s ("Z"). Worked by hand: 5 bits per character.
		expect(shortReceipt('0'.repeat(64))).toBe('0000-0000-0000-0000');
		expect(shortReceipt('f'.repeat(64))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
		// 0x08 0x42 … = 00001 00001 00001 … : every character is "1".
		expect(shortReceipt('0842108421' + '0842108421' + 'ab'.repeat(22))).toBe('1111-1111-1111-1111');
	});
	it('is empty for a value too short to be a receipt', () => {
		expect(shortReceipt('abc')).toBe('');
	});
});
