import type { SessionUser } from '$lib/server/auth';
import type { Locale } from '$lib/i18n/locale';

declare global {
	namespace App {
		interface Error {
			code?: string;
		}
		interface PageData {
			locale?: Locale;
			user?: SessionUser | null;
		}
		interface Locals {
			user: SessionUser | null;
			locale: Locale;
		}
	}
}

export {};
