import { describe, expect, it } from 'vitest';
import {
	aliasQuestion,
	bankOptionId,
	blueprintShortfall,
	drawPaper,
	fitsBlueprint,
	paperOptionIds,
	stripKey,
	type BankQuestion,
	type BlueprintCell,
	type Paper
} from './paper';
import { seededRandom, shuffled } from './random';

function question(id: string, topic: string, difficulty: number, pinned: string[] = []): BankQuestion {
	return {
		id,
		version: 1,
		topic,
		difficulty,
		text: `Câu hỏi ${id}`,
		options: ['a', 'b', 'c', 'd'].map((o) => ({
			id: `${id}-${o}`,
			text: `Phương án ${o}`,
			...(pinned.includes(o) ? { pinned: true } : {})
		})),
		correct: [`${id}-a`],
		explanation: `Giải thích ${id}`
	};
}

// Topic "dvc" (dịch vụ công), easy: 10 questions, 3 drawn. Topic "cds" (chuyển đổi số), hard:
// all 3 drawn; c2's "d" is "all of the above" and c3 has "none of" / "all of" pinned first and last.
const bank: BankQuestion[] = [
	...Array.from({ length: 10 }, (_, i) => question(`d${String(i).padStart(2, '0')}`, 'dvc', 1)),
	question('c1', 'cds', 3),
	question('c2', 'cds', 3, ['d']),
	question('c3', 'cds', 3, ['a', 'd'])
];
const blueprint: BlueprintCell[] = [
	{ topic: 'dvc', difficulty: 1, count: 3 },
	{ topic: 'cds', difficulty: 3, count: 3 }
];

const ids = (p: Paper) => p.questions.map((q) => q.id);
const optionIds = (p: Paper) => p.questions.map((q) => q.options.map((o) => o.id));

function find(p: Paper, id: string): BankQuestion {
	const q = p.questions.find((q) => q.id === id);
	if (q === undefined) throw new Error(`${id} is not on the paper`);
	return q;
}

/**
 * Pearson's chi-square against a uniform expectation. Bounds are the 0.999 quantiles of the
 * chi-square distribution (any statistics table): with the fixed seeds below the tests are
 * deterministic, and a fair draw would exceed the bound only 1 time in 1,000 seeds.
 */
const CHI2_999: Record<number, number> = { 1: 10.828, 2: 13.816, 3: 16.266, 5: 20.515, 9: 27.877 };

function chiSquare(counts: readonly number[]): number {
	const total = counts.reduce((a, b) => a + b, 0);
	const expected = total / counts.length;
	return counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
}

const DRAWS = 4_000;
const papers = Array.from({ length: DRAWS }, (_, i) => drawPaper({ bank, blueprint, seed: `fair-${i}` }));

