// The tablet renders in the browser from IndexedDB, so it keeps working offline. Its text (the
// hall's area, and the candidate's receipt once the paper is collected) is loaded before it
// renders; the service worker precaches it.
import { loadAreas } from '$lib/i18n/state.svelte';

export const ssr = false;
export const prerender = false;

export async function load() {
	await loadAreas('venue', 'candidate');
	return {};
}
