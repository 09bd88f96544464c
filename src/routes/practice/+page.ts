// Practice renders in the browser from IndexedDB, so it opens offline from the shell.
export const ssr = false;
export const prerender = false;
