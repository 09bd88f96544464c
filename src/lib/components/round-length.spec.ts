import { describe, expect, it } from 'vitest';
import { roundLength } from './round-length';
import { messages } from '$lib/i18n';

describe('roundLength', () => {
	it('says whole minutes as minutes, and the seconds when there are any', () => {
		const vi = messages('vi').round;
		const en = messages('en').round;
		expect(roundLength(1500, vi)).toBe('25 phút');
		expect(roundLength(630, vi)).toBe('10 phút 30 giây');
		expect(roundLength(20, vi)).toBe('0 phút 20 giây');
		expect(roundLength(60, en)).toBe('1 minute');
		expect(roundLength(631, en)).toBe('10 minutes 31 seconds');
		expect(roundLength(61, en)).toBe('1 minute 1 second');
	});
});
