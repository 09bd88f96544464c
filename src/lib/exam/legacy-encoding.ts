// Old Vietnamese font encodings still found in question files: TCVN3 (ABC, the .Vn* fonts)
// and VNI (the VNI-* fonts). Text typed in them is stored as Latin-1 characters the font drew
// as Vietnamese, so it reads as "Thµnh phè" (TCVN3) or "Thaønh phoá" (VNI) anywhere else.
// detectLegacy() decides, word by word, whether a conversion makes the text Vietnamese.

export type LegacyEncoding = 'tcvn3' | 'vni';

/** TCVN3: one Latin-1 character per Vietnamese letter. Pairs of (legacy, Unicode). */
const TCVN3_PAIRS =
	'µà¸á¶ả·ã¹ạ¨ă»ằ¾ắ¼ẳ½ẵÆặ©âÇầÊấÈẩÉẫËậ®đÌèÐéÎẻÏẽÑẹªêÒềÕếÓểÔễÖệ×ìÝíØỉÜĩÞịßòãóáỏâõäọ«ôåồèốæổçỗéộ¬ơêờíớëởìỡîợïùóúñủòũôụ\u00adưõừøứöử÷ữùựúỳýýûỷüỹþỵ¡Ă¢Â§Đ£Ê¤Ô¥Ơ¦Ư';

/** VNI marks written after a base letter. */
const VNI_TONES: Record<string, string> = {
	ù: '\u0301', // sắc
	ø: '\u0300', // huyền
	û: '\u0309', // hỏi
	õ: '\u0303', // ngã
	ï: '\u0323' // nặng
};
/** After a/e/o: circumflex with a tone (aá = ấ); after a: breve with a tone (aé = ắ). */
const VNI_HAT: Record<string, string> = {
	â: '',
	á: '\u0301',
	à: '\u0300',
	å: '\u0309',
	ã: '\u0303',
	ä: '\u0323'
};
const VNI_BREVE: Record<string, string> = {
	ê: '',
	é: '\u0301',
	è: '\u0300',
	ú: '\u0309',
	ü: '\u0303',
	ë: '\u0323'
};
/** Letters VNI writes as one character. */
const VNI_SINGLE: Record<string, string> = {
	ô: 'ơ',
	Ô: 'Ơ',
	ö: 'ư',
	Ö: 'Ư',
	ñ: 'đ',
	Ñ: 'Đ',
	í: 'í',
	ì: 'ì',
	æ: 'ỉ',
	ó: 'ĩ',
	ò: 'ị',
	Í: 'Í',
	Ì: 'Ì',
	Æ: 'Ỉ',
	Ó: 'Ĩ',
	Ò: 'Ị',
	î: 'ỵ',
	Î: 'Ỵ'
};

const tcvn3 = new Map<string, string>();
for (let i = 0; i < TCVN3_PAIRS.length; i += 2) tcvn3.set(TCVN3_PAIRS[i], TCVN3_PAIRS[i + 1]);

function upperIfBase(mark: string, base: string): string {
	return base === base.toUpperCase() ? mark.toUpperCase() : mark;
}

export function fromTcvn3(text: string): string {
	let out = '';
	for (const ch of text) out += tcvn3.get(ch) ?? ch;
	return out.normalize('NFC');
}

export function fromVni(text: string): string {
	let out = '';
	const chars = [...text];
	for (let i = 0; i < chars.length; i++) {
		const ch = chars[i];
		const next = chars[i + 1];
		const lower = ch.toLowerCase();
		const nextLower = next?.toLowerCase();
		// A base vowel followed by its marks: the mark characters come in the case of the base.
		if (next !== undefined && nextLower !== undefined && 'aeiouy'.includes(lower) && /[a-z]/i.test(ch)) {
			if (
				(lower === 'a' || lower === 'e' || lower === 'o') &&
				nextLower in VNI_HAT &&
				next === upperIfBase(nextLower, ch)
			) {
				out += (ch + '\u0302' + VNI_HAT[nextLower]).normalize('NFC');
				i++;
				continue;
			}
			if (lower === 'a' && nextLower in VNI_BREVE && next === upperIfBase(nextLower, ch)) {
				out += (ch + '\u0306' + VNI_BREVE[nextLower]).normalize('NFC');
				i++;
				continue;
			}
			if (nextLower in VNI_TONES && next === upperIfBase(nextLower, ch)) {
				out += (ch + VNI_TONES[nextLower]).normalize('NFC');
				i++;
				continue;
			}
		}
		// ơ and ư are single characters that take a tone mark after them.
		const single = VNI_SINGLE[ch];
		if (single !== undefined) {
			if (
				(lower === 'ô' || lower === 'ö') &&
				nextLower !== undefined &&
				nextLower in VNI_TONES &&
				next === upperIfBase(nextLower, ch)
			) {
				out += (single + VNI_TONES[nextLower]).normalize('NFC');
				i++;
				continue;
			}
			out += single;
			continue;
		}
		out += ch;
	}
	return out.normalize('NFC');
}

