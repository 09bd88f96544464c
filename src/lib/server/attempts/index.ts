// Attempts: starting one (drawing its paper), storing answer events as they arrive from
// devices, grading, submitting, and closing attempts nobody submitted. Rules come from
// src/lib/exam; these modules store and fetch. Import from '$lib/server/attempts'.
export * from './wire';
export * from './start';
export * from './practice';
export * from './ingest';
export * from './grade';
export * from './pauses';
export * from './close';
