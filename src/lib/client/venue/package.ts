// The sealed room package, the keys (released online at Start, or derived from the start code
// read out), the readiness check, and opening the signed-in finalist's paper.
import {
	b64,
	checkShortCode,
	deriveRoomKeys,
	importAesKey,
	isStartCode,
	openJson,
	rawKeyFromB64,
	unwrapPaperKey
} from '$lib/exam/venue-crypto';
import type { PublicPaper } from '$lib/exam/paper';
import { startTimeFromTicks, venueStart } from '$lib/exam/timer';
import { localDb, type LocalAttempt, type VenuePackage } from '../db';
import { clockOffset } from '../device';
import type { Readiness } from '../readiness';
import { venueGet } from './enrol';
import type { Current, DeviceView } from './types';

export async function downloadPackage(token: string): Promise<VenuePackage | null> {
	const res = await venueGet(token, '/api/venue/package');
	if (!res?.ok) return null;
	const pkg = (await res.json()) as Omit<VenuePackage, 'fetchedAt'>;
	const stored: VenuePackage = { ...pkg, fetchedAt: Date.now() };
	await localDb().packages.put(stored);
	return stored;
}

export async function measureReadiness(pkg: VenuePackage | null): Promise<Readiness> {
	const keys = await caches.keys().catch(() => [] as string[]);
	const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
	return {
		// Cached and in control of this page: a reload without network will be served.
		appCached: keys.some((k) => k.startsWith('phongthi-shell')) && !!navigator.serviceWorker?.controller,
		papersCached: pkg?.finalists.length ?? 0,
		clockOffsetMs: await clockOffset(),
		persisted: (await navigator.storage?.persisted?.().catch(() => false)) ?? false,
		freeBytes: estimate?.quota !== undefined ? estimate.quota - (estimate.usage ?? 0) : null
	};
}

export async function storeKeys(roomId: string, paperKey: string, codeKey: string): Promise<void> {
	await localDb().venueKeys.put({ roomId, paperKey, codeKey });
}

/** Online after Start: the server releases the room's keys to an approved tablet. */
export async function fetchKeys(token: string): Promise<{ paperKey: string; codeKey: string } | null> {
	const res = await venueGet(token, '/api/venue/key');
	if (!res?.ok) return null;
	const k = await res.json();
	return { paperKey: k.paperKey, codeKey: k.codeKey };
}

export type CodeKeys =
	| { ok: true; paperKey: string; codeKey: string; roomStart?: number }
	| { ok: false; problem: 'badCode' | 'badTime' };

/**
 * Offline Start: the proctor's 16-character code unwraps the paper key here; the start-time
 * code read out with it says when the room started, so a start typed late is placed by
 * the same rule the server applies. Without it the tablet counts from its own start.
 */
export async function keysFromStartCode(pkg: VenuePackage, code: string, timeCode = ''): Promise<CodeKeys> {
	if (!isStartCode(code)) return { ok: false, problem: 'badCode' };
	let keys;
	let paperKey;
	try {
		keys = await deriveRoomKeys(code, pkg.roomId);
		paperKey = await unwrapPaperKey(keys, pkg.wrappedKey, pkg.roomId);
	} catch {
		return { ok: false, problem: 'badCode' };
	}
	let roomStart: number | undefined;
	if (timeCode.trim()) {
		const t = await checkShortCode(keys.codeKey, pkg.roomId, '', timeCode);
		if (!t || t.action !== 'T') return { ok: false, problem: 'badTime' };
		roomStart = startTimeFromTicks(t.value, Date.now() + ((await clockOffset()) ?? 0));
	}
	const rawPaper = new Uint8Array(await crypto.subtle.exportKey('raw', paperKey));
	const rawCode = new Uint8Array(await crypto.subtle.exportKey('raw', keys.codeKey));
	return { ok: true, paperKey: b64(rawPaper), codeKey: b64(rawCode), roomStart };
}

export interface OpenPaper {
	current: Current;
	pkg: VenuePackage;
	/** A plain copy (IndexedDB cannot store a reactive proxy). */
	view: DeviceView | null;
	token: string;
	viaCode: boolean;
	codeRoomStart?: number;
}

/**
 * Decrypts the signed-in finalist's paper and opens it as a local attempt. Returns the start
 * to report, or null when nothing was opened or the attempt continues one begun elsewhere.
 */
