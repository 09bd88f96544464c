// What the browser loads on demand: every area of the Vietnamese catalogue beyond the core
// (vi.ts), and the whole English catalogue. The exam screen needs only the core; the site's
// pages, the hall tablet and the organiser's screens load their areas before they render.
import type { LazyArea, Messages } from './catalogue';

const site = () => import('./site.vi').then((m) => m.siteVi);

export const viAreas: { [A in LazyArea]: () => Promise<Messages[A]> } = {
	nav: () => site().then((s) => s.nav),
	home: () => site().then((s) => s.home),
	round: () => site().then((s) => s.round),
	register: () => site().then((s) => s.register),
	signIn: () => site().then((s) => s.signIn),
	dashboard: () => site().then((s) => s.dashboard),
	admin: () => site().then((s) => s.admin),
	proctor: () => site().then((s) => s.proctor),
	candidate: () => import('./candidate.vi').then((m) => m.candidateVi),
	account: () => import('./account.vi').then((m) => m.accountVi),
	venue: () => import('./venue.vi').then((m) => m.venueVi),
	bank: () => import('./bank.vi').then((m) => m.bankVi),
	results: () => import('./results.vi').then((m) => m.resultsVi),
	venueAdmin: () => import('./venue-admin.vi').then((m) => m.venueAdminVi),
	console: () => import('./console.vi').then((m) => m.consoleVi),
	// The server's refusals (forms, API) are worded on the server; no page loads them.
	errors: () => import('./errors.vi').then((m) => m.errorsVi),
	api: () => import('./api.vi').then((m) => m.apiVi)
};

/** What every page of the site (the (site) layout: header, menu, footer, forms) reads beyond the core. */
export const SITE_AREAS = [
	'nav',
	'home',
	'round',
	'register',
	'signIn',
	'dashboard',
	'admin',
	'proctor',
	'candidate',
	'account'
] as const satisfies readonly LazyArea[];

export const enAll = (): Promise<Messages> => import('./en.all').then((m) => m.en);
