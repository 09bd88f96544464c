// The part of the catalogue these pages read beyond the core, loaded in the browser before they render.
import { loadAreas } from '$lib/i18n/state.svelte';

export async function load() {
	await loadAreas('results');
	return {};
}
