// Server configuration from the environment, read once per process.
import path from 'node:path';
import { REGISTRATION_REFUSALS_PER_HOUR } from '$lib/account-limits';

/** Where password-reset mail goes out; null when SMTP_HOST is unset (no e-mail reset). */
export interface MailConfig {
	host: string;
	port: number;
	/** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
	secure: boolean;
	user: string | null;
	password: string | null;
	from: string;
}

export interface ServerConfig {
	databaseUrl: string;
	dataDir: string;
	seedDemo: boolean;
	/** Secret for HMAC-signed tokens and receipts; generated into DATA_DIR when unset. */
	secret: string | null;
	/** Failures from one address at one account before delays start. */
	loginFreeTries: number;
	/** Failures at one account per hour, from anywhere, before new addresses are slowed. */
	loginFailuresPerAccount: number;
	loginFailuresPerAddress: number;
	registrationsPerAddressPerHour: number;
	/** Registrations refused for an id or phone taken or excluded, per address and hour. */
	registrationRefusalsPerAddressPerHour: number;
	mail: MailConfig | null;
	/** The site's public address for links in e-mail (adapter-node's ORIGIN); else the request's. */
	publicOrigin: string | null;
	/** Sync batches posted to a throwaway database before the server listens (warm-up.ts); 0: none. */
	warmUpBatches: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const int = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
	const smtpHost = env.SMTP_HOST?.trim();
	const secure = (env.SMTP_SECURE ?? '').toLowerCase() === 'true';
	return {
		databaseUrl: env.DATABASE_URL ?? '',
		dataDir: path.resolve(env.DATA_DIR ?? 'data'),
		seedDemo: (env.SEED_DEMO ?? 'true').toLowerCase() !== 'false',
		secret: env.APP_SECRET || null,
		loginFreeTries: int(env.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS, 5),
		loginFailuresPerAccount: int(env.LOGIN_FAILURES_PER_ACCOUNT, 50),
		loginFailuresPerAddress: int(env.LOGIN_FAILURES_PER_ADDRESS, 300),
		registrationsPerAddressPerHour: int(env.REGISTRATIONS_PER_ADDRESS_PER_HOUR, 200),
		registrationRefusalsPerAddressPerHour: int(
			env.REGISTRATION_REFUSALS_PER_ADDRESS_PER_HOUR,
			REGISTRATION_REFUSALS_PER_HOUR
		),
		mail: smtpHost
			? {
					host: smtpHost,
					port: int(env.SMTP_PORT, secure ? 465 : 587),
					secure,
					user: env.SMTP_USER || null,
					password: env.SMTP_PASSWORD || null,
					from: env.MAIL_FROM || `Phòng Thi <no-reply@${smtpHost}>`
				}
			: null,
		publicOrigin: env.ORIGIN?.replace(/\/+$/, '') || null,
		warmUpBatches: int(env.WARM_UP_BATCHES, 2000)
	};
}