export async function openPaper(o: OpenPaper): Promise<{ attemptId: string; at: number } | null> {
	const { current: cur, pkg, view } = o;
	const db = localDb();
	if (await db.attempts.get(cur.attemptId)) return null;
	const keys = await db.venueKeys.get(pkg.roomId);
	const entry = pkg.finalists.find((f) => f.attemptId === cur.attemptId);
	if (!keys || !entry) return null;
	const paper = await openJson<PublicPaper>(
		await importAesKey(rawKeyFromB64(keys.paperKey)),
		entry.paper,
		entry.attemptId
	);
	const served = view?.finalists.find((f) => f.attemptId === cur.attemptId);
	const offset = (await clockOffset()) ?? 0;
	const ownStart = Date.now() + offset;
	const roomStart = view?.room.startedAt ?? o.codeRoomStart ?? null;
	// Started with the room, or late: the same rule the server applies (venueStart).
	let startedAt = roomStart === null ? ownStart : venueStart(roomStart, ownStart, pkg.maxLateMs).startedAt;
	let deadline = startedAt + pkg.durationMs;
	// Moved here mid-exam (to a spare, or this tablet approved to the seat in place of theirs),
	// having begun (the server says so: `continues`): continue from the answers and time the
	// server holds. This is no start: the attempt keeps its start and deadline, and no start is
	// reported (the server counts none: heartbeat.ts). One who had not begun begins here.
	let baseAnswers: LocalAttempt['baseAnswers'];
	let elapsedMs = Math.max(0, ownStart - startedAt);
	let continued = false;
	if (
		!o.viaCode &&
		served &&
		(served.state?.status === 'running' || served.state?.status === 'paused') &&
		served.continues
	) {
		const res = await venueGet(o.token, `/api/venue/attempts/${cur.attemptId}/continue`);
		if (res?.ok) {
			const c = await res.json();
			baseAnswers = c.answers;
			elapsedMs = c.elapsedMs;
			continued = true;
			startedAt = served.state.startedAt ?? startedAt;
			deadline = served.state.deadline ?? deadline;
		}
	}
	const attempt: LocalAttempt = {
		attemptId: cur.attemptId,
		userId: cur.finalistId,
		roundId: pkg.roomId,
		roundName: pkg.roomName,
		kind: 'final',
		token: o.token,
		paper,
		startedAt,
		deadline,
		durationMs: pkg.durationMs,
		graceMs: 0,
		tiebreakPrompt: null,
		review: false,
		status: 'running',
		flagged: [],
		serverState: served?.state ? (served.state as LocalAttempt['serverState']) : undefined,
		baseAnswers,
		venue: {
			roomId: pkg.roomId,
			seatId: entry.seatId,
			finalistId: cur.finalistId,
			sbd: cur.sbd,
			name: cur.name,
			codes: [],
			codeExtensionMs: 0,
			lockedByCode: false,
			// Taken off this tablet already (it left the seat, or the finalist was moved): it counts nothing.
			movedAway: view?.movedAway.includes(cur.attemptId) ?? false,
			roomStartedAt: roomStart,
			...(continued ? { continued } : {})
		}
	};
	await db.attempts.put(attempt);
	// The timer starts from the finalist's own start (late) or the room's start.
	await db.checkpoints.put({ attemptId: attempt.attemptId, elapsedMs, wallMs: Date.now() });
	return continued ? null : { attemptId: attempt.attemptId, at: ownStart };
}

/**
 * A finalist moved to this tablet: the answers the server holds, again, for those their old
 * tablet delivered after the move (it was offline with some unsent). Kept as the attempt's base,
 * newer (`baseAt`), when they differ; the exam session shows them where this tablet has not
 * answered (exam.svelte.ts `#takeBase`).
 */
export async function refreshContinued(token: string, attemptId: string): Promise<void> {
	const db = localDb();
	const a = await db.attempts.get(attemptId);
	if (!a?.venue?.continued || a.status !== 'running') return;
	const res = await venueGet(token, `/api/venue/attempts/${attemptId}/continue`);
	const answers = res?.ok
		? ((await res.json()) as { answers?: LocalAttempt['baseAnswers'] }).answers
		: undefined;
	if (!answers || JSON.stringify(answers) === JSON.stringify(a.baseAnswers ?? {})) return;
	await db.attempts.update(attemptId, { baseAnswers: answers, baseAt: Date.now() });
}
