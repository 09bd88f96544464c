// The whole English catalogue, one chunk in the browser, loaded when English is chosen.
import { enCore } from './en';
import { bankEn } from './bank.en';
import { resultsEn } from './results.en';
import { venueAdminEn } from './venue-admin.en';
import { consoleEn } from './console.en';
import { apiEn } from './api.en';
import type { Messages } from './catalogue';

export const en: Messages = {
	...enCore,
	bank: bankEn,
	results: resultsEn,
	venueAdmin: venueAdminEn,
	console: consoleEn,
	api: apiEn
};
