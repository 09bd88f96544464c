// The whole English catalogue, one chunk in the browser, loaded when English is chosen.
import { enCore } from './en';
import { siteEn } from './site.en';
import { candidateEn } from './candidate.en';
import { accountEn } from './account.en';
import { venueEn } from './venue.en';
import { errorsEn } from './errors.en';
import { bankEn } from './bank.en';
import { resultsEn } from './results.en';
import { venueAdminEn } from './venue-admin.en';
import { consoleEn } from './console.en';
import { apiEn } from './api.en';
import type { Messages } from './catalogue';

export const en: Messages = {
	...enCore,
	...siteEn,
	candidate: candidateEn,
	account: accountEn,
	venue: venueEn,
	errors: errorsEn,
	bank: bankEn,
	results: resultsEn,
	venueAdmin: venueAdminEn,
	console: consoleEn,
	api: apiEn
};
