import { describe, expect, it } from 'vitest';
import { kindBesideName } from './round-kind';

describe('kindBesideName', () => {
	it('leaves the kind out when the name already says it', () => {
		expect(kindBesideName('Vòng loại', 'Vòng loại')).toBeNull();
		expect(kindBesideName('VÒNG LOẠI  tháng 11', 'Vòng loại')).toBeNull();
		expect(kindBesideName('Thi thử', 'Thi thử')).toBeNull();
		// The same letters written decomposed (a pasted name): the same words.
		expect(kindBesideName('Vo\u0300ng loa\u0323i', 'Vòng loại')).toBeNull();
	});
	it('shows it when the name does not', () => {
		expect(kindBesideName('Vòng 1', 'Vòng loại')).toBe('Vòng loại');
		expect(kindBesideName('Vòng loại', 'Qualifying round')).toBe('Qualifying round');
	});
});
