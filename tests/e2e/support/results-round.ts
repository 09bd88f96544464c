// Candidates taking a round through the JSON API with a chosen number of right answers, and
// the organiser's sign-in: the set-up of the results and prizes tests.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { SHARED_DB, withDb } from './fixtures';
import { ORGANISER, signInStaff } from './hall';

export interface Entrant {
	name: string;
	nationalId: string;
	phone: string;
	birthDate: string;
	publishName: boolean;
	right: number;
	unitId?: string;
	address?: string;
}

async function readPaperKey(attemptId: string): Promise<Map<string, string[]>> {
	const row = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('attempt_paper')
			.select('paper')
			.where('attempt_id', '=', attemptId)
			.executeTakeFirstOrThrow()
	);
	const paper = JSON.parse(row.paper) as {
		questions: { id: string; correct: string[]; options: { id: string }[] }[];
	};
	return new Map(paper.questions.map((q) => [q.id, q.correct]));
}

/** Ends the round's window now, as if its closing time had passed. */
export async function closeRound(roundId: string) {
	await withDb(SHARED_DB, (db) =>
		db
			.updateTable('round')
			.set({ closes_at: Date.now() - 1000 })
			.where('id', '=', roundId)
			.execute()
	);
}

/** Registers, signs in and takes the round through the JSON API with `right` correct answers. */
export async function takeRound(request: APIRequestContext, roundId: string, who: Entrant) {
	const { chainEvent } = await import('../../../src/lib/exam/events');
	const res = await request.post('/api/candidates', {
		data: {
			fullName: who.name,
			birthDate: who.birthDate,
			gender: who.nationalId[3] === '1' || who.nationalId[3] === '3' ? 'female' : 'male',
			nationalId: who.nationalId,
			phone: who.phone,
			address: who.address ?? 'Mỹ Tho',
			unitId: who.unitId ?? 'my-tho',
			password: 'MatKhau2026',
			publishName: who.publishName
		}
	});
	expect(res.status(), await res.text()).toBe(201);
	expect(
		(await request.post('/api/session', { data: { login: who.phone, password: 'MatKhau2026' } })).status()
	).toBe(200);
	const started = await (
		await request.post(`/api/rounds/${roundId}/attempts`, { data: { deviceId: 'api-1' } })
	).json();
	const key = await readPaperKey(started.attemptId);
	const events = [];
	let prev = started.attemptId;
	for (const [i, q] of (started.paper.questions as { id: string; options: { id: string }[] }[]).entries()) {
		const right = key.get(q.id)![0];
		const choice = i < who.right ? right : q.options.find((o) => o.id !== right)!.id;
		const e = await chainEvent(prev, {
			seq: i + 1,
			questionId: q.id,
			choice,
			at: Date.now(),
			elapsedMs: 1000 * (i + 1)
		});
		events.push(e);
		prev = e.hash;
	}
	const auth = { authorization: `Bearer ${started.token}` };
	expect(
		(
			await request.post(`/api/attempts/${started.attemptId}/events`, {
				data: { deviceId: 'api-1', events },
				headers: auth
			})
		).status()
	).toBe(200);
	const submitted = await request.post(`/api/attempts/${started.attemptId}/submit`, {
		data: { deviceId: 'api-1', lastSeq: events.length, reason: 'candidate' },
		headers: auth
	});
	expect(await submitted.json()).toMatchObject({ status: 'submitted', score: who.right });
}

export async function signInOrganiser(page: Page) {
	await signInStaff(page, ORGANISER);
	await expect(page).toHaveURL(/\/admin$/);
}
