// The reset e-mail in the reader's language, and where its link points.
import { fmt, messages, type Locale } from '$lib/i18n';
import type { ServerConfig } from './config';
import { LINK_TTL_MS } from './reset';
import { accountErrorText } from './accounts';

export function resetMail(locale: Locale) {
	const m = messages(locale).account.mail;
	const minutes = LINK_TTL_MS / 60_000;
	return ({ name, link }: { name: string; link: string }) => ({
		subject: m.subject,
		text: fmt(m.body, { name, link, minutes })
	});
}

/**
 * Where links in mail point: ORIGIN, which config.ts requires whenever mail is on. Never the
 * request's origin: it comes from the Host header, which the sender of a reset request writes,
 * and the link goes to someone else's mailbox.
 */
export function linkBase(config: Pick<ServerConfig, 'mail'>): string {
	if (!config.mail) throw new Error('linkBase: no mail is sent without SMTP_HOST');
	return config.mail.linkOrigin;
}

/** A refusal code of reset.ts in the reader's language. */
export function resetMessage(code: string, locale: Locale): string {
	return accountErrorText(code, locale) ?? messages(locale).errors.invalidBody;
}
