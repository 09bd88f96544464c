// The page's language as reactive state, shared through Svelte context. On the server every
// message is at hand; in the browser, the core (vi.ts) is, and the rest is loaded on demand
// (lazy.ts) by the pages that need it, before they render.
import { getContext, setContext } from 'svelte';
import { fmt, LOCALE_COOKIE, localeFromCookieHeader, type Locale, type Worded } from './locale';
import type { LazyArea, Messages } from './catalogue';
import { viCore } from './vi';
import { enAll, viAreas } from './lazy';

const KEY = Symbol('i18n');

/** What this browser tab holds of the catalogue (raw state: replaced, never mutated). */
class Held {
	vi = $state.raw<Partial<Messages>>(viCore);
	en = $state.raw<Messages | null>(null);
}
const held = new Held();

/** The whole catalogue, given by the server at start (hooks.server.ts); never in the browser. */
let serverCatalogue: ((locale: Locale) => Messages) | null = null;
export function useServerCatalogue(messages: (locale: Locale) => Messages) {
	serverCatalogue = messages;
}

/**
 * Loads, in the browser, the English catalogue when `locale` is English and the catalogue's
 * `areas` beyond the core in Vietnamese (the fallback while English loads). A page's load
 * calls this before the page renders; on the server it does nothing.
 */
export async function loadMessages(locale: Locale, areas: readonly LazyArea[] = []): Promise<void> {
	if (import.meta.env.SSR) return;
	const missing = areas.filter((a) => !(a in held.vi));
	const [parts, en] = await Promise.all([
		Promise.all(missing.map(async (a) => [a, await viAreas[a]()] as const)),
		locale === 'en' && !held.en ? enAll() : Promise.resolve(held.en)
	]);
	if (parts.length) held.vi = { ...held.vi, ...Object.fromEntries(parts) };
	held.en = en;
}

/** `loadMessages` for the language this browser chose (its cookie): what a page's load calls. */
export function loadAreas(...areas: LazyArea[]): Promise<void> {
	if (import.meta.env.SSR) return Promise.resolve();
	return loadMessages(localeFromCookieHeader(document.cookie), areas);
}

export class I18n {
	#locale = $state<Locale>('vi');

	constructor(locale: Locale) {
		this.#locale = locale;
	}

	get locale(): Locale {
		return this.#locale;
	}

	get m(): Messages {
		if (serverCatalogue) return serverCatalogue(this.#locale);
		return (this.#locale === 'en' && held.en) || (held.vi as Messages);
	}

	/** A sentence the server gave in every language (a form's refusal), in this one. */
	said(sentence: Worded | undefined): string | undefined {
		return sentence?.[this.#locale];
	}

	/** Message template with `{name}` placeholders filled. */
	t(template: string, values: Record<string, string | number>): string {
		return fmt(template, values);
	}

	/** Switches language in the browser and remembers it for server-rendered pages. */
	async switchTo(locale: Locale) {
		await loadMessages(locale);
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
