// The one set of migrations, run at start-up on SQLite and PostgreSQL alike. One file per
// migration in migrations/, listed here in order. Append only: a migration that has run
// anywhere is never edited.
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { MigrationHelpers } from './migrations/helpers';
import * as m0001 from './migrations/0001_foundation';
import * as m0002 from './migrations/0002_bank';
import * as m0003 from './migrations/0003_exam';
import * as m0004 from './migrations/0004_results';
import * as m0005 from './migrations/0005_venue';
import * as m0006 from './migrations/0006_integrity';
import * as m0007 from './migrations/0007_venue_integrity';
import * as m0008 from './migrations/0008_accounts';
import * as m0009 from './migrations/0009_candidate';
import * as m0010 from './migrations/0010_imports';
import * as m0012 from './migrations/0012_checks';
import * as m0013 from './migrations/0013_incident_params';
import * as m0014 from './migrations/0014_venue_lookups';
import * as m0015 from './migrations/0015_attempt_paper';
import * as m0016 from './migrations/0016_device_seat';
import * as m0017 from './migrations/0017_close_head';
import * as m0018 from './migrations/0018_device_report';
import * as m0019 from './migrations/0019_lookup_tries';
import * as m0020 from './migrations/0020_start_bound';
import * as m0021 from './migrations/0021_moved_started';
import * as m0022 from './migrations/0022_exclusion_added';

export type Dialect = 'sqlite' | 'postgres';

type Step = { up(db: Kysely<any>, h: MigrationHelpers): Promise<void> };

const STEPS: [string, Step][] = [
	['0001_foundation', m0001],
	['0002_bank', m0002],
	['0003_exam', m0003],
	['0004_results', m0004],
	['0005_venue', m0005],
	['0006_integrity', m0006],
	['0007_venue_integrity', m0007],
	['0008_accounts', m0008],
	['0009_candidate', m0009],
	['0010_imports', m0010],
	['0012_checks', m0012],
	['0013_incident_params', m0013],
	['0014_venue_lookups', m0014],
	['0015_attempt_paper', m0015],
	['0016_device_seat', m0016],
	['0017_close_head', m0017],
	['0018_device_report', m0018],
	['0019_lookup_tries', m0019],
	['0020_start_bound', m0020],
	['0021_moved_started', m0021],
	['0022_exclusion_added', m0022]
];

export function migrationProvider(dialect: Dialect): MigrationProvider {
	const helpers: MigrationHelpers = {
		dialect,
		bigint: dialect === 'postgres' ? 'bigint' : 'integer',
		autoId: dialect === 'postgres' ? 'bigserial' : 'integer'
	};
	const migrations: Record<string, Migration> = Object.fromEntries(
		STEPS.map(([name, step]) => [name, { up: (db: Kysely<any>) => step.up(db, helpers) }])
	);
	return { getMigrations: async () => migrations };
}
