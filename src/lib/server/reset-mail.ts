// The reset e-mail in the reader's language, and where its link points.
import { fmt, messages, type Locale } from '$lib/i18n';
import type { ServerConfig } from './config';
import { LINK_TTL_MS } from './reset';

export function resetMail(locale: Locale) {
	const m = messages(locale).account.mail;
	const minutes = LINK_TTL_MS / 60_000;
	return ({ name, link }: { name: string; link: string }) => ({
		subject: m.subject,
		text: fmt(m.body, { name, link, minutes })
	});
}

/** Links in mail use ORIGIN when set (behind a proxy the request's own origin may be internal). */
export function linkBase(config: Pick<ServerConfig, 'publicOrigin'>, url: URL): string {
	return config.publicOrigin ?? url.origin;
}

/** A refusal code of reset.ts in the reader's language. */
export function resetMessage(code: string, locale: Locale): string {
	const m = messages(locale);
	return (
		(m.account.errors as Record<string, string>)[code] ??
		(m.errors as Record<string, string>)[code] ??
		m.errors.invalidBody
	);
}
