import { describe, expect, it } from 'vitest';
import { tabletInSentence, tabletName } from './tablet-name';

const A = 'aaaaaaaaaa-1111';
const B = 'bbbbbbbbbb-2222';
const C = 'cccccccccc-3333';
const tablet = (id: string, label: string) => ({ id, label });

describe('tabletName and tabletInSentence', () => {
	it('say a label with no noun exactly as typed, alone and in a sentence', () => {
		for (const label of ['5', 'T5']) {
			const d = tablet(A, label);
			const room = [d, tablet(B, 'T6')];
			expect(tabletName(d, room)).toBe(label);
			expect(tabletInSentence(d, room)).toBe(label);
		}
	});

	it('show a label whole, and leave its noun to the sentence', () => {
		const d = tablet(A, 'Máy 5');
		const room = [d, tablet(B, 'Tablet 6')];
		expect(tabletName(d, room)).toBe('Máy 5');
		expect(tabletInSentence(d, room)).toBe('5');
		expect(tabletInSentence(room[1], room)).toBe('6');
	});

	it('follow a label two tablets share with each one’s short id', () => {
		const room = [tablet(A, 'Máy 5'), tablet(B, 'Máy 5'), tablet(C, 'Máy 6')];
		expect(tabletName(room[0], room)).toBe('Máy 5 · aaaaaaaaaa');
		expect(tabletInSentence(room[1], room)).toBe('5 · bbbbbbbbbb');
		expect(tabletInSentence(room[2], room)).toBe('6');
	});

	it('count "Máy 5", "may 5" and "5" as shared: a sentence says each "máy 5"', () => {
		const room = [tablet(A, 'Máy 5'), tablet(B, '5'), tablet(C, 'may 5')];
		expect(room.map((d) => tabletInSentence(d, room))).toEqual([
			'5 · aaaaaaaaaa',
			'5 · bbbbbbbbbb',
			'5 · cccccccccc'
		]);
		expect(tabletName(room[0], room)).toBe('Máy 5 · aaaaaaaaaa');
	});

	it('name a tablet enrolled without a label by its short id, once', () => {
		const d = tablet(A, '');
		expect(tabletName(d, [d])).toBe('aaaaaaaaaa');
		expect(tabletInSentence(d, [d, tablet(B, '')])).toBe('aaaaaaaaaa');
	});

	it('keep "Máy" alone and "Máyxyz" as typed', () => {
		const room = [tablet(A, 'Máy'), tablet(B, 'Máyxyz')];
		expect(tabletInSentence(room[0], room)).toBe('Máy');
		expect(tabletInSentence(room[1], room)).toBe('Máyxyz');
	});
});
