// Admission tickets to the final: the same facts on the finalist's dashboard and on the
// organiser's printed sheet — who (name and birth date, the second check beside the identity
// card), where (room, seat, address) and when (date and time to arrive).
import QRCode from 'qrcode';
import type { Db } from '../db';
import { getPage } from '../pages';
import { isClosed } from '../attempts/wire';

export interface AdmissionTicket {
	finalistId: string;
	roundName: string;
	sbd: string;
	name: string;
	/** ISO date "1993-04-05", as registered. */
	birthDate: string;
	unitName: string;
	roomName: string | null;
	seatLabel: string | null;
	/** When finalists arrive: the final round's opening time. */
	startsAt: number;
	/** The room's own address, or the venue page the organiser writes ("dia-diem"). */
	address: string;
	/** A data URL: what a proctor's phone reads at the door. */
	qr: string;
}

/** The printed ticket also carries the PIN, which the candidate's online ticket never shows. */
export interface PrintedTicket extends AdmissionTicket {
	pin: string;
}

function finalists(db: Db) {
	return db
		.selectFrom('finalist')
		.innerJoin('round', 'round.id', 'finalist.round_id')
		.innerJoin('app_user', 'app_user.id', 'finalist.user_id')
		.leftJoin('candidate_profile', 'candidate_profile.user_id', 'finalist.user_id')
		.leftJoin('unit', 'unit.id', 'candidate_profile.unit_id')
		.leftJoin('room', 'room.id', 'finalist.room_id')
		.leftJoin('seat', 'seat.id', 'finalist.seat_id')
		.leftJoin('attempt', 'attempt.id', 'finalist.attempt_id')
		.select([
			'finalist.id',
			'finalist.sbd',
			'finalist.pin',
			'round.name as round_name',
			'round.opens_at',
			'app_user.full_name',
			'candidate_profile.birth_date',
			'unit.name as unit_name',
			'room.name as room_name',
			'room.settings as room_settings',
			'seat.label as seat_label',
			'attempt.status as attempt_status'
		]);
}

type Row = Awaited<ReturnType<ReturnType<typeof finalists>['execute']>>[number];

function roomAddress(settings: string | null): string {
	try {
		const s = JSON.parse(settings ?? '{}') as { address?: unknown };
		return typeof s.address === 'string' ? s.address.trim() : '';
	} catch {
		// A room's settings are the organiser's; an unreadable one has no address.
		return '';
	}
}

async function toTicket(r: Row, venueAddress: string): Promise<PrintedTicket> {
	// The SBD and the ticket's id, nothing secret.
	const qr = await QRCode.toDataURL(`PHONGTHI-TICKET:${r.sbd}:${r.id}`, { margin: 1, width: 240 });
	return {
		finalistId: r.id,
		roundName: r.round_name,
		sbd: r.sbd,
		pin: r.pin,
		name: r.full_name,
		birthDate: r.birth_date ?? '',
		unitName: r.unit_name ?? '',
		roomName: r.room_name ?? null,
		seatLabel: r.seat_label ?? null,
		startsAt: r.opens_at,
		address: roomAddress(r.room_settings) || venueAddress,
		qr
	};
}

const venuePage = async (db: Db) => (await getPage(db, 'dia-diem')).body.trim();

/**
 * A finalist's own ticket (latest final first), without the PIN; null for a non-finalist, and
 * once their paper is collected (submitted, or closed by the lock): the dashboard no longer asks
 * them to bring it.
 */
export async function candidateTicket(db: Db, userId: string): Promise<AdmissionTicket | null> {
	const row = await finalists(db)
		.where('finalist.user_id', '=', userId)
		.orderBy('round.opens_at', 'desc')
		.executeTakeFirst();
	if (!row || (row.attempt_status && isClosed({ status: row.attempt_status }))) return null;
	const { pin, ...ticket } = await toTicket(row, await venuePage(db));
	void pin;
	return ticket;
}

/** Every finalist's ticket of a final round, by SBD, for the organiser to print. */
export async function roundTickets(db: Db, roundId: string): Promise<PrintedTicket[]> {
	const rows = await finalists(db).where('finalist.round_id', '=', roundId).orderBy('finalist.sbd').execute();
	const address = await venuePage(db);
	return Promise.all(rows.map((r) => toTicket(r, address)));
}
