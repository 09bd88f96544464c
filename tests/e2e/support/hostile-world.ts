// A small contest of its own for the hostile-input and authorisation tests: a server on a
// fresh database with two candidates at home, two finalists in two rooms with a proctor
// each, three tablets (two approved and seated, one pending), and read-back helpers that
// fingerprint the database so a test can tell that a refused request changed nothing.
import { createHash, randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { chainEvent, type AnswerEvent, type UnchainedEvent } from '../../../src/lib/exam/events';
import { addFinalist } from '../../../src/lib/server/venue/finalists';
import { createStaff } from '../../../src/lib/server/accounts';
import { registerCandidate, withDb } from './fixtures';
import { TestServer } from './server';

export const ORGANISER = { login: '0900000001', password: 'BanToChuc2026' };
export const PROCTOR1 = { login: '0900000002', password: 'GiamThi2026' };
export const PROCTOR2 = { login: '0933222111', password: 'GiamThi2026' };
export const ROOM1 = 'room-1';
export const ROOM2 = 'room-h2';

export interface Candidate {
	ctx: APIRequestContext;
	login: string;
	password: string;
	nationalId: string;
	userId: string;
	/** Their qualifying attempt at home and its bearer token. */
	attemptId: string;
	token: string;
	deviceId: string;
	/** Events already stored for (attemptId, deviceId). */
	events: AnswerEvent[];
}

export interface Finalist extends Candidate {
	finalistId: string;
	sbd: string;
	pin: string;
	/** The venue attempt drawn when the room was prepared. */
	venueAttemptId: string;
}

export interface Tablet {
	deviceId: string;
	token: string;
	roomId: string;
	/** Events this tablet has stored for its finalist's venue attempt. */
	events: AnswerEvent[];
}

export interface World {
	server: TestServer;
	url: string;
	anon: APIRequestContext;
	organiser: APIRequestContext;
	proctor1: APIRequestContext;
	proctor2: APIRequestContext;
	candA: Candidate;
	candB: Candidate;
	/** A candidate whose attempt was submitted during set-up (for replayed submissions). */
	candC: Candidate & { submitted: Record<string, unknown> };
	fin1: Finalist;
	fin2: Finalist;
	/** Seated in room 1 (seat 2) with no tablet yet, not signed in. */
	fin3: Finalist;
	tablet1: Tablet;
	tablet2: Tablet;
	pending: Tablet;
	close(): Promise<void>;
}

export async function apiContext(
	url: string,
	headers: Record<string, string> = {}
): Promise<APIRequestContext> {
	return playwrightRequest.newContext({ baseURL: url, extraHTTPHeaders: headers });
}

export async function signedIn(
	url: string,
	who: { login: string; password: string }
): Promise<APIRequestContext> {
	const ctx = await apiContext(url);
	const res = await ctx.post('/api/session', { data: { login: who.login, password: who.password } });
	expect(res.status(), await res.text()).toBe(200);
	return ctx;
}

/** Chains `n` answers after `prev` (the attempt id, or the last event's hash). */
export async function chain(
	attemptId: string,
	questionIds: string[],
	from: AnswerEvent[] = [],
	n = 3,
	elapsedFrom = 1000
): Promise<AnswerEvent[]> {
	const out: AnswerEvent[] = [];
	let prev = from.length ? from[from.length - 1].hash : attemptId;
	let seq = from.length;
	for (let i = 0; i < n; i++) {
		seq += 1;
		const e: UnchainedEvent = {
			seq,
			questionId: questionIds[(seq - 1) % questionIds.length],
			choice: null,
			at: Date.now(),
			elapsedMs: elapsedFrom + seq * 1000
		};
		const chained = await chainEvent(prev, e);
		out.push(chained);
		prev = chained.hash;
	}
	return out;
}

async function startHome(ctx: APIRequestContext, deviceId: string, roundId = 'qualifying') {
	// The token speaks for this device only.
	const res = await ctx.post(`/api/rounds/${roundId}/attempts`, { data: { deviceId } });
	expect(res.status(), await res.text()).toBe(201);
	return (await res.json()) as {
		attemptId: string;
		token: string;
		paper: { questions: { id: string; options: { id: string }[] }[] };
	};
}

async function candidate(
	url: string,
	base: APIRequestContext,
	file: string,
	answers = 3
): Promise<Candidate> {
	const who = await registerCandidate(base, url);
	const ctx = await signedIn(url, who);
	const deviceId = `dev-${randomUUID().slice(0, 8)}`;
	const started = await startHome(ctx, deviceId);
	const events = await chain(
		started.attemptId,
		started.paper.questions.map((q) => q.id),
		[],
		answers
	);
	if (events.length) {
		const res = await ctx.post(`/api/attempts/${started.attemptId}/events`, {
			data: { deviceId, events },
			headers: { authorization: `Bearer ${started.token}` }
		});
		expect(res.status(), await res.text()).toBe(200);
		expect((await res.json()).acked).toBe(events.length);
	}
	const userId = await withDb(
		file,
		async (db) =>
			(
				await db
					.selectFrom('app_user')
					.select('id')
					.where('national_id', '=', who.nationalId)
					.executeTakeFirstOrThrow()
			).id
	);
	return {
		ctx,
		login: who.login,
		password: who.password,
		nationalId: who.nationalId,
		userId,
		attemptId: started.attemptId,
		token: started.token,
		deviceId,
		events
	};
}

async function action(ctx: APIRequestContext, roomId: string, body: Record<string, unknown>) {
	const res = await ctx.post(`/api/proctor/rooms/${roomId}/actions`, { data: body });
	expect(res.status(), `${JSON.stringify(body)} → ${await res.text()}`).toBe(200);
	return (await res.json()) as { ok: true; code?: string };
}

async function enrol(
	anon: APIRequestContext,
	code: string,
	deviceId: string,
	roomId: string
): Promise<Tablet> {
	const res = await anon.post('/api/venue/enrol', { data: { code, deviceId, label: deviceId } });
	expect(res.status(), await res.text()).toBe(201);
	return { deviceId, token: (await res.json()).token, roomId, events: [] };
}

/**
 * Starts a server of its own and builds the world. `env` adds to the server's environment
 * (registration and sign-in limits are raised so set-up is never throttled).
 */
export async function buildWorld(name: string, env: Record<string, string> = {}): Promise<World> {
	// Called from a beforeAll: a dozen accounts are created and signed in, each a full scrypt.
	test.setTimeout(300_000);
	const server = new TestServer(name, {
		REGISTRATIONS_PER_ADDRESS_PER_HOUR: '1000000',
		LOGIN_FAILURES_PER_ADDRESS: '1000000',
		LOGIN_FAILURES_PER_ACCOUNT: '1000000',
		LOGIN_FAILURES_PER_ACCOUNT_ADDRESS: '1000000',
		...env
	});
	await server.start();
	const url = server.url;
	const file = server.sqliteFile;
	const anon = await apiContext(url);

	const candA = await candidate(url, anon, file);
	const candB = await candidate(url, anon, file);
	const c = await candidate(url, anon, file, 2);
	const submitRes = await c.ctx.post(`/api/attempts/${c.attemptId}/submit`, {
		data: { deviceId: c.deviceId, lastSeq: c.events.length, reason: 'candidate' },
		headers: { authorization: `Bearer ${c.token}` }
	});
	expect(submitRes.status(), await submitRes.text()).toBe(200);
	const candC = { ...c, submitted: (await submitRes.json()) as Record<string, unknown> };
	const f1 = await candidate(url, anon, file, 0);
	const f2 = await candidate(url, anon, file, 0);
	const f3 = await candidate(url, anon, file, 0);

	// Two rooms of the final, a proctor each, a finalist seated in each.
	const seated = await withDb(file, async (db) => {
		// The final's window includes now: the server refuses a start outside it.
		await db
			.updateTable('round')
			.set({ opens_at: Date.now() - 3_600_000, closes_at: Date.now() + 86_400_000 })
			.where('id', '=', 'final')
			.execute();
		const organiserId = (
			await db.selectFrom('app_user').select('id').where('role', '=', 'organiser').executeTakeFirstOrThrow()
		).id;
		const p1 = (
			await db
				.selectFrom('app_user')
				.select('id')
				.where('phone', '=', PROCTOR1.login)
				.executeTakeFirstOrThrow()
		).id;
		const p2 = await createStaff(
			db,
			{ role: 'proctor', fullName: 'Giám Thị Phòng Hai', phone: PROCTOR2.login, password: PROCTOR2.password },
			organiserId
		);
		await db
			.insertInto('room')
			.values({ id: ROOM2, round_id: 'final', name: 'Phòng 2 — kiểm thử', settings: '{"maxLateStartS":600}' })
			.execute();
		await db
			.insertInto('seat')
			.values({ id: `${ROOM2}-s1`, room_id: ROOM2, label: 'Ghế 1' })
			.execute();
		await db
			.insertInto('room_proctor')
			.values([
				{ room_id: ROOM1, user_id: p1 },
				{ room_id: ROOM2, user_id: p2 }
			])
			.execute();
		const out = [];
		for (const [f, room, seat] of [
			[f1, ROOM1, 1],
			[f2, ROOM2, 1],
			[f3, ROOM1, 2]
		] as const) {
			const r = await addFinalist(db, { finalRoundId: 'final', login: f.nationalId, actorId: organiserId });
			if (!r.ok) throw new Error(r.code);
			await db
				.updateTable('finalist')
				.set({ room_id: room, seat_id: `${room}-s${seat}` })
				.where('sbd', '=', r.sbd)
				.execute();
			out.push(
				await db
					.selectFrom('finalist')
					.select(['id', 'sbd', 'pin'])
					.where('sbd', '=', r.sbd)
					.executeTakeFirstOrThrow()
			);
		}
		return out;
	});

	const organiser = await signedIn(url, ORGANISER);
	const proctor1 = await signedIn(url, PROCTOR1);
	const proctor2 = await signedIn(url, PROCTOR2);

	const code1 = (await action(proctor1, ROOM1, { action: 'enrolCode' })).code!;
	const tablet1 = await enrol(anon, code1, 'tab-room1-seat1', ROOM1);
	const pending = await enrol(anon, code1, 'tab-room1-pending', ROOM1);
	await action(proctor1, ROOM1, { action: 'approve', deviceId: tablet1.deviceId, seatId: `${ROOM1}-s1` });
	const code2 = (await action(proctor2, ROOM2, { action: 'enrolCode' })).code!;
	const tablet2 = await enrol(anon, code2, 'tab-room2-seat1', ROOM2);
	await action(proctor2, ROOM2, { action: 'approve', deviceId: tablet2.deviceId, seatId: `${ROOM2}-s1` });

	const attempts = await withDb(file, (db) =>
		db
			.selectFrom('finalist')
			.select(['id', 'attempt_id'])
			.where(
				'id',
				'in',
				seated.map((s) => s.id)
			)
			.execute()
	);
	const venueAttempt = (id: string) => attempts.find((a) => a.id === id)!.attempt_id!;
	const fin1: Finalist = {
		...f1,
		finalistId: seated[0].id,
		sbd: seated[0].sbd,
		pin: seated[0].pin,
		venueAttemptId: venueAttempt(seated[0].id)
	};
	const fin2: Finalist = {
		...f2,
		finalistId: seated[1].id,
		sbd: seated[1].sbd,
		pin: seated[1].pin,
		venueAttemptId: venueAttempt(seated[1].id)
	};
	const fin3: Finalist = {
		...f3,
		finalistId: seated[2].id,
		sbd: seated[2].sbd,
		pin: seated[2].pin,
		venueAttemptId: venueAttempt(seated[2].id)
	};

	// Finalist 1 signs in on tablet 1; room 1 starts; tablet 1 sends two answers.
	const hb = await anon.post('/api/venue/heartbeat', {
		data: { signedIn: { finalistId: fin1.finalistId, at: Date.now() } },
		headers: { authorization: `Bearer ${tablet1.token}` }
	});
	expect(hb.status(), await hb.text()).toBe(200);
	await action(proctor1, ROOM1, { action: 'start' });
	const paper = await withDb(
		file,
		async (db) =>
			JSON.parse(
				(
					await db
						.selectFrom('attempt_paper')
						.select('paper')
						.where('attempt_id', '=', fin1.venueAttemptId)
						.executeTakeFirstOrThrow()
				).paper
			) as { questions: { id: string }[] }
	);
	tablet1.events = await chain(
		fin1.venueAttemptId,
		paper.questions.map((q) => q.id),
		[],
		2,
		0
	);
	const sent = await anon.post(`/api/attempts/${fin1.venueAttemptId}/events`, {
		data: { deviceId: tablet1.deviceId, events: tablet1.events },
		headers: { authorization: `Bearer ${tablet1.token}` }
	});
	expect(sent.status(), await sent.text()).toBe(200);

	return {
		server,
		url,
		anon,
		organiser,
		proctor1,
		proctor2,
		candA,
		candB,
		candC,
		fin1,
		fin2,
		fin3,
		tablet1,
		tablet2,
		pending,
		async close() {
			for (const ctx of [
				anon,
				organiser,
				proctor1,
				proctor2,
				candA.ctx,
				candB.ctx,
				candC.ctx,
				fin1.ctx,
				fin2.ctx,
				fin3.ctx
			])
				await ctx.dispose();
			await server.stop();
		}
	};
}

// ---------------------------------------------------------------- fingerprints

/** Tables left out of "no data changes": the audit log and the rate-limit counters. */
const SKIP_TABLES = new Set(['audit_log', 'login_attempt']);

export interface Snapshot {
	[table: string]: { rows: number; hash: string };
}

/**
 * Row count and a hash of every row of every table, read from the server's SQLite file.
 * `ignoreColumns` ("table.column") leaves out liveness stamps when a test expects them to move.
 */
export function snapshot(file: string, ignoreColumns: string[] = []): Snapshot {
	const db = new SQLite(file, { readonly: true, fileMustExist: true });
	try {
		const tables = (
			db
				.prepare(
					"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
				)
				.all() as { name: string }[]
		).map((t) => t.name);
		const out: Snapshot = {};
		for (const t of tables) {
			if (SKIP_TABLES.has(t)) continue;
			const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[];
			const hash = createHash('sha256');
			for (const r of rows) {
				for (const c of ignoreColumns) if (c.startsWith(`${t}.`)) delete r[c.slice(t.length + 1)];
				hash.update(
					JSON.stringify(r, (_k, v: unknown) =>
						Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v
					)
				);
				hash.update('\n');
			}
			out[t] = { rows: rows.length, hash: hash.digest('hex') };
		}
		return out;
	} finally {
		db.close();
	}
}

/** The tables whose content differs between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
	const names = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...names]
		.filter((n) => before[n]?.hash !== after[n]?.hash || before[n]?.rows !== after[n]?.rows)
		.sort();
}

/** The server still answers and its process has not exited. */
export async function expectAlive(world: { server: TestServer; url: string }) {
	expect(world.server.child?.exitCode ?? null, 'server process exited').toBeNull();
	const res = await fetch(`${world.url}/api/time`);
	expect(res.status).toBe(200);
	expect(typeof ((await res.json()) as { now: unknown }).now).toBe('number');
}
