// Message lookup on the server: the whole catalogue (catalogue.ts) and the language helpers
// (locale.ts). Browser code imports locale.ts and state.svelte.ts, never this file, so a page
// downloads only the catalogue's core and what it loads on demand (lazy.ts).
export * from './locale';
export { messages, type Messages, type LazyArea } from './catalogue';
