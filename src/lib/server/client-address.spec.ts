// The key per-address limits count by: an IPv6 client by its /64, an IPv4 client however it is
// written, and no key at all for a request without a real address (a 400, not a 500).
import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { addressKey, clientKey, formClientKey } from './client-address';
import { Refusal } from './failure';
import { messages } from '$lib/i18n';

describe('addressKey', () => {
	it.each([
		['203.0.113.7', '203.0.113.7'],
		[' 203.0.113.7 ', '203.0.113.7'],
		['::ffff:203.0.113.7', '203.0.113.7'],
		['::FFFF:cb00:7107', '203.0.113.7'],
		['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
		['2001:db8:1:2::1', '2001:db8:1:2::/64'],
		['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
		['2001:0DB8:0001:0002:a:b:c:d', '2001:db8:1:2::/64'],
		['2001:db8::1', '2001:db8:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64'],
		['::1', '0:0:0:0::/64'],
		['::', '0:0:0:0::/64'],
		['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64']
	])('%s → %s', (raw, key) => expect(addressKey(raw)).toBe(key));

	it('puts every address of one /64 under one key, and a neighbouring /64 under another', () => {
		const keys = new Set(
			Array.from({ length: 40 }, (_, i) => addressKey(`2001:db8:1:2::${(i + 1).toString(16)}`))
		);
		expect([...keys]).toEqual(['2001:db8:1:2::/64']);
		expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
	});

	it.each([
		'',
		'garbage-not-an-ip',
		'unknown',
		'203.0.113.7, 198.51.100.1',
		'1.2.3',
		'2001:db8::1::2',
		'::ffff:999.0.0.1'
	])('refuses %j', (raw) => expect(addressKey(raw)).toBeNull());
});

describe('clientKey', () => {
	const refusal = (f: () => unknown) => {
		try {
			f();
		} catch (e) {
			return e instanceof Refusal ? e.failure : e;
		}
		return 'no refusal';
	};
	it('is the key of the address adapter-node reads', () => {
		expect(clientKey({ getClientAddress: () => '2001:db8:1:2::99' })).toBe('2001:db8:1:2::/64');
	});
	it('refuses as badAddress a missing header (adapter-node throws) and a value that is no address', () => {
		const missing = () => {
			throw new Error(
				'Address header was specified with ADDRESS_HEADER=x-forwarded-for but is absent from request'
			);
		};
		expect(refusal(() => clientKey({ getClientAddress: missing }))).toEqual({
			ok: false,
			code: 'badAddress'
		});
		expect(refusal(() => clientKey({ getClientAddress: () => 'garbage-not-an-ip' }))).toEqual({
			ok: false,
			code: 'badAddress'
		});
	});
	it('answers a form with a 400 in the reader’s language', () => {
		try {
			formClientKey({ getClientAddress: () => 'garbage', locals: { locale: 'en' } });
			expect.unreachable();
		} catch (e) {
			expect(isHttpError(e, 400)).toBe(true);
			if (isHttpError(e))
				expect(e.body).toEqual({ message: messages('en').api.badAddress, code: 'badAddress' });
		}
	});
});
