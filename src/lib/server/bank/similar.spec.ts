import { describe, expect, it } from 'vitest';
import { closeNames, editDistance } from './similar';

describe('editDistance', () => {
	it.each([
		['', '', 0],
		['abc', 'abc', 0],
		['kitten', 'sitting', 3],
		['dich vu cong', 'dich vu con', 1]
	])('%j → %j is %i', (a, b, n) => expect(editDistance(a, b)).toBe(n));
});

describe('closeNames', () => {
	it.each([
		['Chính quyền số', 'Chinh quyen so', true],
		['Chính quyền số', 'Chính quyền sô', true],
		['Dịch vụ công', 'Dịch vụ cong trực tuyến', false],
		['Dịch vụ công trực tuyến', 'Dịch vu công trưc tuyến', true],
		['Kế hoạch và văn bản', 'Kế hoạch và văn bảng', true],
		['An toàn thông tin', 'Chuyển đổi số', false]
	])('%j and %j: %s', (a, b, close) => expect(closeNames(a, b)).toBe(close));
});
