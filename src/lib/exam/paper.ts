// Paper assembly: a candidate's questions drawn from the bank by the round's blueprint, in an
// order fixed by the seed stored on the attempt.

import { compareText } from './compare';
import { sample, seededRandom, shuffled, type Random } from './random';
import { sha256 } from './sha256';

export type Difficulty = string | number;

export interface BankOption {
	id: string;
	text: string;
	/** Keeps its place when the options are shuffled ("all of the above"). */
	pinned?: boolean;
	/** On a drawn paper: the option's id in the bank; `id` is then the paper's own. */
	source?: string;
}

export interface BankQuestion {
	id: string;
	version: number;
	topic: string;
	difficulty: Difficulty;
	text: string;
	options: BankOption[];
	correct: string[];
	explanation?: string;
}

export interface BlueprintCell {
	topic: string;
	difficulty: Difficulty;
	count: number;
}

/** A snapshot: editing the bank afterwards never changes a paper in use. */
export interface Paper {
	seed: string;
	questions: BankQuestion[];
}

export interface PublicQuestion {
	id: string;
	version: number;
	topic: string;
	text: string;
	options: { id: string; text: string }[];
}

/**
 * What a graded round may send to the browser: no key, no explanation, and no seed, since
 * the paper's option ids are derived from it.
 */
export interface PublicPaper {
	questions: PublicQuestion[];
}

export interface Shortfall {
	topic: string;
	difficulty: Difficulty;
	need: number;
	have: number;
}

/** JSON keeps difficulty 1 and "1", and any characters in a topic, apart. */
function cellKey(topic: string, difficulty: Difficulty): string {
	return JSON.stringify([topic, difficulty]);
}

/**
 * The bank's questions per cell, sorted by id so the order the bank was read in cannot change
 * a paper. Should a question appear in several versions, the latest is used.
 */
function cellsOf(bank: readonly BankQuestion[]): Map<string, BankQuestion[]> {
	const latest = new Map<string, BankQuestion>();
	for (const q of bank) {
		const held = latest.get(q.id);
		if (held === undefined || q.version > held.version) latest.set(q.id, q);
	}
	const cells = new Map<string, BankQuestion[]>();
	for (const q of [...latest.values()].sort((a, b) => compareText(a.id, b.id))) {
		const key = cellKey(q.topic, q.difficulty);
		const cell = cells.get(key);
		if (cell === undefined) cells.set(key, [q]);
		else cell.push(q);
	}
	return cells;
}

/** Cells named twice are added up, so no question can be drawn twice for one paper. */
function normalised(blueprint: readonly BlueprintCell[]): BlueprintCell[] {
	const cells = new Map<string, BlueprintCell>();
	for (const cell of blueprint) {
		if (!Number.isInteger(cell.count) || cell.count < 0) {
			throw new RangeError(`blueprint count must be a whole number ≥ 0, got ${cell.count}`);
		}
		const key = cellKey(cell.topic, cell.difficulty);
		const held = cells.get(key);
		cells.set(key, { ...cell, count: (held?.count ?? 0) + cell.count });
	}
	return [...cells.values()];
}

function shortfallOf(cells: Map<string, BankQuestion[]>, needed: BlueprintCell[]): Shortfall[] {
	return needed
		.map((cell) => ({
			topic: cell.topic,
			difficulty: cell.difficulty,
			need: cell.count,
			have: cells.get(cellKey(cell.topic, cell.difficulty))?.length ?? 0
		}))
		.filter((s) => s.have < s.need);
}

/** The blueprint cells the bank has too few questions for; empty when a paper can be drawn. */
export function blueprintShortfall(
	bank: readonly BankQuestion[],
	blueprint: readonly BlueprintCell[]
): Shortfall[] {
	return shortfallOf(cellsOf(bank), normalised(blueprint));
}

/**
 * Whether the blueprint could have given these questions: none twice, and no cell (topic and
 * difficulty) holding more than the blueprint's count. Fewer is allowed: practice offers a paper
 * of only the questions answered wrong. What a server can check of a paper a device drew; it
 * cannot draw it again, as the device drew from its own copy of the bank, perhaps an older one.
 */
