// The organiser's part of the catalogue these pages read, loaded in the browser before they render.
import { loadAreas } from '$lib/i18n/state.svelte';

export async function load() {
	await loadAreas('bank', 'results', 'venueAdmin', 'console');
	return {};
}
