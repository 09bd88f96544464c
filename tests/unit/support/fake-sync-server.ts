// A server that keeps the sync contract (DESIGN.md) for client unit tests: stores events by
// seq, answers 409 for a submit past what it holds; hooks make it misbehave. And a running
// attempt as the device stores it.
import type { LocalAttempt } from '../../../src/lib/client/db';

/** A running qualifying attempt of 25 minutes, started now, as the device holds it. */
export function localAttempt(attemptId: string, extra: Partial<LocalAttempt> = {}): LocalAttempt {
	const now = Date.now();
	return {
		attemptId,
		userId: 'u',
		roundId: 'r',
		roundName: 'R',
		kind: 'qualifying',
		token: 'tok',
		paper: { questions: [] },
		startedAt: now,
		deadline: now + 1_500_000,
		durationMs: 1_500_000,
		graceMs: 120_000,
		tiebreakPrompt: null,
		review: false,
		status: 'running',
		flagged: [],
		...extra
	};
}
/** A paper of the given questions, each with options a and b, as the device holds it. */
export function twoOptionPaper(ids: string[]): LocalAttempt['paper'] {
	return {
		questions: ids.map((id) => ({
			id,
			version: 1,
			topic: 't',
			text: `${id}?`,
			options: [
				{ id: 'a', text: 'A' },
				{ id: 'b', text: 'B' }
			]
		}))
	};
}

export interface Sent {
	path: string;
	body: { deviceId: string; events?: { seq: number }[]; lastSeq?: number };
}

/** A server that stores events by seq and answers as the contract says; hooks make it misbehave. */
export class FakeServer {
	held = new Map<number, unknown>();
	sent: Sent[] = [];
	refuse: (body: Sent['body']) => number | null = () => null;
	down = false;
	/** The first submit is answered 409 from this seq, as when the server lost events. */
	missingFrom: number | null = null;

	get acked(): number {
		let n = 0;
		while (this.held.has(n + 1)) n++;
		return n;
	}

	/** The server's clock, sent as `now` in every answer. */
	clock: () => number = () => 5_000;
	/** What GET …/answers returns: events other devices sent (a resume elsewhere). */
	others: unknown[] = [];

	fetch = (async (url: string, init: RequestInit) => {
		if (this.down) throw new TypeError('Failed to fetch');
		if (url.endsWith('/answers')) return jsonResponse(200, { events: this.others });
		const body = JSON.parse(String(init.body)) as Sent['body'];
		this.sent.push({ path: url, body });
		const status = this.refuse(body);
		if (status !== null) return jsonResponse(status, { error: { code: 'x', message: `refused ${status}` } });
		const state = { status: 'running', deadline: 10_000_000 };
		if (url.endsWith('/events')) {
			for (const e of body.events ?? []) this.held.set(e.seq, e);
			return jsonResponse(200, { acked: this.acked, state, now: this.clock() });
		}
		if (this.missingFrom !== null) {
			const from = this.missingFrom;
			this.missingFrom = null;
			for (const seq of [...this.held.keys()]) if (seq >= from) this.held.delete(seq);
			return jsonResponse(409, { error: { code: 'missingEvents', message: 'm', missingFrom: from } });
		}
		if ((body.lastSeq ?? 0) > this.acked) {
			return jsonResponse(409, {
				error: { code: 'missingEvents', message: 'm', missingFrom: this.acked + 1 }
			});
		}
		return jsonResponse(200, {
			status: 'submitted',
			score: 3,
			max: 30,
			provisional: true,
			receipt: 'r',
			state: { status: 'submitted', deadline: 10_000_000 },
			now: this.clock()
		});
	}) as unknown as typeof fetch;
}

export function jsonResponse(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
