import { describe, expect, it } from 'vitest';
import { isProvinceCode, PROVINCE_CODES } from './provinces';

describe('province codes of a CCCD number', () => {
	it('lists the 63 provinces and cities, each once', () => {
		expect(Object.keys(PROVINCE_CODES)).toHaveLength(63);
		expect(new Set(Object.values(PROVINCE_CODES)).size).toBe(63);
	});
	it.each([
		['001', true], // Hà Nội
		['079', true], // Thành phố Hồ Chí Minh
		['082', true], // Tiền Giang
		['096', true], // Cà Mau, the last
		['000', false],
		['003', false], // a gap between Hà Giang and Cao Bằng
		['097', false],
		['099', false],
		['999', false],
		['toString', false],
		['__proto__', false]
	])('%s → %s', (code, known) => expect(isProvinceCode(code)).toBe(known));
});
