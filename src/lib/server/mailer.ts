// Outgoing mail (password resets) over the SMTP server set by SMTP_* variables.
import nodemailer from 'nodemailer';
import type { MailConfig } from './config';

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

export type SendMail = (mail: Mail) => Promise<void>;

export function smtpSender(config: MailConfig): SendMail {
	const transport = nodemailer.createTransport({
		host: config.host,
		port: config.port,
		secure: config.secure,
		auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
		// A reset must not hang the page when the mail server does not answer.
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 20_000
	});
	return async (mail) => {
		await transport.sendMail({ from: config.from, ...mail });
	};
}
