// Reading the organiser's bank and round forms into the inputs of questions.ts and
// rounds.ts. The field names are the ones QuestionForm.svelte and RoundForm.svelte use.
import { z } from 'zod';
import type { QuestionInput } from './questions';
import { clean, MAX_OPTIONS, MIN_OPTIONS } from './model';
import {
	msToVietnamLocal,
	roundInput,
	vietnamLocalToMs,
	type RoundInput,
	type RoundProblem
} from '../rounds';
import { fmt, messages, toLocale, type Locale, type Messages } from '$lib/i18n';
import { readTiebreak } from '$lib/exam/tiebreak-input';

const short = z.string().max(200);
const long = z.string().max(20000);

const questionForm = z.object({
	text: long,
	explanation: long,
	reference: long,
	topicId: short,
	poolId: short,
	difficulty: z.coerce.number().int(),
	correct: z.array(z.coerce.number().int().min(0).max(20)).max(MAX_OPTIONS + 4),
	optionText: z.array(z.string().max(5000)).max(20),
	optionId: z.array(short).max(20),
	pinned: z.array(z.coerce.number().int().min(0).max(20)).max(20)
});

export interface QuestionFormValues {
	text: string;
	explanation: string;
	reference: string;
	topicId: string;
	poolId: string;
	difficulty: number;
	correct: number[];
	options: { id: string; text: string; pinned: boolean }[];
	/** Indexes of the options left empty, each refused (`emptyOption`): the page marks them. */
	emptyOptions?: number[];
}

/**
 * How many of the form's option slots are options. The form starts with four; a true/false
 * question leaves C and D empty, and empty slots at the end are not options. A slot stays
 * when it is marked correct or needed to reach the minimum, so the refusal names that slot.
 */
function usedSlots(texts: string[], correct: number[]): number {
	let n = texts.length;
	// Blank as the bank sees it (model.ts clean): a slot of only a zero-width space is empty.
	while (n > 0 && !clean(texts[n - 1])) n--;
	const marked = correct.filter((i) => i < texts.length).map((i) => i + 1);
	return Math.min(texts.length, Math.max(n, MIN_OPTIONS, ...marked));
}

/** The form as the organiser filled it (for showing it again) and as a QuestionInput. */
export function readQuestionForm(
	form: FormData
): { values: QuestionFormValues; input: QuestionInput } | null {
	const str = (k: string) => String(form.get(k) ?? '');
	const parsed = questionForm.safeParse({
		text: str('text'),
		explanation: str('explanation'),
		reference: str('reference'),
		topicId: str('topicId'),
		poolId: str('poolId'),
		difficulty: str('difficulty') || '0',
		correct: form.getAll('correct').map(String),
		optionText: form.getAll('optionText').map(String),
		optionId: form.getAll('optionId').map(String),
		pinned: form.getAll('pinned').map(String)
	});
	if (!parsed.success) return null;
	const f = parsed.data;
	const options = f.optionText.slice(0, usedSlots(f.optionText, f.correct)).map((text, i) => ({
		id: f.optionId[i] ?? '',
		text,
		pinned: f.pinned.includes(i)
	}));
	const values: QuestionFormValues = {
		text: f.text,
		explanation: f.explanation,
		reference: f.reference,
		topicId: f.topicId,
		poolId: f.poolId,
		difficulty: f.difficulty,
		correct: f.correct,
		options,
		emptyOptions: options.flatMap((o, i) => (clean(o.text) ? [] : [i]))
	};
	return {
		values,
		input: {
			poolId: f.poolId,
			topicId: f.topicId,
			difficulty: f.difficulty,
			draft: {
				text: f.text,
				options: options.map((o) => ({ text: o.text, pinned: o.pinned })),
				correct: f.correct,
				explanation: f.explanation,
				reference: f.reference
			},
			optionIds: options.map((o) => o.id || undefined)
		}
	};
}

export const setupForm = {
	topic: z.object({ name: z.string().max(200), id: z.string().max(40) }),
	pool: z.object({
		name: z.string().max(200),
		id: z.string().max(40),
		visibility: z.enum(['public', 'secret'])
	}),
	poolId: z.object({ id: z.string().max(60) })
};

