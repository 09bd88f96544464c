// The one shape of a refusal in domain code: a code and its parameters. No HTTP status (the
// table in http.ts maps codes to statuses) and no sentence (the catalogue makes one from the
// code and parameters, in the reader's language).

export type Params = Record<string, string | number>;

export interface Failure<C extends string = string> {
	ok: false;
	code: C;
	params?: Params;
}

/** `{ ok: true, …value }` or a Failure. */
export type Outcome<T extends object, C extends string = string> = ({ ok: true } & T) | Failure<C>;

export function failure<C extends string>(code: C, params?: Params): Failure<C> {
	return params ? { ok: false, code, params } : { ok: false, code };
}

/**
 * A Failure thrown: for domain code that must throw to roll a transaction back. The function
 * that threw catches it at its edge (`refusalOf`) and returns the Failure it carries.
 */
export class Refusal<C extends string = string> extends Error {
	constructor(readonly failure: Failure<C>) {
		super(failure.code);
	}
}

/** `throw refuse('notFound')`: a Refusal carrying that code and parameters. */
export function refuse<C extends string>(code: C, params?: Params): Refusal<C> {
	return new Refusal(failure(code, params));
}

/** The Failure a Refusal carries; anything else thrown is thrown on. */
export function refusalOf(e: unknown): Failure {
	if (e instanceof Refusal) return e.failure;
	throw e;
}
