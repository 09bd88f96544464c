// Timer arithmetic. Every clock reading is passed in; times are epoch ms, durations ms.

/** A pause of the room or of one candidate; `to` is null while it lasts. */
export interface PauseInterval {
	from: number;
	to: number | null;
}

/** Active time a candidate may use: the duration plus any extensions a proctor granted. */
export function allowedActiveMs(durationMs: number, extensionsMs: number): number {
	return durationMs + extensionsMs;
}

/** The server-owned deadline: start + duration + extensions + pauses. */
export function deadline(a: {
	startedAt: number;
	durationMs: number;
	extensionsMs: number;
	pausedMs: number;
}): number {
	return a.startedAt + allowedActiveMs(a.durationMs, a.extensionsMs) + a.pausedMs;
}

/**
 * Paused time inside [from, to]. A pause still running is counted up to `to`. Overlapping
 * pauses (a room pause during a candidate's own pause) are counted once, so a candidate is
 * never given the same minute twice.
 */
export function pausedMsBetween(pauses: readonly PauseInterval[], from: number, to: number): number {
	const clipped = pauses
		.map((p) => ({ start: Math.max(p.from, from), end: Math.min(p.to ?? to, to) }))
		.filter((p) => p.end > p.start)
		.sort((a, b) => a.start - b.start);
	let total = 0;
	let coveredUntil = from;
	for (const { start, end } of clipped) {
		const s = Math.max(start, coveredUntil);
		if (end > s) total += end - s;
		coveredUntil = Math.max(coveredUntil, end);
	}
	return total;
}

/** Active time at `now`: since the start, less pauses; never negative. */
export function activeElapsed(startedAt: number, now: number, pauses: readonly PauseInterval[]): number {
	return Math.max(0, now - startedAt - pausedMsBetween(pauses, startedAt, now));
}

/** What the page saves every second, to resume from after a reload or crash. */
export interface TimerCheckpoint {
	elapsedMs: number;
	/** The device wall clock when saved. */
	wallMs: number;
}

/**
 * Elapsed time on resuming after a reload or crash: the checkpoint plus the time the app was
 * closed, or the server's view when that is larger. Elapsed time never goes below the
 * checkpoint, so a device clock set back while the app was closed gains the candidate at
 * most the time it was closed (and online, nothing: the server's view wins); a clock set
 * forward only uses up the candidate's own time.
 */
export function resumeElapsed(a: {
	checkpoint: TimerCheckpoint;
	nowWall: number;
	serverElapsed?: number;
}): number {
	const closedMs = Math.max(0, a.nowWall - a.checkpoint.wallMs);
	return Math.max(a.checkpoint.elapsedMs + closedMs, a.serverElapsed ?? 0);
}

/** How far a device at home may run ahead of the server's view of its elapsed time: a round trip. */
export const HOME_AHEAD_MS = 2000;

/**
 * The elapsed time a device counts from once online and told the server's view: the larger of
 * the two; at home also the server's when the device is ahead of it by more than a round trip
 * (the server owns a home deadline: a phone clock put right while the page was closed had counted
 * the correction as time used). At the venue the tablet's time is the finalist's working time
 * (README, "Venue"): it never goes back.
 */
export function onlineElapsed(here: number, server: number, venue: boolean): number {
	return server > here || (!venue && server < here - HOME_AHEAD_MS) ? server : here;
}

export function remainingMs(allowedMs: number, elapsedMs: number): number {
	return Math.max(0, allowedMs - elapsedMs);
}

/**
 * Server clock minus device clock, from one sync round trip; the server is assumed to have
 * read its clock halfway through. Add it to a device time to get server time.
 */
export function clockOffset(sentAt: number, receivedAt: number, serverNow: number): number {
	return serverNow - (sentAt + (receivedAt - sentAt) / 2);
}

/**
 * At the venue a late finalist gets the full duration from their own start, but no start
 * counts later than room start + `maxLateMs`: past that, the late time is lost.
 * `lateMs` is how late they started (0 if on time); `capped` says the bound applied.
 */
export function countedStart(
	roomStart: number,
	ownStart: number,
	maxLateMs: number
): { startedAt: number; lateMs: number; capped: boolean } {
	const latest = roomStart + maxLateMs;
	return {
		startedAt: Math.min(ownStart, latest),
		lateMs: Math.max(0, ownStart - roomStart),
		capped: ownStart > latest
	};
}

/**
 * Time used, for ranking a round taken at home: the device clock is the candidate's, so it
 * is the server's start to the submission's arrival, capped at the deadline.
 */