describe('drawPaper', () => {
	it('follows the blueprint: 3 from each cell, no question twice', () => {
		for (const p of papers.slice(0, 200)) {
			expect(p.questions.filter((q) => q.topic === 'dvc')).toHaveLength(3);
			expect(p.questions.filter((q) => q.topic === 'cds')).toHaveLength(3);
			expect(new Set(ids(p)).size).toBe(6);
		}
	});

	it('gives the identical paper for the same seed and bank', () => {
		expect(drawPaper({ bank, blueprint, seed: 'fair-0' })).toEqual(papers[0]);
	});

	it('gives the same paper whatever order the bank was read in', () => {
		const random = seededRandom('bank-order');
		for (let i = 0; i < 20; i++) {
			const reordered = shuffled(bank, random);
			expect(drawPaper({ bank: reordered, blueprint, seed: `fair-${i}` })).toEqual(papers[i]);
		}
	});

	it('gives different seeds different orders', () => {
		const orders = new Set(papers.slice(0, 50).map((p) => JSON.stringify(optionIds(p))));
		expect(orders.size).toBe(50);
		expect(ids(papers[0])).not.toEqual(ids(papers[1]));
	});

	it('draws every question of a cell about equally often', () => {
		const dvc = bank.filter((q) => q.topic === 'dvc').map((q) => q.id);
		const counts = dvc.map((id) => papers.filter((p) => ids(p).includes(id)).length);
		expect(counts.reduce((a, b) => a + b, 0)).toBe(3 * DRAWS);
		expect(chiSquare(counts)).toBeLessThan(CHI2_999[9]);
	});

	it('puts a question at every position of the paper about equally often', () => {
		const counts = [0, 0, 0, 0, 0, 0];
		for (const p of papers) counts[ids(p).indexOf('c1')] += 1;
		expect(chiSquare(counts)).toBeLessThan(CHI2_999[5]);
	});

	it('puts the correct option at every position about equally often', () => {
		const counts = [0, 0, 0, 0];
		for (const p of papers) {
			for (const q of p.questions.filter((q) => q.topic === 'dvc' || q.id === 'c1')) {
				counts[q.options.findIndex((o) => q.correct.includes(o.id))] += 1;
			}
		}
		expect(chiSquare(counts)).toBeLessThan(CHI2_999[3]);
	});

	it('keeps pinned options in place and shuffles the rest evenly around them', () => {
		const c2Correct = [0, 0, 0];
		const c3FirstFree = [0, 0];
		for (const p of papers) {
			const c2 = find(p, 'c2');
			const c3 = find(p, 'c3');
			expect(c2.options[3].source).toBe('c2-d');
			expect(c3.options[0].source).toBe('c3-a');
			expect(c3.options[3].source).toBe('c3-d');
			c2Correct[c2.options.findIndex((o) => o.source === 'c2-a')] += 1;
			c3FirstFree[c3.options.findIndex((o) => o.source === 'c3-b') - 1] += 1;
		}
		expect(chiSquare(c2Correct)).toBeLessThan(CHI2_999[2]);
		expect(chiSquare(c3FirstFree)).toBeLessThan(CHI2_999[1]);
	});

	it('is a snapshot: editing the bank afterwards does not change the paper', () => {
		const ownBank = structuredClone(bank);
		const paper = drawPaper({ bank: ownBank, blueprint, seed: 's' });
		const before = structuredClone(paper);
		for (const q of ownBank) {
			q.text = 'sửa';
			q.correct.push('x');
			for (const o of q.options) o.text = 'sửa';
		}
		expect(paper).toEqual(before);
	});

	it('uses the latest version of a question listed twice', () => {
		const v2 = { ...question('c1', 'cds', 3), version: 2, text: 'Câu hỏi c1, bản 2' };
		const paper = drawPaper({ bank: [...bank, v2], blueprint, seed: 's' });
		expect(paper.questions.find((q) => q.id === 'c1')?.text).toBe('Câu hỏi c1, bản 2');
		expect(new Set(ids(paper)).size).toBe(6);
	});

	it('adds up a cell named twice in the blueprint, never drawing a question twice', () => {
		const twice = [...blueprint, { topic: 'dvc', difficulty: 1, count: 7 }];
		const paper = drawPaper({ bank, blueprint: twice, seed: 's' });
		expect(new Set(ids(paper)).size).toBe(13);
	});

	it('refuses a bank too small for the blueprint', () => {
		const tooMany = [{ topic: 'dvc', difficulty: 1, count: 11 }];
		expect(() => drawPaper({ bank, blueprint: tooMany, seed: 's' })).toThrow(/too small/);
	});

	it('refuses a count that is not a whole number', () => {
		const fractional = [{ topic: 'dvc', difficulty: 1, count: 1.5 }];
		expect(() => drawPaper({ bank, blueprint: fractional, seed: 's' })).toThrow(RangeError);
	});
});

describe('blueprintShortfall', () => {
	it('is empty when the bank is large enough', () => {
		expect(blueprintShortfall(bank, blueprint)).toEqual([]);
	});

	it('lists each cell the bank cannot fill, missing cells included', () => {
		const wanted: BlueprintCell[] = [
			{ topic: 'dvc', difficulty: 1, count: 12 },
			{ topic: 'cds', difficulty: 3, count: 3 },
			{ topic: 'cds', difficulty: '3', count: 1 }, // "3" is not 3
			{ topic: 'atgt', difficulty: 2, count: 2 }
		];
		expect(blueprintShortfall(bank, wanted)).toEqual([
			{ topic: 'dvc', difficulty: 1, need: 12, have: 10 },
			{ topic: 'cds', difficulty: '3', need: 1, have: 0 },
			{ topic: 'atgt', difficulty: 2, need: 2, have: 0 }
		]);
	});

	it('counts a question listed in two versions once', () => {
		const v2 = { ...question('c1', 'cds', 3), version: 2 };
		expect(blueprintShortfall([...bank, v2], [{ topic: 'cds', difficulty: 3, count: 4 }])).toEqual([
			{ topic: 'cds', difficulty: 3, need: 4, have: 3 }
		]);
	});
});

