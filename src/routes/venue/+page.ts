// The tablet renders in the browser from IndexedDB, so it keeps working offline.
export const ssr = false;
export const prerender = false;
