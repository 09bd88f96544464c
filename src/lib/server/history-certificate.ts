// A candidate's own certificate: the organiser's certificate set, cut down to the one page
// that is theirs (matched by their standing row, not by name).
import type { Db } from './db';
import { certificatesPdf, prizeWinners } from './results/certificates';
import { prizeFor } from '$lib/exam/collective';
import { resultRound } from './results/publication';

export async function myCertificate(db: Db, roundId: string, userId: string): Promise<Buffer | null> {
	const round = await resultRound(db, roundId);
	if (!round || round.state !== 'published') return null;
	const me = await db
		.selectFrom('round_standing as s')
		.innerJoin('app_user as u', 'u.id', 's.user_id')
		.leftJoin('unit', 'unit.id', 's.unit_id')
		.select(['s.rank', 's.score', 's.max_score', 's.time_used_ms', 'u.full_name', 'unit.name as unit_name'])
		.where('s.round_id', '=', roundId)
		.where('s.user_id', '=', userId)
		.executeTakeFirst();
	const prize = me ? prizeFor(me.rank, round.settings.prizes) : null;
	if (!me || !prize) return null;
	const set = await prizeWinners(db, roundId);
	if (!set) return null;
	return certificatesPdf({
		...set,
		certificates: [
			{
				recipient: me.full_name,
				unitName: me.unit_name ?? '',
				prize,
				collective: false,
				score: { score: me.score, max: me.max_score, timeUsedMs: me.time_used_ms }
			}
		]
	});
}
