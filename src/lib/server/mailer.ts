// Outgoing mail (password resets) over the SMTP server set by SMTP_* variables, sent after the
// answer from a bounded queue in this process (`outbox`).
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
		// A mail server that does not answer must not hold a queue slot (or a stopping process) long.
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 20_000
	});
	return async (mail) => {
		await transport.sendMail({ from: config.from, ...mail });
	};
}

/**
 * Work done after the answer, so a request's answer does not wait for (nor tell of) a mail
 * server: at most `concurrency` jobs run at once, at most `max` wait or run, and a job posted
 * beyond that is refused (the caller logs it). A job's failure is logged, never thrown: nothing
 * waits for it. Jobs live in this process only: those still waiting when it stops are lost.
 */
export class Outbox {
	#waiting: (() => Promise<void>)[] = [];
	#running = 0;
	#idle: (() => void)[] = [];

	constructor(
		readonly max: number,
		readonly concurrency: number
	) {}

	/** Queues `job`; false (nothing queued) when the outbox is full. */
	post(job: () => Promise<void>): boolean {
		if (this.#waiting.length + this.#running >= this.max) return false;
		this.#waiting.push(job);
		this.#pump();
		return true;
	}

	#pump() {
		while (this.#running < this.concurrency && this.#waiting.length) {
			const job = this.#waiting.shift()!;
			this.#running++;
			void Promise.resolve()
				.then(job)
				.catch((e) => console.error('background mail job failed', e))
				.finally(() => {
					this.#running--;
					this.#pump();
					if (this.#running === 0 && !this.#waiting.length) for (const done of this.#idle.splice(0)) done();
				});
		}
	}

	/** Resolves once no job waits or runs (tests; a job posted meanwhile is waited for too). */
	idle(): Promise<void> {
		if (this.#running === 0 && !this.#waiting.length) return Promise.resolve();
		return new Promise((resolve) => this.#idle.push(resolve));
	}

	/** Forgets the jobs not yet started; how many. Those running finish (or time out) on their own. */
	drop(): number {
		return this.#waiting.splice(0).length;
	}
}

/** Reset mail: a few sent side by side, a few hundred waiting at most. */
export const outbox = new Outbox(200, 4);

// adapter-node's stop (server/index.js): mail not yet begun is not waited for; a mail being sent
// holds the process no longer than smtpSender's timeouts.
process.once('sveltekit:shutdown' as 'exit', () => {
	const lost = outbox.drop();
	if (lost) console.error(`stopping: ${lost} password reset mail(s) not sent`);
});
