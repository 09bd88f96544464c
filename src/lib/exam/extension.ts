// A proctor's extension of one seat: the bounds the action's schema and the console's field share.
// Apart from timer.ts, which the exam route loads: the tablet never asks for an extension.

/** An extension in whole minutes: the action's schema and the console's field. */
export const EXTEND_MINUTES = { min: 1, max: 60 } as const;

/** Whether `minutes` is an extension the action takes. */
export function isExtension(minutes: unknown): minutes is number {
	return (
		Number.isInteger(minutes) &&
		(minutes as number) >= EXTEND_MINUTES.min &&
		(minutes as number) <= EXTEND_MINUTES.max
	);
}
