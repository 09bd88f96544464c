// The heartbeat: the tablet's report (readiness, sign-in, starts, incidents, what is unsent)
// out, the room's state in, and the local attempts brought in line with it.
import { get, set } from 'idb-keyval';
import { clockOffset as offsetOf } from '$lib/exam/timer';
import { localDb, type LocalAttempt } from '../db';
import { saveClockOffset } from '../device';
import { serverMessage } from '../no-server';
import { attemptsToFlush, flushAll } from '../sync';
import type { Readiness } from '../readiness';
import { unsentCount } from './wipe';
import { KEYS, type Current, type DeviceView, type Start, type TabletIncident } from './types';

export interface BeatInput {
	token: string;
	deviceId: string;
	readiness: Readiness;
	current: Current | null;
	/** Runs once the view is applied, before the outbox is sent (fetch the package or keys). */
	afterView?: (view: DeviceView, sentAt: number) => Promise<void>;
}

export type BeatOutcome =
	| { kind: 'offline'; unsent: number }
	| { kind: 'refused'; unsent: number; message: string; code?: string }
	| { kind: 'ok'; unsent: number; view: DeviceView; sentAt: number };

/** Removes from a queue kept in idb-keyval the entries the server now has. */
async function settle<T>(key: string, sent: T[], same: (a: T, b: T) => boolean): Promise<void> {
	if (sent.length === 0) return;
	const left = ((await get<T[]>(key)) ?? []).filter((s) => !sent.some((r) => same(r, s)));
	await set(key, left);
}

/** One report to the server, and what it answered. Nothing here needs the network to count. */
export async function beatOnce(input: BeatInput): Promise<BeatOutcome> {
	const db = localDb();
	const pending = await attemptsToFlush(db);
	// Each chain's last seq and its hash there: what the server lets count if it arrives after
	// the lock, since the answers up to it are fixed by the hash.
	const lastSeqs: Record<string, number> = {};
	const heads: Record<string, string> = {};
	for (const c of await db.chains.toArray())
		if (c.deviceId === input.deviceId) {
			lastSeqs[c.attemptId] = c.lastSeq;
			heads[c.attemptId] = c.lastHash;
		}
	const unsent = await unsentCount(db);
	const starts = (await get<Start[]>(KEYS.starts)) ?? [];
	const incidents = (await get<TabletIncident[]>(KEYS.incidents)) ?? [];
	const sentAt = Date.now();
	let res: Response;
	try {
		res = await fetch('/api/venue/heartbeat', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${input.token}` },
			body: JSON.stringify({
				readiness: input.readiness,
				signedIn: input.current
					? { finalistId: input.current.finalistId, at: input.current.signedInAt }
					: null,
				started: starts,
				incidents: incidents.slice(0, 50),
				unsent,
				lastSeqs,
				heads
			}),
			cache: 'no-store'
		});
	} catch {
		return { kind: 'offline', unsent };
	}
	if (!res.ok) {
		const body = await res.json().catch(() => null);
		const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
		return {
			kind: 'refused',
			unsent,
			message: serverMessage(body),
			code: typeof code === 'string' ? code : undefined
		};
	}
	const view = (await res.json()) as DeviceView;
	await settle(KEYS.starts, starts, (a, b) => a.attemptId === b.attemptId && a.at === b.at);
	await settle(
		KEYS.incidents,
		incidents.slice(0, 50),
		(a, b) => a.attemptId === b.attemptId && a.at === b.at
	);
	await saveClockOffset(offsetOf(sentAt, Date.now(), view.now));
	await set(KEYS.view, view);
	await applyView(view, sentAt);
	await input.afterView?.(view, sentAt);
	if (pending.length > 0 || starts.length > 0) {
		await flushAll({ db, fetch: (...a) => fetch(...a), now: () => Date.now() });
	}
	return { kind: 'ok', unsent, view, sentAt };
}

/** Brings the local attempts in line with what the server says of them (asked at `sentAt`). */
export async function applyView(view: DeviceView, sentAt: number): Promise<void> {
	const db = localDb();
	for (const f of view.finalists) {
		if (!f.attemptId || !f.state) continue;
		const held = await db.attempts.get(f.attemptId);
		if (held)
			await db.attempts.update(f.attemptId, {
				serverState: f.state as LocalAttempt['serverState'],
				serverStateSentAt: sentAt
			});
	}
	for (const attemptId of view.movedAway) {
		const held = await db.attempts.get(attemptId);
		if (held?.venue && !held.venue.movedAway)
			await db.attempts.update(attemptId, { venue: { ...held.venue, movedAway: true } });
	}
}

/** Remembers a start until a heartbeat delivers it. */
export async function queueStart(s: Start): Promise<void> {
	const starts = (await get<Start[]>(KEYS.starts)) ?? [];
	await set(KEYS.starts, [...starts.filter((x) => x.attemptId !== s.attemptId), s]);
}

/** Remembers an incident until a heartbeat delivers it (stored first: the tablet may be offline). */
export async function queueIncident(i: TabletIncident): Promise<void> {
	const held = (await get<TabletIncident[]>(KEYS.incidents)) ?? [];
	await set(KEYS.incidents, [...held, i]);
}
