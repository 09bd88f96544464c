// The fields an organiser may map a question file's column to: one list for the import's
// reader on the server and the mapping form in the browser.
export const FIELD_KEYS = [
	'id',
	'text',
	'A',
	'B',
	'C',
	'D',
	'E',
	'F',
	'correct',
	'pinned',
	'topic',
	'topicId',
	'difficulty',
	'pool',
	'status',
	'explanation',
	'reference'
] as const;

export type FieldKey = (typeof FIELD_KEYS)[number];
