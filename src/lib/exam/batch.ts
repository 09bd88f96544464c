// The sync batch's limits (DESIGN.md "Sync contract"), one place for the device that fills a
// batch and the server that refuses one too large.

/** Events in one batch, at most. */
export const MAX_BATCH_EVENTS = 200;
/** The batch's events as JSON, at most (bytes of the `events` array). */
export const MAX_BATCH_BYTES = 64 * 1024;
/** What a device aims at: below the limit by room for the envelope and for counting slack. */
export const BATCH_BYTES_TARGET = MAX_BATCH_BYTES - 4 * 1024;
