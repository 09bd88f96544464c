// Server configuration from the environment, read once per process.
import path from 'node:path';
import { REGISTRATION_REFUSALS_PER_HOUR } from '$lib/account-limits';

/** Where password-reset mail goes out; null when SMTP_HOST is unset (no e-mail reset). */
export interface MailConfig {
	/**
	 * ORIGIN: the site's public address, which links in mail name. Never the request's own
	 * origin: its Host header is whatever the sender wrote, so a stranger asking for a reset with
	 * `Host: evil.example` would have the victim's link point to them.
	 */
	linkOrigin: string;
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
	/** Sync batches posted to a throwaway database before the server listens (warm-up.ts); 0: none. */
	warmUpBatches: number;
}

/** A setting the server cannot run with; the message names the variable to set. */
export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** ORIGIN as adapter-node reads it (an absolute http or https URL, kept as its origin); null when unset. */
function readOrigin(raw: string | undefined): string | null {
	const value = raw?.trim();
	if (!value) return null;
	const refused = new ConfigError(
		`ORIGIN must be the site's public address as an absolute http:// or https:// URL, for example https://thi.example.vn (got "${value}").`
	);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw refused;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused;
	return url.origin;
}

/**
 * Throws a ConfigError for settings that cannot work together: mail on (SMTP_HOST) without ORIGIN,
 * since a reset link must name the site's public address and the request cannot be trusted to.
 * The server then refuses to start rather than run without the resets its operator asked for.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const int = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
	const smtpHost = env.SMTP_HOST?.trim();
	const secure = (env.SMTP_SECURE ?? '').toLowerCase() === 'true';
	const origin = readOrigin(env.ORIGIN);
	if (smtpHost && origin === null)
		throw new ConfigError(
			`SMTP_HOST is set but ORIGIN is not: set ORIGIN to the site's public address (for example ORIGIN=https://thi.example.vn), which links in password-reset mail name, or unset SMTP_HOST to turn e-mail resets off.`
		);
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
		mail:
			smtpHost && origin
				? {
						linkOrigin: origin,
						host: smtpHost,
						port: int(env.SMTP_PORT, secure ? 465 : 587),
						secure,
						user: env.SMTP_USER || null,
						password: env.SMTP_PASSWORD || null,
						from: env.MAIL_FROM || `Phòng Thi <no-reply@${smtpHost}>`
					}
				: null,
		warmUpBatches: int(env.WARM_UP_BATCHES, 2000)
	};
}
