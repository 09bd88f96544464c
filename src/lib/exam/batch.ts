// The sync batch's limits (DESIGN.md "Sync contract"), one place for the device that fills a
// batch and the server that refuses one too large.

/** Events in one batch, at most. */
export const MAX_BATCH_EVENTS = 200;
/** The batch's events as JSON, at most (bytes of the `events` array). */
export const MAX_BATCH_BYTES = 64 * 1024;
/** What a device aims at: below the limit by room for the envelope and for counting slack. */
export const BATCH_BYTES_TARGET = MAX_BATCH_BYTES - 4 * 1024;

/**
 * How far past what the server acknowledged for a device a batch's seq may reach. A device
 * sends its outbox in seq order, so its batches start just past the acknowledged seq; events
 * far beyond it are what the server would have to hold unlinked and read again with every
 * batch (the chain cannot reach them).
 */
export const MAX_SEQ_AHEAD = 1000;
/** Different events one seq of a device may hold (the first, and conflicts flagged as such). */
export const MAX_SEQ_VERSIONS = 2;
