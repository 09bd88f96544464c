// The site's pages read the site's areas of the catalogue (header, menu, forms, the candidate's
// pages): loaded in the browser before they render. The exam screen does not need them.
import { loadAreas } from '$lib/i18n/state.svelte';
import { SITE_AREAS } from '$lib/i18n/lazy';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ data }) => {
	await loadAreas(...SITE_AREAS);
	return data;
};
