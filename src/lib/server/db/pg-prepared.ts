// PostgreSQL: the hot paths' fixed statements (attempts/hot-sql.ts: a sync batch, a heartbeat,
// a submit, a proctor's action per seat) run as named prepared statements, so each connection
// parses and plans each of them once, not on every request. Kysely sends every query as an
// unnamed statement (parsed and planned again each time); here each pooled client's `query`
// gives a name to the texts marked hot, and leaves every other query as it was.
// PG_PREPARED=off (for a pooler in transaction mode, which cannot keep a session's statements)
// sends them unnamed like the rest.
import type pg from 'pg';

// Each named statement holds its plan in every connection, about 2 KiB per row of a batch's
// insert: a text made for a batch's length (or its resent seqs) is named only up to a batch of
// 30 (13 parameters a row), and no more texts than a few times the fixed ones, so that batches
// of every length up to the limit cannot fill the database's memory. Others run unnamed.
const MAX_PARAMETERS = 30 * 13;
const MAX_NAMES = 200;

const names = new Map<string, string>();

/** Marks a fixed statement text with `count` parameters (numbered `$1 …`) to be prepared by name. */
export function markPrepared(text: string, count: number): void {
	if (count > MAX_PARAMETERS || names.size >= MAX_NAMES || names.has(text)) return;
	names.set(text, `phongthi_hot_${names.size + 1}`);
}

type Query = (...args: unknown[]) => unknown;

/** Gives `client` named statements for the marked texts (the pool's 'connect' event). */
export function prepareMarked(client: pg.PoolClient): void {
	if (process.env.PG_PREPARED?.toLowerCase() === 'off') return;
	const query = client.query.bind(client) as Query;
	const named: Query = (...args) => {
		// Kysely's call: (text, values). A name is the same text on every connection.
		const [text, values] = args;
		const name = args.length === 2 && typeof text === 'string' ? names.get(text) : undefined;
		return name && Array.isArray(values) ? query({ name, text, values }) : query(...args);
	};
	(client as unknown as { query: Query }).query = named;
}
