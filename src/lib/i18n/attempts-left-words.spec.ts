// The attempts a round still allows, in English: the noun agrees with the count shown first
// (the attempts left), not with the round's limit after the slash.
import { describe, expect, it } from 'vitest';
import { en } from './catalogue';
import { fmt } from './index';

const { left, leftThisWeek } = en.candidate.limits;

describe('attempts left, in English', () => {
	it('says attempts for none left of one, attempt for one left of three', () => {
		expect(fmt(leftThisWeek, { n: 0, max: 1 })).toBe('0/1 attempts left this week');
		expect(fmt(leftThisWeek, { n: 1, max: 3 })).toBe('1/3 attempt left this week');
		expect(fmt(leftThisWeek, { n: 2, max: 2 })).toBe('2/2 attempts left this week');
		expect(fmt(left, { n: 0, max: 1 })).toBe('0/1 attempts left');
		expect(fmt(left, { n: 1, max: 2 })).toBe('1/2 attempt left');
	});
});
