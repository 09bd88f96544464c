import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config';
import { linkBase } from './reset-mail';

describe('mail needs ORIGIN: a reset link never names the request’s Host', () => {
	it('starts without mail and without ORIGIN, as `npm start` does on a fresh machine', () => {
		expect(readConfig({}).mail).toBeNull();
		expect(readConfig({ ORIGIN: '' }).mail).toBeNull();
	});

	it('refuses SMTP_HOST without ORIGIN, naming the variable to set', () => {
		for (const env of [{ SMTP_HOST: 'smtp.example.vn' }, { SMTP_HOST: 'smtp.example.vn', ORIGIN: '  ' }]) {
			expect(() => readConfig(env)).toThrow(ConfigError);
			expect(() => readConfig(env)).toThrow(/SMTP_HOST is set but ORIGIN is not: set ORIGIN to/);
		}
	});

	it('refuses an ORIGIN that is not an absolute http(s) URL', () => {
		for (const origin of [
			'thi.example.vn',
			'//thi.example.vn',
			'ftp://thi.example.vn',
			'javascript:alert(1)'
		]) {
			expect(() => readConfig({ SMTP_HOST: 'smtp.example.vn', ORIGIN: origin }), origin).toThrow(
				/ORIGIN must be .* absolute http:\/\/ or https:\/\/ URL/
			);
		}
	});

	it('links in mail name ORIGIN, whatever Host the request carried', () => {
		const config = readConfig({ SMTP_HOST: 'smtp.example.vn', ORIGIN: 'https://thi.example.vn/' });
		expect(config.mail?.linkOrigin).toBe('https://thi.example.vn');
		expect(linkBase(config)).toBe('https://thi.example.vn');
		expect(linkBase(readConfig({ SMTP_HOST: 'smtp', ORIGIN: 'http://10.0.0.5:3000' }))).toBe(
			'http://10.0.0.5:3000'
		);
	});
});
