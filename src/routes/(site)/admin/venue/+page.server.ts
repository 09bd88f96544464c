import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { wholeNumberField } from '$lib/server/http';
import { app } from '$lib/server/app';
import {
	addFinalist,
	assignProctor,
	assignSeats,
	promoteFinalists,
	removeFinalist,
	unassignProctor,
	venueOverview
} from '$lib/server/venue-admin';
import { roomLayouts, setRoomLayout } from '$lib/server/venue/layout';
import { finaliseRoom } from '$lib/server/venue-export';
import { fmt, messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

async function finalRound() {
	const { db } = await app();
	return db
		.selectFrom('round')
		.select(['id', 'name'])
		.where('kind', '=', 'final')
		.orderBy('opens_at', 'desc')
		.executeTakeFirst();
}

export const load: PageServerLoad = async () => {
	const { db } = await app();
	const final = await finalRound();
	const qualifying = await db
		.selectFrom('round')
		.select(['id', 'name'])
		.where('kind', '=', 'qualifying')
		.orderBy('opens_at')
		.execute();
	return {
		final: final ?? null,
		qualifying,
		overview: final ? await venueOverview(db, final.id) : null,
		layouts: final ? await roomLayouts(db, final.id) : {}
	};
};

const form = async (request: Request) => Object.fromEntries(await request.formData());

export const actions: Actions = {
	promote: async ({ request, locals }) => {
		const parsed = z
			.object({
				fromRoundId: z.string().min(1),
				topOverall: wholeNumberField(0, 10_000),
				topPerUnit: wholeNumberField(0, 1000)
			})
			.safeParse(await form(request));
		const final = await finalRound();
		if (!parsed.success || !final) return fail(400, { ok: false, message: 'Dữ liệu không hợp lệ.' });
		const r = await promoteFinalists((await app()).db, {
			finalRoundId: final.id,
			...parsed.data,
			actorId: locals.user!.id
		});
		return r.ok
			? { ok: true, message: `Đã thêm ${r.added} thí sinh vào vòng chung kết.` }
			: fail(400, { ok: false, message: r.message });
	},
	add: async ({ request, locals }) => {
		const login = String((await form(request)).login ?? '');
		const final = await finalRound();
		if (!final || !login)
			return fail(400, { ok: false, message: 'Vui lòng nhập số định danh hoặc số điện thoại.' });
		const r = await addFinalist((await app()).db, {
			finalRoundId: final.id,
			login,
			actorId: locals.user!.id
		});
		return r.ok
			? { ok: true, message: `Đã thêm thí sinh, SBD ${r.sbd}.` }
			: fail(400, { ok: false, message: r.message });
	},
	remove: async ({ request, locals }) => {
		const r = await removeFinalist(
			(await app()).db,
			String((await form(request)).finalistId ?? ''),
			locals.user!.id
		);
		return r.ok ? { ok: true, message: 'Đã xóa.' } : fail(400, { ok: false, message: r.message });
	},
	seat: async ({ locals }) => {
		const final = await finalRound();
		if (!final) return fail(400, { ok: false, message: 'Chưa có vòng chung kết.' });
		const n = await assignSeats((await app()).db, final.id, locals.user!.id);
		return { ok: true, message: `Đã xếp ghế cho ${n} thí sinh.` };
	},
	proctor: async ({ request, locals }) => {
		const f = await form(request);
		const input = {
			roomId: String(f.roomId ?? ''),
			userId: String(f.userId ?? ''),
			actorId: locals.user!.id
		};
		if (f.remove) {
			await unassignProctor((await app()).db, input);
			return { ok: true, message: 'Đã bỏ phân công.' };
		}
		const r = await assignProctor((await app()).db, input);
		return r.ok
			? { ok: true, message: 'Đã phân công giám thị.' }
			: fail(400, { ok: false, message: r.message });
	},
	layout: async ({ request, locals }) => {
		const m = messages(locals.locale).console.layout;
		const f = await form(request);
		const r = await setRoomLayout((await app()).db, {
			roomId: String(f.roomId ?? ''),
			rows: Number(f.rows),
			cols: Number(f.cols),
			actorId: locals.user!.id
		});
		if (r.ok) return { ok: true, message: fmt(m.saved, { rows: r.rows, cols: r.cols }) };
		return fail(400, {
			ok: false,
			message:
				r.code === 'tooSmall'
					? fmt(m.tooSmall, { rows: Number(f.rows), cols: Number(f.cols), cells: r.cells, seats: r.seats })
					: m.invalid
		});
	},
	finalise: async ({ request, locals }) => {
		const r = await finaliseRoom(
			(await app()).db,
			String((await form(request)).roomId ?? ''),
			locals.user!.id
		);
		return r.ok ? { ok: true, message: 'Đã chốt phòng thi.' } : fail(409, { ok: false, message: r.message });
	}
};