/** The round form's fields as the page shows them. */
export interface RoundFormValues {
	name: string;
	kind: string;
	opensAt: string;
	closesAt: string;
	questionCount: string;
	durationMin: string;
	durationSec: string;
	graceS: string;
	minAge: string;
	maxAttempts: string;
	maxAttemptsPerWeek: string;
	reviewAfter: boolean;
	poolIds: string[];
	/** "topic:difficulty" → count */
	cells: Record<string, string>;
	tiebreakPrompt: string;
	tiebreakTruth: string;
	/**
	 * The language `tiebreakTruth` is written in ("2,5" or "2.5"), sent with it: the screen's
	 * language may change in the browser after the page came (I18n.switchTo), and the figure is
	 * read as it was written, never as the other language would read it.
	 */
	tiebreakLocale: Locale;
}

/**
 * The tie-break's true figure as `locale` writes it, which readTiebreak reads back as the same
 * number: the shortest digits that are that number (JavaScript's own), never an exponent, no
 * thousands grouped (a whole number then reads the same in either language).
 */
export function truthText(value: number, locale: Locale): string {
	const [mantissa, exp = '0'] = String(Math.abs(value)).split('e');
	const [whole, fraction = ''] = mantissa.split('.');
	const point = whole.length + Number(exp);
	const digits =
		point <= 0 ? '0'.repeat(1 - point) + whole + fraction : (whole + fraction).padEnd(point, '0');
	const at = Math.max(point, 1);
	const int = digits.slice(0, at).replace(/^0+(?=\d)/, '');
	const frac = digits.slice(at).replace(/0+$/, '');
	const sign = value < 0 ? '-' : '';
	return sign + int + (frac ? (locale === 'vi' ? ',' : '.') + frac : '');
}

/** The round as its form shows it, in the page's language `locale`. */
export function roundFormValues(input: RoundInput, locale: Locale = 'vi'): RoundFormValues {
	return {
		name: input.name,
		kind: input.kind,
		opensAt: msToVietnamLocal(input.opensAt),
		closesAt: msToVietnamLocal(input.closesAt),
		questionCount: String(input.questionCount),
		durationMin: String(Math.floor(input.durationS / 60)),
		durationSec: String(input.durationS % 60),
		graceS: String(input.graceS),
		minAge: String(input.minAge),
		maxAttempts: input.maxAttempts === null ? '' : String(input.maxAttempts),
		maxAttemptsPerWeek: input.maxAttemptsPerWeek === null ? '' : String(input.maxAttemptsPerWeek),
		reviewAfter: input.reviewAfter,
		poolIds: input.poolIds,
		cells: Object.fromEntries(input.blueprint.map((c) => [`${c.topic}:${c.difficulty}`, String(c.count)])),
		tiebreakPrompt: input.tiebreak?.prompt ?? '',
		tiebreakTruth:
			input.tiebreak?.truth === null || input.tiebreak?.truth === undefined
				? ''
				: truthText(input.tiebreak.truth, locale),
		tiebreakLocale: locale
	};
}

function optionalInt(s: string): number | null | 'bad' {
	if (!s.trim()) return null;
	const n = Number(s);
	return Number.isInteger(n) ? n : 'bad';
}

