// Names that are probably the same name typed differently ("Chinh quyen so" and "Chính quyền
// số", "Dịch vụ công" and "Dich vu cong truc tuyen" are not): a new topic named like an
// existing one is worth a second look before the import creates it.
import { fingerprintText } from './model';

/** Edits (insert, delete, replace) that turn a into b. */
export function editDistance(a: string, b: string): number {
	const x = [...a];
	const y = [...b];
	let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
	for (let i = 1; i <= x.length; i++) {
		const row = [i];
		for (let j = 1; j <= y.length; j++)
			row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
		prev = row;
	}
	return prev[y.length];
}

/** Share of the longer name that must change; at most this is "close". */
export const CLOSE_NAMES = 0.2;

/** Whether two different names are close: the same without tone marks and case, or a few letters apart. */
export function closeNames(a: string, b: string): boolean {
	const x = fingerprintText(a);
	const y = fingerprintText(b);
	if (!x || !y) return false;
	if (x === y) return true;
	return editDistance(x, y) / Math.max([...x].length, [...y].length) <= CLOSE_NAMES;
}
