// The proctor's answer to a tablet waiting for approval, besides approving it: rejecting it.
// A rejected tablet's row goes (a pending tablet holds nothing: no seat, no finalist, no
// answer), its token with it; a real tablet rejected by mistake enrols again with the code.
// With no tablet named, every tablet still waiting goes: what a proctor does when someone who
// saw the code has enrolled many (enrol.ts bounds how many), before showing a new code.
import { failure } from '../../failure';
import type { Handler } from './context';

export const reject: Handler<{ action: 'reject'; deviceId: string | null }> = async (c, a) => {
	const { tx, roomId } = c;
	if (a.deviceId !== null) {
		const device = await tx
			.selectFrom('device')
			.select(['room_id', 'status'])
			.where('id', '=', a.deviceId)
			.executeTakeFirst();
		if (!device || device.room_id !== roomId) return failure('noDevice');
		if (device.status !== 'pending') return failure('notPending');
	}
	let q = tx.deleteFrom('device').where('room_id', '=', roomId).where('status', '=', 'pending');
	if (a.deviceId !== null) q = q.where('id', '=', a.deviceId);
	const r = await q.executeTakeFirst();
	return c.done({ ok: true }, { rejected: Number(r.numDeletedRows) });
};
