// Admission: how many requests the server starts in one turn of its event loop.
//
// Node (libuv 1.46) accepts one new connection per turn of the loop. A saturated server that
// starts every request it has read in the same turn makes each turn long (hundreds of requests,
// 100–500 ms), and then accepts only a few connections a second: in the venue hall's first
// seconds a thousand tablets' new connections waited in the kernel's accept queue for up to
// 35 s, and a proctor's action sent on a new connection with them (bench/analysis.md).
//
// So requests beyond a turn's share wait here, in order, and start in the next turns; the share
// adapts so that a turn takes about TARGET_MS: a turn that took longer lowers it, a shorter one
// raises it. A server that is not saturated never reaches its share, and starts every request
// at once as before.
//   const admit = admission();  admit(start)  — start() runs now or in a later turn, once.

export const TARGET_MS = 10;
export const MIN_SHARE = 8;
export const MAX_SHARE = 1024;

/**
 * @param {{ now?: () => number, later?: (f: () => void) => void, targetMs?: number }} [o]
 *   now: the clock (performance.now); later: runs f in the next turn (setImmediate).
 */
export function admission(o = {}) {
	const now = o.now ?? (() => performance.now());
	const later = o.later ?? ((f) => setImmediate(f));
	const targetMs = o.targetMs ?? TARGET_MS;
	/** @type {(() => void)[]} */
	const waiting = [];
	let share = MAX_SHARE;
	let started = 0;
	let turnBegan = 0;
	let scheduled = false;

	const schedule = () => {
		if (scheduled) return;
		scheduled = true;
		later(turn);
	};

	/** At the end of each busy turn: adapt the share to how long the turn took, then start the waiting. */
	function turn() {
		scheduled = false;
		const t = now();
		if (started > 0) {
			const took = t - turnBegan;
			share = took > targetMs ? Math.max(MIN_SHARE, Math.floor(share * 0.7)) : Math.min(MAX_SHARE, share + 8);
		}
		turnBegan = t;
		started = 0;
		while (waiting.length > 0 && started < share) {
			started++;
			const start = /** @type {() => void} */ (waiting.shift());
			start();
		}
		if (waiting.length > 0 || started > 0) schedule();
	}

	/** @param {() => void} start */
	function admit(start) {
		if (started === 0 && !scheduled) turnBegan = now();
		if (waiting.length === 0 && started < share) {
			started++;
			schedule();
			start();
			return;
		}
		waiting.push(start);
		schedule();
	}

	admit.stats = () => ({ share, waiting: waiting.length });
	return admit;
}
