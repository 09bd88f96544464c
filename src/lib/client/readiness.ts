// When a venue tablet counts as ready: the same rule on the tablet and on the proctor's console.
export interface Readiness {
	appCached: boolean;
	papersCached: number;
	clockOffsetMs: number | null;
	persisted: boolean;
	freeBytes: number | null;
}

/**
 * App cached (and in control), papers cached, clock offset measured. Persistent storage is
 * asked for and shown, but a browser may refuse it, so it is not required.
 */
export function isReady(r: Partial<Readiness>): boolean {
	return !!r.appCached && (r.papersCached ?? 0) > 0 && r.clockOffsetMs != null;
}
