import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import {
	createPool,
	createTopic,
	listPools,
	listTopics,
	setPoolPublished,
	type SetupCode
} from '$lib/server/bank/topics';
import type { Outcome } from '$lib/server/failure';
import { setupForm } from '$lib/server/bank/forms';
import { messages, type Locale } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	return { topics: await listTopics(db), pools: await listPools(db) };
};

const text = (locale: Locale, code: SetupCode) => {
	const m = messages(locale).bank.setup;
	return code === 'notFound' ? messages(locale).errors.invalidBody : m[code];
};

async function run(locale: Locale, form: string, fn: () => Promise<Outcome<object, SetupCode>>) {
	const r = await fn();
	if (!r.ok)
		return fail(r.code === 'notFound' ? 404 : 422, { form, ok: false, message: text(locale, r.code) });
	return { form, ok: true, message: messages(locale).bank.setup.done };
}

export const actions: Actions = {
	topic: async ({ request, locals }) => {
		const { db } = await app();
		const parsed = setupForm.topic.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { form: 'topic', ok: false, message: messages(locals.locale).errors.invalidBody });
		return run(locals.locale, 'topic', () =>
			createTopic(db, { name: parsed.data.name, id: parsed.data.id.trim() || undefined }, locals.user!.id)
		);
	},
	pool: async ({ request, locals }) => {
		const { db } = await app();
		const parsed = setupForm.pool.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { form: 'pool', ok: false, message: messages(locals.locale).errors.invalidBody });
		const { name, id, visibility } = parsed.data;
		return run(locals.locale, 'pool', () =>
			createPool(db, { name, id: id.trim() || undefined, visibility }, locals.user!.id)
		);
	},
	publish: async ({ request, locals }) => {
		const { db } = await app();
		const parsed = setupForm.poolId.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { form: 'pools', ok: false, message: messages(locals.locale).errors.invalidBody });
		return run(locals.locale, 'pools', () => setPoolPublished(db, parsed.data.id, true, locals.user!.id));
	},
	unpublish: async ({ request, locals }) => {
		const { db } = await app();
		const parsed = setupForm.poolId.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { form: 'pools', ok: false, message: messages(locals.locale).errors.invalidBody });
		return run(locals.locale, 'pools', () => setPoolPublished(db, parsed.data.id, false, locals.user!.id));
	}
};
