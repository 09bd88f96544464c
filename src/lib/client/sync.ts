// The sync engine: sends the outbox to the server in batches, idempotently, and submits
// attempts that were submitted on the device. Used by the exam page (loaded once the exam is
// on screen, exam.svelte.ts) and by the service worker's Background Sync, so it depends only
// on Dexie and fetch.
import { clockOffset as offsetOf } from '$lib/exam/timer';
import type { LocalAttempt, OutboxEvent, PhongThiDb, ServerState } from './db';
import { deviceId, saveClockOffset } from './device';
import { serverMessage } from './no-server';
import type { ApiCode } from '$lib/i18n/api.vi';

import { batchOver, MAX_BATCH_EVENTS } from '$lib/exam/batch';

export { MAX_BATCH_EVENTS };

export interface SyncDeps {
	db: PhongThiDb;
	fetch: typeof fetch;
	/** Wall clock of this device (epoch ms). */
	now: () => number;
	/** Origin to send to; '' in a page. */
	baseUrl?: string;
}

export type FlushOutcome =
	| { kind: 'done'; state?: ServerState; serverNow?: number }
	| { kind: 'offline' }
	| { kind: 'retry'; reason: string };

interface SyncResponse {
	acked: number;
	state: ServerState;
	now: number;
}

class Offline extends Error {}

