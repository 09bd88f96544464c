// Server configuration from the environment, read once per process.
import path from 'node:path';

export interface ServerConfig {
	databaseUrl: string;
	dataDir: string;
	seedDemo: boolean;
	/** Secret for HMAC-signed tokens and receipts; generated into DATA_DIR when unset. */
	secret: string | null;
	loginFailuresPerAccount: number;
	loginFailuresPerAddress: number;
	registrationsPerAddressPerHour: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const int = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
	return {
		databaseUrl: env.DATABASE_URL ?? '',
		dataDir: path.resolve(env.DATA_DIR ?? 'data'),
		seedDemo: (env.SEED_DEMO ?? 'true').toLowerCase() !== 'false',
		secret: env.APP_SECRET || null,
		loginFailuresPerAccount: int(env.LOGIN_FAILURES_PER_ACCOUNT, 5),
		loginFailuresPerAddress: int(env.LOGIN_FAILURES_PER_ADDRESS, 300),
		registrationsPerAddressPerHour: int(env.REGISTRATIONS_PER_ADDRESS_PER_HOUR, 200)
	};
}
