// The answer that counts, from the answer logs of every device an attempt was taken on.

import { compareText } from './compare';
import { TIEBREAK_ID, type AnswerEvent } from './events';

export interface DeviceEvent {
	deviceId: string;
	event: AnswerEvent;
	/** Decided by `eventCounts` (counting.ts); events that do not count are ignored here. */
	counts: boolean;
}

/** Question id → the option id chosen (or the tie-break number). Unanswered questions are absent. */
export type Answers = ReadonlyMap<string, string | number>;

/**
 * Within a device the later event (higher seq) wins. Two events with one seq should not
 * exist; if they do, elapsed time and then the hash decide, so the result still does not
 * depend on arrival order.
 */
function laterOnDevice(a: DeviceEvent, b: DeviceEvent): number {
	return (
		a.event.seq - b.event.seq ||
		a.event.elapsedMs - b.event.elapsedMs ||
		compareText(a.event.hash, b.event.hash)
	);
}

/**
 * Across devices the answer given later in the attempt's active time wins; device id and
 * then seq break ties. The device clock (`at`) plays no part: it belongs to the candidate.
 */
function laterAcrossDevices(a: DeviceEvent, b: DeviceEvent): number {
	return a.event.elapsedMs - b.event.elapsedMs || compareText(a.deviceId, b.deviceId) || laterOnDevice(a, b);
}

function keepLatest(
	map: Map<string, DeviceEvent>,
	key: string,
	candidate: DeviceEvent,
	later: (a: DeviceEvent, b: DeviceEvent) => number
): void {
	const held = map.get(key);
	if (held === undefined || later(candidate, held) > 0) map.set(key, candidate);
}

/**
 * The latest counting event of each (device, question), events added in any order and at any
 * time: each is a maximum under a total order, so adding events later, or again, gives what
 * taking them all at once gives. The console's grid keeps one per attempt and adds each poll's
 * new events (venue/grid-events.ts); `winningEvents` takes them all at once.
 */
export class LatestPerDevice {
	readonly #latest: Map<string, DeviceEvent>;
	constructor(from?: LatestPerDevice) {
		this.#latest = new Map(from ? from.#latest : undefined);
	}
	add(e: DeviceEvent): void {
		if (!e.counts) return;
		// JSON keeps (device, question) pairs apart whatever characters the ids contain.
		keepLatest(this.#latest, JSON.stringify([e.deviceId, e.event.questionId]), e, laterOnDevice);
	}
	/** The event that counts for each question, in no particular order. */
	winners(): Map<string, DeviceEvent> {
		const winners = new Map<string, DeviceEvent>();
		for (const e of this.#latest.values()) keepLatest(winners, e.event.questionId, e, laterAcrossDevices);
		return winners;
	}
	/** How many questions are answered: their winning event chose something (not cleared). */
	answered(): number {
		let n = 0;
		for (const { event } of this.winners().values()) if (event.choice !== null) n++;
		return n;
	}
}

/**
 * The event that counts for each question, cleared answers included (the dispute view shows
 * them), in question-id order. Each step takes a maximum under a total order, so the result
 * is the same whatever order the events or their batches arrive in.
 */
export function winningEvents(events: Iterable<DeviceEvent>): Map<string, DeviceEvent> {
	const latest = new LatestPerDevice();
	for (const e of events) latest.add(e);
	return new Map([...latest.winners()].sort(([a], [b]) => compareText(a, b)));
}

/** The answers that count, in question-id order; a question whose winning event cleared it is unanswered. */
export function mergeAnswers(events: Iterable<DeviceEvent>): Map<string, string | number> {
	const answers = new Map<string, string | number>();
	for (const [questionId, { event }] of winningEvents(events)) {
		if (event.choice !== null) answers.set(questionId, event.choice);
	}
	return answers;
}

/** The tie-break answer, or null when there is none (a string there is not a number: none). */
export function tiebreakAnswer(answers: Answers): number | null {
	const value = answers.get(TIEBREAK_ID);
	return typeof value === 'number' ? value : null;
}