async function post(
	deps: SyncDeps,
	path: string,
	token: string,
	body: unknown
): Promise<{ status: number; json: unknown; sentAt: number; receivedAt: number }> {
	const sentAt = deps.now();
	let res: Response;
	try {
		res = await deps.fetch(`${deps.baseUrl ?? ''}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify(body),
			cache: 'no-store'
		});
	} catch {
		throw new Offline();
	}
	const receivedAt = deps.now();
	let json: unknown;
	try {
		json = await res.json();
	} catch {
		json = null;
	}
	return { status: res.status, json, sentAt, receivedAt };
}

/** Splits events (ascending seq) into batches within the count and size limits. */
export function batches<T>(events: readonly T[], size = (e: T) => JSON.stringify(e).length): T[][] {
	const out: T[][] = [];
	let current: T[] = [];
	let bytes = 0;
	for (const e of events) {
		const b = size(e) + 1;
		if (current.length > 0 && batchOver(current.length + 1, bytes + b)) {
			out.push(current);
			current = [];
			bytes = 0;
		}
		current.push(e);
		bytes += b;
	}
	if (current.length > 0) out.push(current);
	return out;
}

/** An event as the sync contract carries it (and a tablet's exported log holds it). */
export function wire(e: OutboxEvent) {
	return {
		seq: e.seq,
		questionId: e.questionId,
		choice: e.choice,
		at: e.at,
		elapsedMs: e.elapsedMs,
		hash: e.hash
	};
}

async function pendingOf(db: PhongThiDb, attemptId: string): Promise<OutboxEvent[]> {
	const events = await db.outbox.where('[attemptId+status]').equals([attemptId, 'pending']).toArray();
	return events.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.seq - b.seq));
}

async function noteServer(
	deps: SyncDeps,
	attemptId: string,
	r: SyncResponse,
	sentAt: number,
	receivedAt: number
) {
	await saveClockOffset(offsetOf(sentAt, receivedAt, r.now));
	await deps.db.attempts.update(attemptId, { serverState: r.state, serverStateSentAt: sentAt });
}

/**
 * Sends every pending event of one attempt, then its submission if it was submitted on the
 * device, or else a heartbeat when asked. A batch the server refuses (4xx) is kept aside as
 * `rejected`, never deleted, and later events still go; the network failing stops the run.
 */
export async function flushAttempt(
	deps: SyncDeps,
	attemptId: string,
	opts: { heartbeat?: boolean; deviceId?: string } = {}
): Promise<FlushOutcome> {
	const { db } = deps;
	let last: SyncResponse | undefined;
	try {
		for (let round = 0; round < 4; round++) {
			let attempt = await db.attempts.get(attemptId);
			if (!attempt || attempt.signedOut) return { kind: 'done' };
			if (!attempt.token) {
				if (attempt.unrecorded) return { kind: 'done' };
				const registered = await registerPractice(deps, attempt);
				if (!registered) return { kind: 'done' };
				attempt = registered;
			}
			const pending = await pendingOf(db, attemptId);
			const byDevice = new Map<string, OutboxEvent[]>();
			for (const e of pending) byDevice.set(e.deviceId, [...(byDevice.get(e.deviceId) ?? []), e]);

			for (const [deviceId, events] of byDevice) {
				for (const batch of batches(events, (e) => JSON.stringify(wire(e)).length)) {
					const res = await post(deps, `/api/attempts/${attemptId}/events`, attempt.token, {
						deviceId,
						events: batch.map(wire)
					});
					const keys = batch.map((e) => [e.attemptId, e.deviceId, e.seq] as [string, string, number]);
					if (res.status === 200) {
						last = res.json as SyncResponse;
						// Stored by the server (200): these are sent, whatever `acked` says about gaps.
						await db.outbox.where('[attemptId+deviceId+seq]').anyOf(keys).modify({ status: 'sent' });
						await noteServer(deps, attemptId, last, res.sentAt, res.receivedAt);
					} else if (res.status >= 400 && res.status < 500) {
						const error = serverMessage(res.json);
						await db.outbox
							.where('[attemptId+deviceId+seq]')
							.anyOf(keys)
							.modify({ status: 'rejected', error });
						await db.attempts.update(attemptId, { problem: error });
					} else {
						return { kind: 'retry', reason: `HTTP ${res.status}` };
					}
				}
			}

			if (attempt.localSubmit && attempt.status !== 'submitted') {
				const deviceId = opts.deviceId ?? pending[0]?.deviceId ?? (await anyDevice(db, attemptId));
				const res = await post(deps, `/api/attempts/${attemptId}/submit`, attempt.token, {
					deviceId,
					lastSeq: attempt.localSubmit.lastSeq,
					reason: attempt.localSubmit.reason
				});
				if (res.status === 409) {
					const from = (res.json as { error?: { missingFrom?: number } })?.error?.missingFrom ?? 1;
					// The server lacks some of our events (a refused batch, a lost database): send again.
					await db.outbox
						.where('[attemptId+deviceId+seq]')
						.between([attemptId, deviceId, from], [attemptId, deviceId, Infinity])
						.modify({ status: 'pending' });
					continue;
				}
				if (res.status === 200) {
					const r = res.json as {
						status: string;
						score: number | null;
						max: number | null;
						provisional: boolean;
						receipt: string;
						state: ServerState;
						now: number;
					};
					await saveClockOffset(offsetOf(res.sentAt, res.receivedAt, r.now));
					await db.attempts.update(attemptId, {
						status: 'submitted',
						serverState: r.state,
						serverStateSentAt: res.sentAt,
						result: {
							score: r.score,
							max: r.max,
							provisional: r.provisional,
							receipt: r.receipt,
							status: r.status
						},
						problem: undefined
					});
					return { kind: 'done', state: r.state, serverNow: r.now };
				}
				if (res.status >= 500) return { kind: 'retry', reason: `HTTP ${res.status}` };
				await db.attempts.update(attemptId, { problem: serverMessage(res.json) });
				return { kind: 'done' };
			}

			if (!last && opts.heartbeat && opts.deviceId) {
				const res = await post(deps, `/api/attempts/${attemptId}/events`, attempt.token, {
					deviceId: opts.deviceId,
					events: []
				});
				if (res.status === 200) {
					last = res.json as SyncResponse;
					await noteServer(deps, attemptId, last, res.sentAt, res.receivedAt);
				} else if (res.status >= 500) {
					return { kind: 'retry', reason: `HTTP ${res.status}` };
				}
			}
			return { kind: 'done', state: last?.state, serverNow: last?.now };
		}
		return { kind: 'retry', reason: 'submission still incomplete' };
	} catch (e) {
		if (e instanceof Offline) return { kind: 'offline' };
		throw e;
	}
}

/**
 * Refusals of a practice paper that asking again will not change: the server judged this paper,
 * this candidate or this round. The paper is then kept on the device only (`unrecorded`). Any
 * other refusal (signed out, busy, no usable answer) is asked again at the next flush.
 */
const FINAL_REFUSALS: ReadonlySet<string> = new Set<ApiCode>([
	'noAttemptsLeft',
	'roundClosed',
	'notPractice',
	'notCandidate',
	'tooYoung',
	'unknownQuestion',
	'paperNotByBlueprint',
	'attemptIdTaken'
]);

/**
 * A practice paper drawn on the device is recorded with the server first (signed-in
 * session cookie); the answer: a token, as for any attempt.
 */
async function registerPractice(deps: SyncDeps, attempt: LocalAttempt): Promise<LocalAttempt | null> {
	const paper = attempt.paper;
	if (!('seed' in paper)) return null; // only a paper drawn here carries its seed
	const body = {
		attemptId: attempt.attemptId,
		seed: paper.seed,
		// The token the server returns speaks for this device only.
		deviceId: await deviceId(),
		startedAt: attempt.startedAt,
		questions: paper.questions.map((q) => ({
			id: q.id,
			version: q.version,
			options: q.options.map((o) => o.id)
		}))
	};
	let res: Response;
	try {
		res = await deps.fetch(
			`${deps.baseUrl ?? ''}/api/rounds/${encodeURIComponent(attempt.roundId)}/attempts`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				credentials: 'same-origin'
			}
		);
	} catch {
		throw new Offline();
	}
	const json = await res.json().catch(() => null);
	if (!res.ok) {
		const code = (json as { error?: { code?: unknown } } | null)?.error?.code;
		const unrecorded = res.status < 500 && typeof code === 'string' && FINAL_REFUSALS.has(code);
		await deps.db.attempts.update(attempt.attemptId, {
			problem: serverMessage(json),
			...(unrecorded ? { unrecorded } : {})
		});
		return null;
	}
	const update = {
		token: json.token as string,
		deadline: json.deadline as number,
		startedAt: json.startedAt as number,
		problem: undefined
	};
	await deps.db.attempts.update(attempt.attemptId, update);
	return { ...attempt, ...update };
}

async function anyDevice(db: PhongThiDb, attemptId: string): Promise<string> {
	const head = await db.chains
		.where('[attemptId+deviceId]')
		.between([attemptId, ''], [attemptId, '\uffff'])
		.first();
	return head?.deviceId ?? 'none';
}

/** Attempts on this device with something left to send. */
export async function attemptsToFlush(db: PhongThiDb): Promise<string[]> {
	const pending = await db.outbox.where('status').equals('pending').toArray();
	const ids = new Set(pending.map((e) => e.attemptId));
	const unsubmitted = await db.attempts.where('status').equals('submitted-local').toArray();
	for (const a of unsubmitted) ids.add(a.attemptId);
	// A practice paper the server will not record has nothing left to send.
	const unrecorded = await db.attempts.filter((a) => a.unrecorded === true).primaryKeys();
	for (const id of unrecorded) ids.delete(id);
	return [...ids];
}

/** Flushes everything on the device (the service worker's Background Sync calls this). */
export async function flushAll(deps: SyncDeps): Promise<FlushOutcome[]> {
	const out: FlushOutcome[] = [];
	for (const id of await attemptsToFlush(deps.db)) out.push(await flushAttempt(deps, id));
	return out;
}

/** Exponential back-off with jitter: 1 s, 2 s, 4 s … up to 30 s, each between half and all of it. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
	const cap = Math.min(30_000, 1000 * 2 ** Math.max(0, failures));
	return Math.round(cap / 2 + (random() * cap) / 2);
}

export type { LocalAttempt };
