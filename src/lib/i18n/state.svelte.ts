// The page's language as reactive state, shared through Svelte context.
import { getContext, setContext } from 'svelte';
import { fmt, LOCALE_COOKIE, messages, type Locale, type Messages } from './index';

const KEY = Symbol('i18n');

export class I18n {
	#locale = $state<Locale>('vi');

	constructor(locale: Locale) {
		this.#locale = locale;
	}

	get locale(): Locale {
		return this.#locale;
	}

	get m(): Messages {
		return messages(this.#locale);
	}

	/** Message template with `{name}` placeholders filled. */
	t(template: string, values: Record<string, string | number>): string {
		return fmt(template, values);
	}

	/** Switches language in the browser and remembers it for server-rendered pages. */
	switchTo(locale: Locale) {
		this.#locale = locale;
		document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
		document.documentElement.lang = locale;
	}
}

export function provideI18n(locale: Locale): I18n {
	return setContext(KEY, new I18n(locale));
}

export function useI18n(): I18n {
	return getContext<I18n>(KEY);
}
