// The whole catalogue, both languages: what the server renders and answers with, and the
// `Messages` type every screen reads. The browser does not import this file (see lazy.ts).
import { viCore } from './vi';
import { bankVi } from './bank.vi';
import { resultsVi } from './results.vi';
import { venueAdminVi } from './venue-admin.vi';
import { consoleVi } from './console.vi';
import { apiVi } from './api.vi';
import { en } from './en.all';
import type { Locale } from './index';

export const vi = {
	...viCore,
	bank: bankVi,
	results: resultsVi,
	venueAdmin: venueAdminVi,
	console: consoleVi,
	api: apiVi
};

export type Messages = typeof vi;

/** The organiser's areas of the catalogue: in the browser, loaded by the pages that use them. */
export type LazyArea = Exclude<keyof Messages, keyof typeof viCore>;

const catalogue: Record<Locale, Messages> = { vi, en };

export function messages(locale: Locale): Messages {
	return catalogue[locale];
}

export { en };
