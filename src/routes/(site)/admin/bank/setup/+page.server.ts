import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { BankError } from '$lib/server/bank/questions';
import { createPool, createTopic, listPools, listTopics, setPoolPublished } from '$lib/server/bank/topics';
import { setupForm } from '$lib/server/bank/forms';
import { messages, type Locale } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	return { topics: await listTopics(db), pools: await listPools(db) };
};

const text = (locale: Locale, code: string) => {
	const m = messages(locale).bank.setup as Record<string, string>;
	return m[code] ?? messages(locale).errors.invalidBody;
};

async function run(locale: Locale, form: string, fn: () => Promise<unknown>) {
	try {
		await fn();
		return { form, ok: true, message: messages(locale).bank.setup.done };
	} catch (e) {
		if (e instanceof BankError) return fail(422, { form, ok: false, message: text(locale, e.code) });
		throw e;
	}
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
