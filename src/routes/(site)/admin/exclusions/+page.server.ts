// The exclusion list: the organiser adds one person, or a pasted list (all or nothing), and
// removes an entry. The rules are in $lib/server/exclusions; every change is audited there.
import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import {
	addList,
	addOne,
	exclusionList,
	listForm,
	oneForm,
	removeExclusion,
	removeForm,
	type Added,
	type LineProblem
} from '$lib/server/exclusions';
import { fmt, messages, type Locale } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** The bad lines a refused list names on the page; the rest are counted. */
const SHOWN_PROBLEMS = 50;

export const load: PageServerLoad = async () => ({ entries: await exclusionList((await app()).db) });

const text = (locale: Locale) => messages(locale).venueAdmin.exclusions;

/** What the page shows after any action: which form answered, and how. */
interface Answer {
	form: 'one' | 'many' | 'remove';
	ok: boolean;
	message: string;
	/** The one-person form's field the message is about. */
	field?: 'nationalId' | 'reason';
	/** What the organiser sent, given back so a refused form keeps it (also without JavaScript). */
	values?: { nationalId?: string; reason?: string; lines?: string };
	/** A refused list's bad lines, worded. */
	problems?: string[];
}

/** An answer typed as the page reads it (every action's, so `form` has one shape there). */
const answer = (a: Answer) => a;

const problemText = (locale: Locale, p: Omit<LineProblem, 'line'>) =>
	fmt(text(locale).problems[p.code], p.params);

/** The sentence after an add: how many were added, and what was passed over. */
function addedText(locale: Locale, r: Added): string {
	const t = text(locale).done;
	const parts = [r.added > 0 ? fmt(t.added, { n: r.added }) : t.nothingNew];
	if (r.added > 0 && r.alreadyListed > 0) parts.push(fmt(t.alreadyListed, { n: r.alreadyListed }));
	if (r.repeated > 0) parts.push(fmt(t.repeated, { n: r.repeated }));
	return parts.join(' ');
}

const form = async (request: Request) => Object.fromEntries(await request.formData());

export const actions: Actions = {
	one: async ({ request, locals }) => {
		const parsed = oneForm.safeParse(await form(request));
		if (!parsed.success)
			return fail(400, answer({ form: 'one', ok: false, message: text(locals.locale).refused.invalid }));
		const r = await addOne((await app()).db, parsed.data, locals.user!.id);
		if (r.ok) return answer({ form: 'one', ok: true, message: addedText(locals.locale, r) });
		const field = r.code === 'noReason' || r.code === 'reasonTooLong' ? 'reason' : 'nationalId';
		const message = problemText(locals.locale, r);
		return fail(400, answer({ form: 'one', ok: false, message, field, values: parsed.data }));
	},
	many: async ({ request, locals }) => {
		const t = text(locals.locale);
		const parsed = listForm.safeParse(await form(request));
		if (!parsed.success) return fail(400, answer({ form: 'many', ok: false, message: t.refused.invalid }));
		const r = await addList((await app()).db, parsed.data.lines, locals.user!.id);
		if (r.ok) return answer({ form: 'many', ok: true, message: addedText(locals.locale, r) });
		const problems = r.problems
			.slice(0, SHOWN_PROBLEMS)
			.map((p) => fmt(t.line, { line: p.line, problem: problemText(locals.locale, p) }));
		if (r.problems.length > SHOWN_PROBLEMS)
			problems.push(fmt(t.refused.more, { n: r.problems.length - SHOWN_PROBLEMS }));
		const message = fmt(t.refused[r.code], r.params ?? {});
		return fail(400, answer({ form: 'many', ok: false, message, problems, values: parsed.data }));
	},
	remove: async ({ request, locals }) => {
		const t = text(locals.locale);
		const parsed = removeForm.safeParse(await form(request));
		if (!parsed.success) return fail(400, answer({ form: 'remove', ok: false, message: t.refused.invalid }));
		const r = await removeExclusion((await app()).db, parsed.data.nationalId, locals.user!.id);
		if (!r.ok)
			return fail(
				404,
				answer({ form: 'remove', ok: false, message: fmt(t.refused.notListed, r.params ?? {}) })
			);
		const message = fmt(t.done.removed, { id: parsed.data.nationalId, reason: r.reason });
		return answer({ form: 'remove', ok: true, message });
	}
};
