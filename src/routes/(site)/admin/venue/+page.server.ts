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
	venueOverview,
	finaliseRoom
} from '$lib/server/venue';
import { roomLayouts, setRoomLayout } from '$lib/server/venue/layout';
import type { Failure } from '$lib/server/failure';
import { fmt, messages, type Locale, type Messages } from '$lib/i18n';
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

type Refused = keyof Messages['venueAdmin']['refused'];
const text = (locale: Locale) => messages(locale).venueAdmin;
const done = (
	locale: Locale,
	key: keyof Messages['venueAdmin']['done'],
	params: Record<string, string | number> = {}
) => ({
	ok: true,
	message: fmt(text(locale).done[key], params)
});
/** A refusal in the organiser's language: the failure's code names its sentence. */
const refused = (locale: Locale, f: Failure | Refused, status = 400) => {
	const { code, params } = typeof f === 'string' ? { code: f, params: {} } : f;
	const sentences: Record<string, string> = text(locale).refused;
	return fail(status, { ok: false, message: fmt(sentences[code] ?? sentences.invalid, params ?? {}) });
};

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
		if (!parsed.success || !final) return refused(locals.locale, 'invalid');
		const r = await promoteFinalists((await app()).db, {
			finalRoundId: final.id,
			...parsed.data,
			actorId: locals.user!.id
		});
		if (!r.ok) return refused(locals.locale, r);
		const promoted = done(locals.locale, 'promoted', { n: r.added });
		if (r.leftOut.length === 0) return promoted;
		// Someone on the exclusion list would have had a place: named, with the reason.
		const names = r.leftOut.map((l) => fmt(text(locals.locale).leftOutEntry, { ...l })).join('; ');
		const leftOut = fmt(text(locals.locale).done.leftOut, { n: r.leftOut.length, names });
		return { ...promoted, message: `${promoted.message} ${leftOut}` };
	},
	add: async ({ request, locals }) => {
		const login = String((await form(request)).login ?? '');
		const final = await finalRound();
		if (!final) return refused(locals.locale, 'noFinalRound');
		if (!login) return refused(locals.locale, 'loginRequired');
		const r = await addFinalist((await app()).db, {
			finalRoundId: final.id,
			login,
			actorId: locals.user!.id
		});
		return r.ok ? done(locals.locale, 'added', { sbd: r.sbd }) : refused(locals.locale, r);
	},
	remove: async ({ request, locals }) => {
		const r = await removeFinalist(
			(await app()).db,
			String((await form(request)).finalistId ?? ''),
			locals.user!.id
		);
		return r.ok ? done(locals.locale, 'removed') : refused(locals.locale, r);
	},
	seat: async ({ locals }) => {
		const final = await finalRound();
		if (!final) return refused(locals.locale, 'noFinalRound');
		const n = await assignSeats((await app()).db, final.id, locals.user!.id);
		return done(locals.locale, 'seated', { n });
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
			return done(locals.locale, 'unassigned');
		}
		const r = await assignProctor((await app()).db, input);
		return r.ok ? done(locals.locale, 'assigned') : refused(locals.locale, r);
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
		return r.ok ? done(locals.locale, 'finalised') : refused(locals.locale, r, 409);
	}
};
