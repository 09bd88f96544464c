// The whole catalogue, both languages: what the server renders and answers with, and the
// `Messages` type every screen reads. The browser does not import this file (see lazy.ts).
import { viCore } from './vi';
import { siteVi } from './site.vi';
import { candidateVi } from './candidate.vi';
import { accountVi } from './account.vi';
import { venueVi } from './venue.vi';
import { errorsVi } from './errors.vi';
import { bankVi } from './bank.vi';
import { resultsVi } from './results.vi';
import { venueAdminVi } from './venue-admin.vi';
import { consoleVi } from './console.vi';
import { apiVi } from './api.vi';
import { en } from './en.all';
import type { Locale } from './index';

export const vi = {
	...viCore,
	...siteVi,
	candidate: candidateVi,
	account: accountVi,
	venue: venueVi,
	errors: errorsVi,
	bank: bankVi,
	results: resultsVi,
	venueAdmin: venueAdminVi,
	console: consoleVi,
	api: apiVi
};

export type Messages = typeof vi;

/** The areas beyond the core: in the browser, loaded by the pages that use them (lazy.ts). */
export type LazyArea = Exclude<keyof Messages, keyof typeof viCore>;

const catalogue: Record<Locale, Messages> = { vi, en };

export function messages(locale: Locale): Messages {
	return catalogue[locale];
}

export { en };
