// Calendar rules in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving).
import { vietnamDate } from './eligibility';

const VN_OFFSET_MS = 7 * 3600 * 1000;

/** Start (epoch ms) of the Monday-to-Sunday week that contains `epochMs`, in Vietnam. */
export function vietnamWeekStart(epochMs: number): number {
	const [y, m, d] = vietnamDate(epochMs).split('-').map(Number);
	const midnight = Date.UTC(y, m - 1, d) - VN_OFFSET_MS;
	const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
	return midnight - weekday * 24 * 3600 * 1000;
}
