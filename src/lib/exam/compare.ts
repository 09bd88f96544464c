// Comparators for sorting that must come out the same on every machine.

/**
 * Code-unit order. Not localeCompare: the winner of a merge or the order of a paper must not
 * depend on the locale of the browser or server that computed it.
 */
export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Safe with infinities, where `a − b` would give NaN (Infinity − Infinity). */
export function compareNumbers(a: number, b: number): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