export function fitsBlueprint(
	questions: readonly Pick<BankQuestion, 'id' | 'topic' | 'difficulty'>[],
	blueprint: readonly BlueprintCell[]
): boolean {
	const left = new Map(normalised(blueprint).map((c) => [cellKey(c.topic, c.difficulty), c.count]));
	const seen = new Set<string>();
	for (const q of questions) {
		const key = cellKey(q.topic, q.difficulty);
		const n = left.get(key) ?? 0;
		if (seen.has(q.id) || n === 0) return false;
		seen.add(q.id);
		left.set(key, n - 1);
	}
	return true;
}

/** Shuffles the options that are not pinned among the places that are not pinned. */
function shuffleOptions(options: readonly BankOption[], random: Random): BankOption[] {
	const free = options.filter((o) => !o.pinned);
	const moved = shuffled(free, random);
	let next = 0;
	return options.map((o) => ({ ...(o.pinned ? o : moved[next++]) }));
}

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * The id an option has on a paper: 50 bits of SHA-256 over the paper's seed, the question
 * and the bank's option id, so the id says nothing of the option's place in the bank (a
 * bank written "right answer first" would otherwise give its key away). Without the seed,
 * which stays on the server for graded papers, the ids cannot be traced back.
 */
export function optionAlias(seed: string, questionId: string, optionId: string): string {
	const digest = sha256(`option\n${seed}\n${questionId}\n${optionId}`);
	let bits = 0n;
	for (let i = 0; i < 8; i++) bits = (bits << 8n) | BigInt(digest[i]);
	let out = '';
	for (let i = 0; i < 10; i++) out += BASE32[Number((bits >> BigInt(59 - 5 * i)) & 31n)];
	return `o${out}`;
}

/** The question as it stands on a paper with this seed: option ids and key aliased. */
export function aliasQuestion(seed: string, q: BankQuestion): BankQuestion {
	const alias = (id: string) => optionAlias(seed, q.id, id);
	return {
		...q,
		options: q.options.map((o) => ({ ...o, id: alias(o.source ?? o.id), source: o.source ?? o.id })),
		correct: q.correct.map(alias)
	};
}

/** The bank's id of an option on a paper (the one rule both ways: see `optionAlias`). */
export function bankOptionId(option: Pick<BankOption, 'id' | 'source'>): string {
	return option.source ?? option.id;
}

/** A key written in bank option ids (a correction), in this question's paper ids. */
export function paperOptionIds(
	q: { options: readonly Pick<BankOption, 'id' | 'source'>[] },
	bankIds: readonly string[]
): string[] {
	return bankIds.map((id) => q.options.find((o) => bankOptionId(o) === id)?.id ?? id);
}

function snapshot(q: BankQuestion, random: Random, seed: string): BankQuestion {
	return aliasQuestion(seed, { ...q, options: shuffleOptions(q.options, random), correct: [...q.correct] });
}

/**
 * Draws a paper: from each blueprint cell `count` questions, every subset equally likely;
 * then the question order is shuffled, then each question's options, and the options get
 * the paper's own ids (`optionAlias`). The same bank,
 * blueprint and seed always give the same paper. Check `blueprintShortfall` first: a bank
 * too small for the blueprint throws.
 */
export function drawPaper(a: {
	bank: readonly BankQuestion[];
	blueprint: readonly BlueprintCell[];
	seed: string;
}): Paper {
	const cells = cellsOf(a.bank);
	const needed = normalised(a.blueprint);
	const shortfall = shortfallOf(cells, needed);
	if (shortfall.length > 0) {
		const listed = shortfall.map((s) => `${s.topic}/${s.difficulty}: ${s.have} of ${s.need}`);
		throw new Error(`the bank is too small for the blueprint (${listed.join('; ')})`);
	}
	const random = seededRandom(a.seed);
	const drawn = needed.flatMap((cell) =>
		sample(cells.get(cellKey(cell.topic, cell.difficulty)) ?? [], cell.count, random)
	);
	return { seed: a.seed, questions: shuffled(drawn, random).map((q) => snapshot(q, random, a.seed)) };
}

/**
 * The paper without its key. Fields are copied by name rather than the key deleted, so a
 * field added to the bank later stays on the server until someone decides it may leave.
 */
export function stripKey(paper: Paper): PublicPaper {
	return {
		questions: paper.questions.map((q) => ({
			id: q.id,
			version: q.version,
			topic: q.topic,
			text: q.text,
			options: q.options.map((o) => ({ id: o.id, text: o.text }))
		}))
	};
}