export function readRoundForm(form: FormData): {
	values: RoundFormValues;
	input: RoundInput | null;
	bad: string[];
} {
	const str = (k: string) => String(form.get(k) ?? '').trim();
	const cells: Record<string, string> = {};
	for (const [k, v] of form) if (k.startsWith('cell:') && typeof v === 'string') cells[k.slice(5)] = v;
	const values: RoundFormValues = {
		name: str('name'),
		kind: str('kind'),
		opensAt: str('opensAt'),
		closesAt: str('closesAt'),
		questionCount: str('questionCount'),
		durationMin: str('durationMin'),
		durationSec: str('durationSec'),
		graceS: str('graceS'),
		minAge: str('minAge'),
		maxAttempts: str('maxAttempts'),
		maxAttemptsPerWeek: str('maxAttemptsPerWeek'),
		reviewAfter: form.get('reviewAfter') === 'on',
		poolIds: form.getAll('poolIds').map(String),
		cells,
		tiebreakPrompt: str('tiebreakPrompt'),
		tiebreakTruth: str('tiebreakTruth'),
		tiebreakLocale: toLocale(str('tiebreakLocale'))
	};
	const bad: string[] = [];
	const int = (k: string, fallback?: number): number => {
		const v = optionalInt(str(k));
		if (v === 'bad' || (v === null && fallback === undefined)) {
			bad.push(k);
			return 0;
		}
		return v ?? (fallback as number);
	};
	const opensAt = vietnamLocalToMs(str('opensAt'));
	const closesAt = vietnamLocalToMs(str('closesAt'));
	if (opensAt === null) bad.push('opensAt');
	if (closesAt === null) bad.push('closesAt');
	const blueprint: RoundInput['blueprint'] = [];
	for (const [k, v] of form) {
		const m = /^cell:(.+):([123])$/.exec(k);
		if (!m || typeof v !== 'string' || !v.trim()) continue;
		const count = optionalInt(v);
		if (count === 'bad' || count === null || count < 0) bad.push(k);
		else if (count > 0) blueprint.push({ topic: m[1], difficulty: Number(m[2]), count });
	}
	const maxAttempts = optionalInt(str('maxAttempts'));
	const maxPerWeek = optionalInt(str('maxAttemptsPerWeek'));
	if (maxAttempts === 'bad') bad.push('maxAttempts');
	if (maxPerWeek === 'bad') bad.push('maxAttemptsPerWeek');
	// Read as a candidate's prediction is: the way the language it was written in writes numbers.
	const truth = values.tiebreakTruth ? readTiebreak(values.tiebreakTruth, values.tiebreakLocale) : null;
	if (values.tiebreakTruth && truth === null) bad.push('tiebreakTruth');
	const candidate = {
		name: str('name'),
		kind: str('kind'),
		opensAt: opensAt ?? 0,
		closesAt: closesAt ?? 0,
		questionCount: int('questionCount'),
		durationS: int('durationMin', 0) * 60 + int('durationSec', 0),
		graceS: int('graceS', 0),
		minAge: int('minAge'),
		maxAttempts: maxAttempts === 'bad' ? null : maxAttempts,
		maxAttemptsPerWeek: maxPerWeek === 'bad' ? null : maxPerWeek,
		reviewAfter: form.get('reviewAfter') === 'on',
		poolIds: form.getAll('poolIds').map(String),
		blueprint,
		tiebreak: str('tiebreakPrompt') ? { prompt: str('tiebreakPrompt'), truth } : null
	};
	if (bad.length) return { values, input: null, bad };
	const parsed = roundInput.safeParse(candidate);
	if (!parsed.success)
		return { values, input: null, bad: parsed.error.issues.map((i) => String(i.path[0] ?? '')) };
	return { values, input: parsed.data, bad };
}

/**
 * The label (in `bank.rounds`) that names each field of the round form and of `roundInput` in a
 * refusal: a field missing here does not compile, and forms.spec.ts reads every key of both.
 */
export const ROUND_FIELD_LABELS = {
	name: 'name',
	kind: 'kind',
	opensAt: 'opensAt',
	closesAt: 'closesAt',
	questionCount: 'questionCount',
	durationS: 'timeAllowed',
	durationMin: 'timeAllowed',
	durationSec: 'timeAllowed',
	graceS: 'grace',
	minAge: 'minAge',
	maxAttempts: 'maxAttempts',
	maxAttemptsPerWeek: 'maxPerWeek',
	reviewAfter: 'review',
	poolIds: 'pools',
	blueprint: 'blueprint',
	cells: 'blueprint',
	tiebreak: 'tiebreak',
	tiebreakPrompt: 'tiebreakPrompt',
	tiebreakTruth: 'tiebreakTruth',
	tiebreakLocale: 'tiebreakTruth'
} as const satisfies Record<keyof RoundInput | keyof RoundFormValues, keyof Messages['bank']['rounds']>;

/** Round refusals as sentences in the page's language. */
export function roundProblemText(locale: Locale, problems: RoundProblem[], bad: string[] = []): string[] {
	const m = messages(locale).bank.roundErrors as Record<string, string>;
	const labels = messages(locale).bank.rounds;
	const fieldLabel = (f: string) => {
		const key = f.startsWith('cell:') ? 'blueprint' : (ROUND_FIELD_LABELS as Record<string, string>)[f];
		// The label without its hint in brackets: "Số lượt tối đa (để trống: …)".
		return key ? (labels[key as keyof typeof labels] as string).replace(/\s*\(.*\)$/, '') : f;
	};
	return [
		...bad.map((f) => fmt(m.badNumber, { field: fieldLabel(f) })),
		// A problem's `field` is a field's code (lockedField), named by its label as above.
		...problems.map((p) => {
			const params = { ...p.params };
			if (typeof params.field === 'string') params.field = fieldLabel(params.field);
			return fmt(m[p.code] ?? p.code, params);
		})
	];
}
