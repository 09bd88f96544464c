import { describe, expect, it } from 'vitest';
import { NO_SERVER, serverMessage, shownMessage } from './no-server';

describe('no usable answer from the server', () => {
	it("keeps the server's own sentence", () => {
		expect(serverMessage({ error: { code: 'roundClosed', message: 'Vòng thi đã đóng.' } })).toBe(
			'Vòng thi đã đóng.'
		);
	});
	it('holds the marker, never a status code, for a body without a sentence', () => {
		for (const body of [
			null,
			undefined,
			'<html>502 Bad Gateway</html>',
			{},
			{ error: {} },
			{ error: { message: '' } }
		])
			expect(serverMessage(body)).toBe(NO_SERVER);
	});
	it("shows the screen's sentence for the marker and any other message as it is", () => {
		expect(shownMessage(NO_SERVER, 'Không nhận được phản hồi hợp lệ từ máy chủ.')).toBe(
			'Không nhận được phản hồi hợp lệ từ máy chủ.'
		);
		// A problem stored by an older version stays as it was shown.
		expect(shownMessage('HTTP 502', 'x')).toBe('HTTP 502');
	});
});
