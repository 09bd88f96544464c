// The sync batch's limits (DESIGN.md "Sync contract"), one place for the device that fills a
// batch and the server that refuses one too large.

/** Events in one batch, at most. */
export const MAX_BATCH_EVENTS = 200;
/** The batch's events as JSON, at most (bytes of the `events` array). */
export const MAX_BATCH_BYTES = 64 * 1024;
/** What a device aims at: below the limit by room for the envelope and for counting slack. */
export const BATCH_BYTES_TARGET = MAX_BATCH_BYTES - 4 * 1024;

/**
 * Whether `count` events of `bytes` (each event's JSON and a comma) are more than one batch takes:
 * the one rule by which a device cuts its outbox into batches (sync.ts `batches`) and by which
 * the server reads whether a batch may have been cut (`mayBeCut`).
 */
export function batchOver(count: number, bytes: number): boolean {
	return count > MAX_BATCH_EVENTS || bytes > BATCH_BYTES_TARGET;
}

/**
 * The most one event adds to a batch as a device counts it (its JSON and a comma): every field at
 * its schema's bound, both texts of 64 characters escaped as \uXXXX.
 */
const MAX_EVENT_BYTES = 1024;

/**
 * Whether a device may have cut its outbox after these events, with more of it to come: a device
 * sends all it has not had acknowledged, in batches cut by `batchOver`. A batch that an event more
 * of any size would not take over holds the rest of the outbox; an empty batch (a heartbeat)
 * is sent only when nothing is pending.
 */
export function mayBeCut(events: readonly unknown[]): boolean {
	let bytes = 0;
	for (const e of events) bytes += JSON.stringify(e).length + 1;
	return batchOver(events.length + 1, bytes + MAX_EVENT_BYTES);
}

/**
 * How far past what the server acknowledged for a device a batch's seq may reach. A device
 * sends its outbox in seq order, so its batches start just past the acknowledged seq; events
 * far beyond it are what the server would have to hold unlinked and read again with every
 * batch (the chain cannot reach them).
 */
export const MAX_SEQ_AHEAD = 1000;
/** Different events one seq of a device may hold (the first, and conflicts flagged as such). */
export const MAX_SEQ_VERSIONS = 2;

/**
 * The highest seq one device may send for one attempt, so what a device makes the server store
 * is bounded (at most this many seqs, each of at most MAX_SEQ_VERSIONS events). A seq counts the
 * device's answer changes for one attempt: a paper is 30 questions and a tie-break in at most 25
 * minutes (DESIGN.md), so 5,000 is 160 changes of every answer, or more than one press a second
 * for an hour without a pause. No candidate comes near it; a script that sends contiguous
 * batches stops there instead of at 1,000,000 (the schema's bound on a number).
 */
export const MAX_DEVICE_SEQ = 5000;
/**
 * Devices one attempt at home may have, a device being a row of the attempt's own (its first
 * batch makes it). At home a candidate chooses the device id a token speaks for, so without a
 * bound one account could make any number of chains of MAX_DEVICE_SEQ. An honest attempt has a
 * few: a phone and a laptop, a second browser, a reinstall or cleared site data (each a new id).
 * 16 is several times that. Together: at most 16 × 5,000 × 2 = 160,000 events an attempt,
 * whatever its candidate sends. At the venue a device is a tablet of the room, which its
 * proctor enrolled and approved (the room's enrolment cap bounds them), so no bound here.
 */
export const MAX_ATTEMPT_DEVICES = 16;
