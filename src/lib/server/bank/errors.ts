// A refusal the organiser's screen explains: a code with its parameters (worded in
// bank.vi.ts / bank.en.ts) and, for question content, the list of problems.
import type { Problem } from './model';

export class BankError extends Error {
	constructor(
		readonly code: string,
		readonly params: Record<string, string | number> = {},
		readonly problems: Problem[] = []
	) {
		super(code);
	}
}