export function homeTimeUsedMs(startedAt: number, arrivedAt: number, deadlineAt: number): number {
	return Math.max(0, Math.min(arrivedAt, deadlineAt) - startedAt);
}

/** A venue start this close to the room's start is the room's start (network, typing a code). */
export const ON_TIME_TOLERANCE_MS = 60_000;

/**
 * The start that counts for a finalist at the venue: the room's start when they began with
 * it, else their own start (late), but never later than room start + `maxLateMs`.
 */
export function venueStart(
	roomStart: number,
	ownStart: number,
	maxLateMs: number
): { startedAt: number; late: boolean; lateMs: number; capped: boolean } {
	if (ownStart - roomStart <= ON_TIME_TOLERANCE_MS)
		return { startedAt: roomStart, late: false, lateMs: 0, capped: false };
	return { ...countedStart(roomStart, ownStart, maxLateMs), late: true };
}

/**
 * Whether a venue tablet is paused, and by whose news. The last pause or resume code typed
 * on the tablet holds until a server state arrives from a request sent after it: every code
 * comes from a proctor action the server already had, so that state includes it, or
 * something later. Times are the device clock's.
 */
export function venuePause(a: {
	serverPaused: boolean;
	/** When the request that brought the server's state was sent; undefined if none has. */
	serverStateSentAt?: number;
	codePause?: { paused: boolean; at: number };
}): { paused: boolean; by: 'server' | 'code' } {
	const code = a.codePause;
	if (code && (a.serverStateSentAt === undefined || a.serverStateSentAt < code.at))
		return { paused: code.paused, by: 'code' };
	return { paused: a.serverPaused, by: 'server' };
}

/**
 * The time a venue tablet allows its finalist: the server's (duration and extensions), or more
 * when an extension code the tablet heard or had typed says so (it may be offline). The larger holds.
 */
export function allowedWithCodes(
	serverAllowedMs: number,
	durationMs: number,
	codeExtensionMs: number
): number {
	return Math.max(serverAllowedMs, durationMs + codeExtensionMs);
}

// ---------------------------------------------------------------- the room's timeline in codes

/** Short codes count time in tenths of a second: a code typed late is placed within 0.1 s. */
export const CODE_TICK_MS = 100;
/** The start-time code's value wraps after 2^25 ticks (about 38 days): 5 characters. */
const START_TICKS_MOD = 2 ** 25;

/** The value of a pause, resume or lock code: ticks since the room started. */
export function codeTicks(roomStart: number, at: number): number {
	return Math.max(0, Math.round((at - roomStart) / CODE_TICK_MS));
}

/** When (server time) the proctor acted, from a code's value and the room's start. */
export function codeTime(roomStart: number, ticks: number): number {
	return roomStart + ticks * CODE_TICK_MS;
}

/** The value of the start-time code read out with the start code. */
export function startTimeTicks(roomStart: number): number {
	return Math.floor(roomStart / CODE_TICK_MS) % START_TICKS_MOD;
}

/**
 * The room's start from the start-time code, typed at `now` (server time as the tablet
 * estimates it): the latest time not after now whose ticks match, so a code typed a little
 * before the tablet's estimate of the start (a clock offset) still reads as that start.
 */
export function startTimeFromTicks(ticks: number, now: number): number {
	const nowTicks = Math.floor(now / CODE_TICK_MS) + 600; // a minute of slack for the offset
	const back = (((nowTicks - ticks) % START_TICKS_MOD) + START_TICKS_MOD) % START_TICKS_MOD;
	return (nowTicks - back) * CODE_TICK_MS;
}

/**
 * A pause or resume heard by code, `lagMs` after the proctor acted: the tablet's clock goes
 * where the room's is. Heard a pause while running: active time goes back to the pause (it
 * ran `lagMs` it should not have). Heard a resume while stopped: active time moves on by the
 * time since the resume. News the clock already reflects changes nothing (null).
 */
export function placeCodeNews(a: {
	paused: boolean;
	lagMs: number;
	/** Whether the tablet's clock stands still now. */
	frozen: boolean;
	elapsedMs: number;
}): { elapsedMs: number; frozen: boolean } | null {
	const lag = Math.max(0, a.lagMs);
	if (a.paused && !a.frozen) return { elapsedMs: Math.max(0, a.elapsedMs - lag), frozen: true };
	if (!a.paused && a.frozen) return { elapsedMs: a.elapsedMs + lag, frozen: false };
	return null;
}
