// A round's time allowed, in words: "25 phút", or "10 phút 30 giây" when it is not whole
// minutes (rounded to minutes, 10:30 read "11 phút" on the candidate's dashboard).
import { fmt } from '$lib/i18n/locale';

export function roundLength(seconds: number, words: { minutes: string; minutesSeconds: string }): string {
	const n = Math.floor(seconds / 60);
	const s = seconds % 60;
	return s === 0 ? fmt(words.minutes, { n }) : fmt(words.minutesSeconds, { n, s });
}
