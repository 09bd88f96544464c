// The exam renders in the browser from IndexedDB, so it opens offline from the shell.
import type { PageLoad } from './$types';

export const ssr = false;
export const prerender = false;

export const load: PageLoad = ({ params }) => ({ attemptId: params.attemptId });
