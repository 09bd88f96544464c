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
		// A plural choice names a placeholder too: it must be one the Vietnamese fills.
		const choices = (s: string) => [...s.matchAll(/\{(\w+)\|/g)].map((m) => `{${m[1]}}`);
		expect(keys(en).sort()).toEqual(keys(vi).sort());
		const get = (o: object, path: string) =>
			path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o) as string;
		for (const k of keys(vi)) {
			const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
			expect(ph(get(en, k)), k).toEqual(ph(get(vi, k)));
			for (const c of choices(get(en, k))) expect(ph(get(vi, k)), k).toContain(c);
		}
	});
	it('fills placeholders and reads the cookie', () => {
		expect(fmt('{n} phút', { n: 25 })).toBe('25 phút');
		expect(fmt('{n} {n|answer|answers} waiting', { n: 1 })).toBe('1 answer waiting');
		expect(fmt('{n} {n|answer|answers} waiting', { n: 0 })).toBe('0 answers waiting');
		expect(fmt('{n} {n|answer|answers} waiting', { n: 12 })).toBe('12 answers waiting');
		expect(fmt('{n|is|are}', {})).toBe('{n|is|are}');
		expect(localeFromCookieHeader('a=1; lang=en')).toBe('en');
		expect(localeFromCookieHeader('lang=fr')).toBe('vi');
		expect(localeFromCookieHeader('')).toBe('vi');
	});
});
