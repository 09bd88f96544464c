// A sync batch sent with a Content-Length but no Content-Type (a hand-written client, curl with
// its headers replaced) reaches the route without its body: SvelteKit reads no body a request
// does not type. It was refused 400 invalidJson, "not valid JSON", for JSON that was valid; it is
// refused 415 noContentType, in the reader's language, and the same batch typed is taken.
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';

/** POSTs `body` with exactly these headers (fetch and Playwright add a Content-Type of their own). */
function post(
	url: string,
	headers: Record<string, string>,
	body: string,
	method = 'POST'
): Promise<{ status: number; json: unknown }> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{ method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
			}
		);
		req.once('error', reject);
		req.end(body);
	});
}

test('a sync batch without a Content-Type is refused 415 naming what is missing; typed, it is taken', async ({
	request,
	baseURL
}) => {
	const who = await registerCandidate(request);
	const session = await request.post('/api/session', { data: { login: who.login, password: who.password } });
	expect(session.status(), await session.text()).toBe(200);
	const start = await request.post('/api/rounds/practice/attempts', { data: { deviceId: 'untyped-1' } });
	expect(start.status(), await start.text()).toBe(201);
	const { attemptId, token } = (await start.json()) as { attemptId: string; token: string };
	const url = `${baseURL}/api/attempts/${attemptId}/events`;
	const batch = JSON.stringify({ deviceId: 'untyped-1', events: [] });
	const auth = { authorization: `Bearer ${token}` };

	expect(await post(url, auth, batch)).toEqual({
		status: 415,
		json: {
			error: {
				code: 'noContentType',
				message:
					'Yêu cầu có gửi dữ liệu nhưng thiếu tiêu đề Content-Type; hãy gửi kèm Content-Type: application/json.'
			}
		}
	});
	expect(await post(url, { ...auth, cookie: 'lang=en' }, batch)).toEqual({
		status: 415,
		json: {
			error: {
				code: 'noContentType',
				message:
					'The request carries a body but no Content-Type header; send it with Content-Type: application/json.'
			}
		}
	});
	const typed = await post(url, { ...auth, 'content-type': 'application/json' }, batch);
	expect(typed.status).toBe(200);
	expect(typed.json).toMatchObject({ acked: 0, state: { status: 'running' } });
});

test('a part of a question-bank file sent without a Content-Type is refused 415, nothing stored; typed, it is taken', async ({
	request,
	baseURL
}) => {
	const session = await request.post('/api/session', {
		data: { login: '0900000001', password: 'BanToChuc2026' }
	});
	expect(session.status(), await session.text()).toBe(200);
	const cookie = (await request.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	const body = 'Câu hỏi,A,B,Đáp án\nMột cộng một?,1,2,B\n';
	const started = await request.post('/api/admin/bank/imports', {
		headers: { origin: baseURL! },
		data: { fileName: 'untyped.csv', size: Buffer.byteLength(body), defaults: {} }
	});
	expect(started.status(), await started.text()).toBe(201);
	const { id } = (await started.json()) as { id: string };
	const url = `${baseURL}/api/admin/bank/imports/${id}/parts/0`;
	const auth = { cookie, origin: baseURL! };
	const parts = () =>
		withDb(SHARED_DB, (db) =>
			db.selectFrom('import_part').select(['idx', 'data']).where('batch_id', '=', id).execute()
		);

	// Taken before, it was stored as an empty part: the file one part short, and nothing said.
	expect(await post(url, auth, body, 'PUT')).toEqual({
		status: 415,
		json: {
			error: {
				code: 'noContentType',
				message:
					'Phần tệp được gửi thiếu tiêu đề Content-Type; hãy gửi kèm Content-Type: application/octet-stream.'
			}
		}
	});
	expect(await parts()).toEqual([]);
	const typed = await post(url, { ...auth, 'content-type': 'application/octet-stream' }, body, 'PUT');
	expect(typed.status).toBe(204);
	const stored = await parts();
	expect(stored.map((p) => [p.idx, Buffer.from(p.data).toString('utf8')])).toEqual([[0, body]]);
});
