// The organiser's finalists: promoted from the qualifying round or added by hand, each with a
// số báo danh and a PIN, seated in the round's rooms.
import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../db';
import { roundRanking } from '../results';
import { audit } from '../audit';
import { failure, type Failure } from '../failure';
import { excludedAccounts, exclusionOf } from '../exclusions';
import { lockedRead } from '../attempts';

/** Natural order: Ghế 2 before Ghế 10. */
export const bySeat = new Intl.Collator('vi', { numeric: true }).compare;

/** Số báo danh: CK001, CK002 … in the order finalists were added. */
function sbdOf(n: number): string {
	return `CK${String(n).padStart(3, '0')}`;
}

function pin(): string {
	return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** A finalist's row as added: a number and a PIN, no room, seat, paper or tablet yet. */
function newFinalist(roundId: string, userId: string, sbd: string, source: 'auto' | 'manual', now: number) {
	return {
		id: randomUUID(),
		round_id: roundId,
		user_id: userId,
		sbd,
		pin: pin(),
		pin_verifier: null,
		source,
		room_id: null,
		seat_id: null,
		attempt_id: null,
		device_id: null,
		signed_in_at: null,
		lost: 0,
		created_at: now
	};
}

/**
 * The final round's row, locked until the transaction ends: the list's writers (promote, add,
 * assign seats) run one after another behind it. Each reads who is already listed and the next số báo danh,
 * then inserts; two at once under READ COMMITTED both read the same list and both inserted,
 * and the unique keys (round, sbd) and (round, user) answered one of them with a 500. On
 * PostgreSQL the next writer waits here for this one's commit and its reads see what it added;
 * SQLite's one connection runs each transaction whole. FOR NO KEY UPDATE (`lockedRead`) does
 * not hold up an attempt's insert, which only takes the round's key.
 */
function lockFinalRound(tx: Db, roundId: string) {
	return lockedRead(tx, tx.selectFrom('round').select(['id', 'kind']).where('id', '=', roundId))
		.executeTakeFirst()
		.then((r) => r !== undefined && r.kind === 'final');
}

async function nextSbdNumber(db: Db, roundId: string): Promise<number> {
	const rows = await db.selectFrom('finalist').select('sbd').where('round_id', '=', roundId).execute();
	return rows.reduce((max, r) => Math.max(max, Number(r.sbd.replace(/\D/g, '')) || 0), 0) + 1;
}

/** A candidate the exclusion list kept out of the final, whom the ranking would have chosen. */
export interface LeftOut {
	name: string;
	rank: number;
	reason: string;
}

/**
 * Promotes the top `topOverall` of the qualifying round's ranking, and the top `topPerUnit`
 * of each unit, to the final. Candidates already promoted keep their number and PIN. Someone
 * on the exclusion list takes no place: those ranked below move up into it (a place is the
 * rank less the excluded ranked above), and each one the ranking would have chosen is named
 * in `leftOut`, for the organiser to see.
 */
export async function promoteFinalists(
	db: Db,
	input: {
		finalRoundId: string;
		fromRoundId: string;
		topOverall: number;
		topPerUnit: number;
		actorId: string;
	},
	now = Date.now()
): Promise<{ ok: true; added: number; leftOut: LeftOut[] } | Failure> {
	const final = await db
		.selectFrom('round')
		.select(['id', 'kind'])
		.where('id', '=', input.finalRoundId)
		.executeTakeFirst();
	if (!final || final.kind !== 'final') return failure('noFinalRound');
	const ranking = await roundRanking(db, input.fromRoundId);
	const units = new Map(
		(
			await db
				.selectFrom('candidate_profile')
				.select(['user_id', 'unit_id'])
				.where('user_id', 'in', ranking.length ? ranking.map((r) => r.candidateId) : [''])
				.execute()
		).map((p) => [p.user_id, p.unit_id])
	);
	const excluded = await excludedAccounts(db);
	const excludedRanks = ranking.filter((r) => excluded.has(r.candidateId)).map((r) => r.rank);
	const chosen: string[] = [];
	const leftOut: LeftOut[] = [];
	const perUnit = new Map<string, number>();
	for (const r of ranking) {
		const unit = units.get(r.candidateId) ?? '';
		const inUnit = perUnit.get(unit) ?? 0;
		const place = r.rank - excludedRanks.filter((rank) => rank < r.rank).length;
		if (place > input.topOverall && inUnit >= input.topPerUnit) continue;
		const who = excluded.get(r.candidateId);
		if (who === undefined) {
			chosen.push(r.candidateId);
			perUnit.set(unit, inUnit + 1);
		} else leftOut.push({ name: who.name, rank: r.rank, reason: who.reason });
	}
	return db.transaction().execute(async (tx) => {
		if (!(await lockFinalRound(tx, input.finalRoundId))) return failure('noFinalRound');
		let added = 0;
		const held = new Set(
			(
				await tx.selectFrom('finalist').select('user_id').where('round_id', '=', input.finalRoundId).execute()
			).map((f) => f.user_id)
		);
		let n = await nextSbdNumber(tx, input.finalRoundId);
		for (const userId of chosen) {
			if (held.has(userId)) continue;
			await tx
				.insertInto('finalist')
				.values(newFinalist(input.finalRoundId, userId, sbdOf(n++), 'auto', now))
				.execute();
			added++;
		}
		await audit(
			tx,
			{
				actorId: input.actorId,
				action: 'finalists.promote',
				target: input.finalRoundId,
				detail: { ...input, added, leftOut: leftOut.map((l) => ({ rank: l.rank, reason: l.reason })) }
			},
			now
		);
		return { ok: true as const, added, leftOut };
	});
}

/** Adds one candidate by national id or phone, by hand. */
export async function addFinalist(
	db: Db,
	input: { finalRoundId: string; login: string; actorId: string },
	now = Date.now()
): Promise<{ ok: true; sbd: string } | Failure> {
	const login = input.login.trim();
	const user = await db
		.selectFrom('app_user')
		.innerJoin('candidate_profile', 'candidate_profile.user_id', 'app_user.id')
		.select('app_user.id')
		.where((eb) => eb.or([eb('app_user.national_id', '=', login), eb('app_user.phone', '=', login)]))
		.executeTakeFirst();
	if (!user) return failure('noCandidate');
	const reason = await exclusionOf(db, user.id);
	if (reason !== null) return failure('excluded', { reason });
	return db.transaction().execute(async (tx) => {
		// The check and the number under the round's lock: the same candidate added five times at
		// once is listed once, five different ones get five numbers.
		if (!(await lockFinalRound(tx, input.finalRoundId))) return failure('noFinalRound');
		const held = await tx
			.selectFrom('finalist')
			.select('sbd')
			.where('round_id', '=', input.finalRoundId)
			.where('user_id', '=', user.id)
			.executeTakeFirst();
		if (held) return failure('alreadyFinalist', { sbd: held.sbd });
		const sbd = sbdOf(await nextSbdNumber(tx, input.finalRoundId));
		await tx
			.insertInto('finalist')
			.values(newFinalist(input.finalRoundId, user.id, sbd, 'manual', now))
			.execute();
		await audit(
			tx,
			{ actorId: input.actorId, action: 'finalists.add', target: user.id, detail: { sbd } },
			now
		);
		return { ok: true as const, sbd };
	});
}

/** Removes a finalist who has not started. */
export async function removeFinalist(
	db: Db,
	finalistId: string,
	actorId: string,
	now = Date.now()
): Promise<{ ok: true } | Failure> {
	const f = await db.selectFrom('finalist').selectAll().where('id', '=', finalistId).executeTakeFirst();
	if (!f) return failure('noFinalist');
	if (f.attempt_id) return failure('paperPrepared');
	return db.transaction().execute(async (tx) => {
		// Only while still without a paper: the room's preparation may have drawn one since the
		// read above (prepare.ts). It holds the finalist's row until it commits; on PostgreSQL
		// this delete waits for it and then finds the paper, and no attempt is left with no one.
		const gone = await tx
			.deleteFrom('finalist')
			.where('id', '=', finalistId)
			.where('attempt_id', 'is', null)
			.executeTakeFirst();
		if (Number(gone.numDeletedRows) === 0) {
			const still = await tx
				.selectFrom('finalist')
				.select('id')
				.where('id', '=', finalistId)
				.executeTakeFirst();
			return failure(still ? 'paperPrepared' : 'noFinalist');
		}
		await audit(tx, { actorId, action: 'finalists.remove', target: f.user_id, detail: { sbd: f.sbd } }, now);
		return { ok: true as const };
	});
}

/**
 * Seats every finalist without a seat in the first free seat of the round's rooms, behind the
 * round's lock as the list's other writers: pressed three times at once on PostgreSQL, each
 * read the same unseated finalists and each said it had seated them all.
 */
export async function assignSeats(
	db: Db,
	finalRoundId: string,
	actorId: string,
	now = Date.now()
): Promise<number> {
	return db.transaction().execute(async (tx) => {
		if (!(await lockFinalRound(tx, finalRoundId))) return 0;
		const seats = (
			await tx
				.selectFrom('seat')
				.innerJoin('room', 'room.id', 'seat.room_id')
				.select(['seat.id', 'seat.room_id', 'seat.label'])
				.where('room.round_id', '=', finalRoundId)
				.execute()
		).sort((a, b) => bySeat(a.room_id, b.room_id) || bySeat(a.label, b.label));
		const finalists = await tx
			.selectFrom('finalist')
			.select(['id', 'seat_id'])
			.where('round_id', '=', finalRoundId)
			.orderBy('sbd')
			.execute();
		const taken = new Set(finalists.map((f) => f.seat_id).filter(Boolean));
		const free = seats.filter((s) => !taken.has(s.id));
		let seated = 0;
		for (const f of finalists.filter((x) => !x.seat_id)) {
			const seat = free.shift();
			if (!seat) break;
			await tx
				.updateTable('finalist')
				.set({ seat_id: seat.id, room_id: seat.room_id })
				.where('id', '=', f.id)
				.execute();
			seated++;
		}
		await audit(tx, { actorId, action: 'finalists.seat', target: finalRoundId, detail: { seated } }, now);
		return seated;
	});
}
