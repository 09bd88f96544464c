import type { Dialect } from '../migrations';

/** Column types that differ between SQLite and PostgreSQL. */
export interface MigrationHelpers {
	dialect: Dialect;
	/** Epoch milliseconds. */
	bigint: 'bigint' | 'integer';
	/** An auto-incrementing integer key; use with `primaryKeyAuto`. */
	autoId: 'bigserial' | 'integer';
}
