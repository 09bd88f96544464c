// The root layout loads nothing from the server, so pages that render in the browser can
// load offline from the service worker's shell. In the browser it loads the English
// catalogue first when that is the language chosen.
import { loadAreas } from '$lib/i18n/state.svelte';

export const trailingSlash = 'never';

export async function load() {
	await loadAreas();
	return {};
}