// A Vietnamese syllable, with its tone mark taken off: onset, vowel group, final.
const ONSET = '(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?';
const VOWELS =
	'(?:uyê|uya|uyu|iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|oă|oa|oe|oo|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|ươ|ưa|ưi|ưu|uy|yê|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y)';
const CODA = '(?:ch|ng|nh|[cmnpt])?';
const SYLLABLE = new RegExp(`^${ONSET}${VOWELS}${CODA}$`);
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** Whether a word reads as one Vietnamese syllable (with at most one tone mark). */
export function isVietnameseSyllable(word: string): boolean {
	const decomposed = word.toLowerCase().normalize('NFD');
	const tones = decomposed.match(TONES)?.length ?? 0;
	if (tones > 1) return false;
	return SYLLABLE.test(decomposed.replace(TONES, '').normalize('NFC'));
}

/** Characters Vietnamese never uses, but one of the legacy fonts does. */
const LEGACY_ONLY =
	/[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe]/;
/** VNI pairs made only of letters Vietnamese also uses: oâ (ô), aù (á), … */
const VNI_PAIR = /[aeoAEO][âáàåãäÂÁÀÅÃÄ]|[aA][êéèúüëÊÉÈÚÜË]|[a-zA-Z][ùøûõïÙØÛÕÏ]/;

/** Words that are not Vietnamese syllables, counted over the letter runs of the text. */
function oddWords(text: string): number {
	let odd = 0;
	for (const word of text.match(/[\p{L}\u00a1-\u00bf\u00d7\u00f7\u00ad]+/gu) ?? []) {
		if (!isVietnameseSyllable(word)) odd++;
	}
	return odd;
}

/**
 * The legacy encoding that turns the most words of `text` into Vietnamese, or null when the
 * text has no character a legacy font uses and Vietnamese does not, or no conversion helps.
 * Text in Unicode already (even with English words or codes such as "438/KH-UBND") stays.
 */
export function detectLegacy(text: string): LegacyEncoding | null {
	if (!LEGACY_ONLY.test(text) && !VNI_PAIR.test(text)) return null;
	// Precomposed Vietnamese letters (Ạ … ỹ) exist only in Unicode, never in a legacy font's text:
	// a stray soft hyphen (TCVN3's "ư") beside them is not a reason to convert a Unicode row.
	if (/[\u1ea0-\u1ef9]/.test(text)) return null;
	const before = oddWords(text);
	if (before === 0) return null;
	const candidates: [LegacyEncoding, number][] = [
		['tcvn3', oddWords(fromTcvn3(text))],
		['vni', oddWords(fromVni(text))]
	];
	candidates.sort((a, b) => a[1] - b[1]);
	const [best, after] = candidates[0];
	return after < before ? best : null;
}

export function convertLegacy(text: string, encoding: LegacyEncoding): string {
	return encoding === 'tcvn3' ? fromTcvn3(text) : fromVni(text);
}

/**
 * Text that was decoded with the wrong character set and cannot be repaired here: the
 * replacement character, C1 control characters, or UTF-8 bytes read as Latin-1 ("Thá»±c").
 */
export function isGarbled(text: string): boolean {
	return /[\ufffd\u0080-\u009f]|Ã[\u00a0-\u00bf]|á»|áº|Æ°|Æ¡/.test(text);
}
