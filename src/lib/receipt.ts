// A receipt a person can read out: the first 80 bits of the server's HMAC in Crockford
// base32 (no I, L, O, U), four groups of four. The full value stays in the download and the QR.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function shortReceipt(hex: string): string {
	const clean = hex.replace(/[^0-9a-f]/gi, '').slice(0, 20);
	if (clean.length < 20) return '';
	let bits = '';
	for (const c of clean) bits += parseInt(c, 16).toString(2).padStart(4, '0');
	let out = '';
	for (let i = 0; i < 80; i += 5) out += ALPHABET[parseInt(bits.slice(i, i + 5), 2)];
	return out.match(/.{4}/g)!.join('-');
}
