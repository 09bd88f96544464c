// The site's 403 page: a page another role's area answers with (hooks.server.ts `forbidden`),
// drawn by +error.svelte in the visitor's language, as a 404 is.
import { error } from '@sveltejs/kit';
import { messages } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => error(403, messages(locals.locale).errorPage.forbidden);