describe('fitsBlueprint', () => {
	const drawn = drawPaper({ bank, blueprint, seed: 'fits' });

	it('takes a drawn paper, and some of its questions (only the wrong ones again)', () => {
		expect(fitsBlueprint(drawn.questions, blueprint)).toBe(true);
		expect(fitsBlueprint(drawn.questions.slice(0, 2), blueprint)).toBe(true);
	});

	it('refuses a question twice, though the paper has the blueprint’s number of questions', () => {
		const twice = [...drawn.questions.slice(0, 5), drawn.questions[0]];
		expect(twice).toHaveLength(6);
		expect(fitsBlueprint(twice, blueprint)).toBe(false);
	});

	it('refuses a cell over its count, a cell the blueprint does not have, and "3" for 3', () => {
		const dvc = bank.filter((q) => q.topic === 'dvc').slice(0, 4);
		expect(fitsBlueprint(dvc, blueprint)).toBe(false);
		expect(fitsBlueprint([question('x1', 'atgt', 1)], blueprint)).toBe(false);
		expect(fitsBlueprint([{ id: 'c1', topic: 'cds', difficulty: '3' }], blueprint)).toBe(false);
	});

	it('adds up a cell named twice in the blueprint', () => {
		const split = [
			{ topic: 'dvc', difficulty: 1, count: 2 },
			{ topic: 'dvc', difficulty: 1, count: 2 }
		];
		expect(fitsBlueprint(bank.filter((q) => q.topic === 'dvc').slice(0, 4), split)).toBe(true);
	});
});

describe('stripKey', () => {
	it('sends no key, no explanation and nothing it was not told to', () => {
		const questions = papers[0].questions.map((q) => ({ ...q, notes: 'nội bộ' }));
		const withExtra = { ...papers[0], questions };
		const text = JSON.stringify(stripKey(withExtra));
		expect(text).not.toMatch(/correct|explanation|Giải thích|nội bộ|pinned|source|seed/);
	});

	it('keeps the questions and options in the paper’s order', () => {
		const pub = stripKey(papers[0]);
		expect(pub.questions.map((q) => q.id)).toEqual(ids(papers[0]));
		expect(pub.questions.map((q) => q.options.map((o) => o.id))).toEqual(optionIds(papers[0]));
		expect(pub.questions[0]).toEqual({
			id: papers[0].questions[0].id,
			version: 1,
			topic: papers[0].questions[0].topic,
			text: papers[0].questions[0].text,
			options: papers[0].questions[0].options.map((o) => ({ id: o.id, text: o.text }))
		});
	});
});

describe('option ids on a paper (issue 10 point 14)', () => {
	// The bank's ids carry the authored letter (d03-a is the key of every question here).
	const authored = /^(d\d\d|c\d)-[a-d]$/;

	it('say nothing of the authored order: no bank id, no letter, no seed leaves with the paper', () => {
		for (const p of papers.slice(0, 20)) {
			const pub = stripKey(p);
			for (const q of pub.questions) {
				for (const o of q.options) {
					expect(o.id).not.toMatch(authored);
					expect(o.id).not.toContain(q.id);
					expect(o.id).toMatch(/^o[0-9a-z]{10}$/);
				}
				expect(new Set(q.options.map((o) => o.id)).size).toBe(q.options.length);
			}
			expect(JSON.stringify(pub)).not.toContain(p.seed);
		}
	});

	it('the key written "right answer first" is not the first id in any order of the ids', () => {
		// Sorted by id, the key (authored "a") lands in each place about equally often.
		const places = [0, 0, 0, 0];
		for (const p of papers) {
			const q = find(p, 'c1');
			const sorted = q.options.map((o) => o.id).sort();
			places[sorted.indexOf(q.correct[0])] += 1;
		}
		expect(chiSquare(places)).toBeLessThan(CHI2_999[3]);
	});

	it('differ between papers and map back to the bank on the server', () => {
		const [a, b] = [find(papers[0], 'c1'), find(papers[1], 'c1')];
		expect(a.options.map((o) => o.id).sort()).not.toEqual(b.options.map((o) => o.id).sort());
		for (const q of [a, b]) {
			expect(q.options.map(bankOptionId).sort()).toEqual(['c1-a', 'c1-b', 'c1-c', 'c1-d']);
			expect(q.correct).toEqual([q.options.find((o) => bankOptionId(o) === 'c1-a')!.id]);
			expect(paperOptionIds(q, ['c1-b', 'c1-d'])).toEqual(
				['c1-b', 'c1-d'].map((id) => q.options.find((o) => o.source === id)!.id)
			);
		}
	});

	it('are the same whoever derives them from the same seed (device-drawn practice)', () => {
		const q = find(papers[0], 'c2');
		const bankQ = bank.find((x) => x.id === 'c2')!;
		const again = aliasQuestion(papers[0].seed, bankQ);
		expect(new Set(again.options.map((o) => o.id))).toEqual(new Set(q.options.map((o) => o.id)));
		expect(again.correct).toEqual(q.correct);
	});
});
