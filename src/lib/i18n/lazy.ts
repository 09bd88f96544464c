// What the browser loads on demand: the organiser's areas in Vietnamese, and the whole English
// catalogue. A candidate's phone or a hall tablet never downloads the organiser's screens' text.
import type { LazyArea, Messages } from './catalogue';

export const viAreas: { [A in LazyArea]: () => Promise<Messages[A]> } = {
	bank: () => import('./bank.vi').then((m) => m.bankVi),
	results: () => import('./results.vi').then((m) => m.resultsVi),
	venueAdmin: () => import('./venue-admin.vi').then((m) => m.venueAdminVi),
	console: () => import('./console.vi').then((m) => m.consoleVi),
	// The API's refusals are worded on the server; no page loads them.
	api: () => import('./api.vi').then((m) => m.apiVi)
};

export const enAll = (): Promise<Messages> => import('./en.all').then((m) => m.en);
