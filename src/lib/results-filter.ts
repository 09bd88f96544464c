// A results listing's search box (the organiser's ranking and the public one): its longest text,
// the input's `maxlength`; the server cuts a longer one to it (server/results/filter.ts).
export const SEARCH_MAX = 100;
