// The console's and the hall's parts of the catalogue, loaded in the browser before the proctor's pages render.
import { loadAreas } from '$lib/i18n/state.svelte';

export async function load() {
	await loadAreas('console', 'venue');
	return {};
}
