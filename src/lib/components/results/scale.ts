// The arithmetic of the column chart's axis and columns, apart from the SVG so it is tested.

/** The first of 1, 2, 5 × 10^k at least `raw`. */
function niceStep(raw: number): number {
	if (!(raw > 0)) return 1;
	const p = 10 ** Math.floor(Math.log10(raw));
	return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw * (1 - 1e-12)) ?? 10 * p;
}

export interface Axis {
	/** The value at the top of the plot: the last grid line, never below the data. */
	top: number;
	/** Grid lines from 0 to `top`, evenly spaced. */
	ticks: number[];
}

/**
 * About `lines` grid lines from 0 up to at least `max`. With `whole` (counts of people), the
 * step is a whole number, so a maximum of 2 gives 0, 1, 2 — not 0, 0.5, 1, 1.5, 2, which a
 * whole-number format prints as 0, 1, 1, 2, 2.
 */
export function axis(max: number, { whole = true, lines = 4 } = {}): Axis {
	const m = max > 0 ? max : 1;
	const raw = m / lines;
	const step = whole ? Math.max(1, niceStep(raw)) : niceStep(raw);
	const count = Math.ceil(m / step - 1e-9);
	const ticks = Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
	return { top: ticks[ticks.length - 1], ticks };
}

export interface Column {
	/** Left edge and width, in percent of the plot's width. */
	x: number;
	width: number;
	/** Centre, in percent, for the label below. */
	mid: number;
}

/**
 * Where `n` columns go. Each takes one slot of `1 / max(n, minSlots)` of the width, centred
 * as a group, so a series of one or two days is drawn as one or two columns, not as a block
 * filling the chart.
 */
export function columns(n: number, minSlots = 7): Column[] {
	const slots = Math.max(n, minSlots);
	const slot = 100 / slots;
	const gap = Math.min(slot * 0.25, Math.max(0.15, 30 / slots));
	const start = ((slots - n) * slot) / 2;
	return Array.from({ length: n }, (_, i) => {
		const left = start + i * slot;
		return { x: left + gap / 2, width: slot - gap, mid: left + slot / 2 };
	});
}
