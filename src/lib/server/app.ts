// The process's one connection to its database and configuration, opened on first use:
// migrations run, the shared secret is loaded, and on an empty database the demo is seeded.
import { randomBytes } from 'node:crypto';
import { openDb, type Db, type DbHandle } from './db';
import { readConfig, type ServerConfig } from './config';
import { seedDemo } from './demo/seed';

export interface AppContext {
	db: Db;
	/** The tablets' hot paths' database (DbHandle `tabletDb`). */
	tabletDb: Db;
	handle: DbHandle;
	config: ServerConfig;
	secret: Buffer;
}

let started: Promise<AppContext> | null = null;

export function app(): Promise<AppContext> {
	started ??= start(readConfig()).catch((e) => {
		started = null;
		throw e;
	});
	return started;
}

export async function start(config: ServerConfig, log = console.log): Promise<AppContext> {
	const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	const secret = config.secret ? Buffer.from(config.secret) : await sharedSecret(handle.db);
	const ctx: AppContext = { db: handle.db, tabletDb: handle.tabletDb, handle, config, secret };
	if (config.seedDemo) await seedDemo(handle.db, { log });
	return ctx;
}

/** Several server processes on one database must sign with the same key. */
async function sharedSecret(db: Db): Promise<Buffer> {
	await db
		.insertInto('app_setting')
		.values({ key: 'secret', value: randomBytes(32).toString('base64') })
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
	const row = await db
		.selectFrom('app_setting')
		.select('value')
		.where('key', '=', 'secret')
		.executeTakeFirstOrThrow();
	return Buffer.from(row.value, 'base64');
}
