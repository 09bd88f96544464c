import { describe, expect, it } from 'vitest';
import { en, vi } from './catalogue';
import { fmt, localeFromCookieHeader } from './index';

function keys(o: object, prefix = ''): string[] {
	return Object.entries(o).flatMap(([k, v]) =>
		typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]
	);
}

describe('messages', () => {
	it('English has exactly the Vietnamese keys and the same placeholders', () => {
		expect(keys(en).sort()).toEqual(keys(vi).sort());
		const get = (o: object, path: string) =>
			path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o) as string;
		for (const k of keys(vi)) {
			const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
			expect(ph(get(en, k)), k).toEqual(ph(get(vi, k)));
		}
	});
	it('fills placeholders and reads the cookie', () => {
		expect(fmt('{n} phút', { n: 25 })).toBe('25 phút');
		expect(localeFromCookieHeader('a=1; lang=en')).toBe('en');
		expect(localeFromCookieHeader('lang=fr')).toBe('vi');
		expect(localeFromCookieHeader('')).toBe('vi');
	});
});
