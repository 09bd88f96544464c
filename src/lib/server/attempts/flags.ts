// The flags an answer event is stored with (answer_event.flags, space-separated), one name each:
// ingest.ts sets them, grading, receipts and claimed times read them.

/** Receipt facts stored in an event's flags at ingest (counting.ts `CountedEvent`). */
export const AFTER_CLOSE = 'after_close';
export const AFTER_MOVE = 'after_move';
/** A late arrival from a tablet online or offline at the lock: listed for the organiser's review. */
export const REVIEW = 'review';
/** A second, different event under a seq the device already used: stored, outside its chain. */
export const CONFLICT = 'conflict';
/** Made on a tablet while its room or seat was paused, before it heard so (pauses.ts `madeInPause`): counts, for review. */
export const IN_PAUSE = 'in_pause';
/** An event whose hash does not link to the one before it. */
export const CHAIN_BREAK = 'chain_break';

/** Whether a stored event's flags include `flag`. */
export function flagged(flags: string, flag: string): boolean {
	return flags.split(' ').includes(flag);
}
