// JSON the database holds in text columns, parsed and checked on the way out: one place for
// each shape. A row damaged by hand or written by an older version fails here, naming the
// column, instead of surfacing later as a wrong score.
import { z } from 'zod';
import type { Paper } from '$lib/exam/paper';
import type { Choice } from '$lib/exam/events';

const option = z.object({
	id: z.string(),
	text: z.string(),
	pinned: z.boolean().optional(),
	source: z.string().optional()
});

const question = z.object({
	id: z.string(),
	version: z.number().int(),
	topic: z.string(),
	difficulty: z.union([z.string(), z.number()]),
	text: z.string(),
	options: z.array(option),
	correct: z.array(z.string()),
	explanation: z.string().optional()
});

const paper = z.object({ seed: z.string(), questions: z.array(question) });
const options = z.array(option);
const key = z.array(z.string());
const choice = z.union([z.string(), z.number(), z.null()]);

/** A stored value that does not have the shape its column promises. */
export class StoredDataError extends Error {
	constructor(what: string, cause: unknown) {
		super(`stored ${what} is malformed`, { cause });
		this.name = 'StoredDataError';
	}
}

function read<T>(schema: z.ZodType<T>, text: string, what: string): T {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		throw new StoredDataError(what, e);
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw new StoredDataError(what, parsed.error);
	return parsed.data;
}

/** `attempt_paper.paper`: the snapshot drawn at start. */
export const readPaper = (text: string): Paper => read(paper, text, 'paper');
/** `question_version.options`, a bank question's options. */
export const readOptions = (text: string): z.infer<typeof options> => read(options, text, 'options');
/** `question_version.correct`, a key override: option ids. */
export const readKey = (text: string): string[] => read(key, text, 'answer key');
/** `answer_event.choice`: an option id, the tie-break number, or null. */
export const readChoice = (text: string | null): Choice =>
	text === null ? null : read(choice, text, 'choice');
