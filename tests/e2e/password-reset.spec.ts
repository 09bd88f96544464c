// Getting back into an account, on a phone: a reset link by e-mail through a real SMTP
// receiver started here, and the organiser's one-time code for those without e-mail.
import { expect, test, type Page } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import AxeBuilder from '@axe-core/playwright';
import { TestServer } from './support/server';
import { freePort } from './support/processes';
import { hydrated, withDb } from './support/fixtures';

test.describe.configure({ mode: 'serial', timeout: 180_000 });
test.use({ viewport: { width: 390, height: 844 } });

interface Received {
	to: string[];
	raw: string;
}

const mails: Received[] = [];
let smtp: SMTPServer;
let server: TestServer;
/** Before the server and its database exist: no try it counts is older. */
let startedAt = 0;

test.beforeAll(async () => {
	startedAt = Date.now();
	const port = await freePort();
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const parts: Buffer[] = [];
			stream.on('data', (d: Buffer) => parts.push(d));
			stream.on('end', () => {
				mails.push({
					to: session.envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(parts).toString('utf8')
				});
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', () => resolve()));
	// ORIGIN, as in production: links in mail must name the public address.
	const webPort = await freePort();
	server = new TestServer('password-reset', {
		SMTP_HOST: '127.0.0.1',
		SMTP_PORT: String(port),
		MAIL_FROM: 'Ban Tổ Chức <btc@phongthi.test>',
		ORIGIN: `http://127.0.0.1:${webPort}`
	});
	server.port = webPort;
	await server.start();
});

test.afterAll(async () => {
	await server?.stop();
	await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** No axe violation of impact serious or critical on the page as it is now. */
async function expectAccessible(page: Page, what: string) {
	const result = await new AxeBuilder({ page }).analyze();
	const bad = result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} — ${n.target.join(' ')}`));
	expect(bad, what).toEqual([]);
}

/** The text of a mail, undoing quoted-printable (soft breaks, =XX bytes). */
function bodyOf(raw: string): string {
	const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
	const bytes = body
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
	return Buffer.from(bytes, 'latin1').toString('utf8');
}

async function registerWithApi(
	page: Page,
	who: { n: number; email: string | null }
): Promise<{ phone: string; password: string; name: string }> {
	const person = {
		fullName: `Lâm Thị Quên ${who.n}`,
		birthDate: '1990-03-03',
		gender: 'female',
		nationalId: `08219000${String(who.n).padStart(4, '0')}`,
		phone: `09330${String(who.n).padStart(5, '0')}`,
		email: who.email,
		address: 'Gò Công',
		unitId: 'my-tho',
		password: 'MatKhauCu2026',
		publishName: false
	};
	const res = await page.request.post(`${server.url}/api/candidates`, { data: person });
	expect(res.status(), await res.text()).toBe(201);
	return { phone: person.phone, password: person.password, name: person.fullName };
}

async function canSignIn(page: Page, login: string, password: string): Promise<number> {
	const ctx = await page.context().browser()!.newContext();
	const res = await ctx.request.post(`${server.url}/api/session`, { data: { login, password } });
	await ctx.close();
	return res.status();
}

test('a forgotten password is reset by a link sent through SMTP', async ({ page }, info) => {
	const who = await registerWithApi(page, { n: 1, email: 'lam.thi.quen@example.vn' });
	await registerWithApi(page, { n: 2, email: null });

	await page.goto(`${server.url}/login`);
	await hydrated(page);
	await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
	await expect(page.getByRole('heading', { name: 'Quên mật khẩu' })).toBeVisible();
	await page.screenshot({ path: info.outputPath('forgot-390.png'), fullPage: true });
	await expectAccessible(page, 'forgot');

	// An account without e-mail, and no account at all: the same answer, no mail.
	for (const login of ['0933000002', '0933999999']) {
		await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill(login);
		await page.getByRole('button', { name: 'Gửi liên kết' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: 'Nếu tài khoản này có địa chỉ thư điện tử' })
		).toBeVisible();
		await page.goto(`${server.url}/forgot`);
		await hydrated(page);
	}

	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill(who.phone);
	await page.getByRole('button', { name: 'Gửi liên kết' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Nếu tài khoản này có địa chỉ thư điện tử' })
	).toBeVisible();
	await page.screenshot({ path: info.outputPath('forgot-sent-390.png'), fullPage: true });

	await expect.poll(() => mails.length, { timeout: 30_000 }).toBe(1);
	const mail = mails[0];
	expect(mail.to).toEqual(['lam.thi.quen@example.vn']);
	const text = bodyOf(mail.raw);
	expect(text).toContain(`Xin chào ${who.name}`);
	const link = /(http:\/\/\S+\/reset\?token=[\w-]+)/.exec(text)?.[1];
	expect(link, text).toBeTruthy();
	expect(link!.startsWith(`${server.url}/reset?token=`)).toBe(true);

	await page.goto(link!);
	await hydrated(page);
	await expect(page.getByRole('heading', { name: 'Đặt mật khẩu mới' })).toBeVisible();
	const password = page.getByLabel('Mật khẩu mới');
	await password.fill('short');
	await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
	await expect(page.getByText('Mật khẩu cần ít nhất 8 ký tự, gồm cả chữ và số.')).toBeVisible();
	await password.fill('MatKhauMoi2027');
	// The show-password toggle: what was typed can be read before it is sent.
	await expect(password).toHaveAttribute('type', 'password');
	await page.getByRole('button', { name: 'Hiện mật khẩu' }).click();
	await expect(password).toHaveAttribute('type', 'text');
	await expect(page.getByRole('button', { name: 'Ẩn mật khẩu' })).toHaveAttribute('aria-pressed', 'true');
	await page.screenshot({ path: info.outputPath('reset-390.png'), fullPage: true });
	await expectAccessible(page, 'reset by link');
	await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
	await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
	await expect(page.getByRole('heading', { name: `Xin chào, ${who.name}` })).toBeVisible();

	expect(await canSignIn(page, who.phone, 'MatKhauCu2026')).toBe(401);
	expect(await canSignIn(page, who.phone, 'MatKhauMoi2027')).toBe(200);

	// The link worked once.
	await page.goto(link!);
	await hydrated(page);
	await expect(page.getByRole('alert')).toContainText('không hợp lệ, đã dùng hoặc đã hết hạn');
	const reuse = await page.request.post(`${server.url}/reset`, {
		form: { token: new URL(link!).searchParams.get('token')!, password: 'MatKhauKhac2028' },
		headers: { accept: 'application/json' }
	});
	expect((await reuse.json()).type).toBe('failure');
	expect(await canSignIn(page, who.phone, 'MatKhauKhac2028')).toBe(401);
});

test('the organiser checks a caller by phone and issues a one-time code that expires', async ({
	page,
	browser
}, info) => {
	const who = await registerWithApi(page, { n: 3, email: null });

	const organiserCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const organiser = await organiserCtx.newPage();
	await organiser.goto(`${server.url}/login`);
	await hydrated(organiser);
	await organiser.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill('0900000001');
	await organiser.getByLabel('Mật khẩu').fill('BanToChuc2026');
	await organiser.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(organiser).toHaveURL(/\/admin$/, { timeout: 30_000 });
	await organiser.getByRole('link', { name: 'Cấp mã đặt lại mật khẩu' }).click();
	await organiser.getByLabel('Số định danh cá nhân hoặc số điện thoại của thí sinh').fill(who.phone);
	await organiser.getByRole('button', { name: 'Tìm tài khoản' }).click();
	await expect(organiser.getByText(who.name)).toBeVisible();
	await expect(organiser.getByText('03/03/1990')).toBeVisible();
	await organiser.getByLabel('Tôi đã gọi lại số điện thoại này').check();
	await organiser.getByRole('button', { name: 'Cấp mã' }).click();
	const codeBox = organiser.locator('.code');
	await expect(codeBox).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	const code = (await codeBox.textContent())!;
	await organiser.screenshot({ path: info.outputPath('assist-390.png'), fullPage: true });
	await expectAccessible(organiser, 'organiser issues a code');

	// The candidate, from the sign-in page, with the code as read over the phone.
	await page.goto(`${server.url}/login`);
	await hydrated(page);
	await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
	await page.getByRole('link', { name: 'Tôi đã có mã từ Ban tổ chức' }).click();
	// The forgot page has a field of the same label: fill only once the reset page is drawn.
	await expect(page.getByLabel('Mã đặt lại')).toBeVisible();
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill(who.phone);
	await page.getByLabel('Mã đặt lại').fill('AAAA-AAAA');
	await page.getByLabel('Mật khẩu mới').fill('MatKhauMoi2027');
	await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
	await expect(page.getByRole('alert')).toContainText('Mã đặt lại không đúng');
	await expect(page.getByRole('button', { name: 'Đặt mật khẩu mới' })).toBeEnabled();
	await page.getByLabel('Mã đặt lại').fill(code.toLowerCase().replace('-', ' '));
	await page.getByLabel('Mật khẩu mới').fill('MatKhauMoi2027');
	await page.screenshot({ path: info.outputPath('reset-code-390.png'), fullPage: true });
	await expectAccessible(page, 'reset by code');
	// What the server answered, so a failure here says why (a redirect: 303, or 200 with JSON).
	const reply = page.waitForResponse(
		(r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/reset'
	);
	await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
	const answer = await reply;
	const said = await answer.text().catch(() => '');
	expect(answer.status(), said).toBeLessThan(400);
	expect(said, 'the reset is refused').not.toContain('"failure"');
	await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
	expect(await canSignIn(page, who.phone, 'MatKhauMoi2027')).toBe(200);

	// Used once; and a fresh code that has expired is refused too.
	const again = await page.request.post(`${server.url}/reset`, {
		form: { login: who.phone, code, password: 'MatKhauKhac2028' },
		headers: { accept: 'application/json' }
	});
	expect((await again.json()).type).toBe('failure');
	await organiser.getByLabel('Tôi đã gọi lại số điện thoại này').check();
	await organiser.getByRole('button', { name: 'Cấp mã' }).click();
	await expect(codeBox).not.toHaveText(code);
	const second = (await codeBox.textContent())!;
	await withDb(server.sqliteFile, (db) =>
		db
			.updateTable('password_reset')
			.set({ expires_at: Date.now() - 1000 })
			.where('kind', '=', 'assisted')
			.where('used_at', 'is', null)
			.execute()
	);
	const expired = await page.request.post(`${server.url}/reset`, {
		form: { login: who.phone, code: second, password: 'MatKhauKhac2028' },
		headers: { accept: 'application/json' }
	});
	expect((await expired.json()).type).toBe('failure');
	expect(await canSignIn(page, who.phone, 'MatKhauKhac2028')).toBe(401);

	// Each code issued and each reset is in the audit log, with who issued it.
	const audit = await withDb(server.sqliteFile, (db) =>
		db
			.selectFrom('audit_log')
			.innerJoin('app_user', 'app_user.id', 'audit_log.target')
			.select(['audit_log.action', 'audit_log.actor_id', 'audit_log.detail'])
			.where('app_user.phone', '=', who.phone)
			.where('audit_log.action', 'like', 'password.%')
			.orderBy('audit_log.id')
			.execute()
	);
	expect(audit.map((a) => a.action)).toEqual([
		'password.codeIssued',
		'password.reset',
		'password.codeIssued'
	]);
	const organiserId = audit[0].actor_id;
	expect(JSON.parse(audit[1].detail)).toMatchObject({ via: 'assisted', issuedBy: organiserId });
	await organiserCtx.close();
});

/** The value of `key` in a form action's answer (`data` is devalue's flat JSON array). */
function actionData(answer: { data: string }, key: string): unknown {
	const flat = JSON.parse(answer.data) as unknown[];
	return flat[(flat[0] as Record<string, number>)[key]];
}

test('too many wrong codes or link requests from one address: the page says when to try again', async ({
	page
}, info) => {
	const hour = 3600_000;
	// Every try counted here (and in the tests above, from this address) was made after the server
	// started, so the oldest leaves the hour no sooner than an hour after that.
	const soonest = (answered: number) => Math.ceil((startedAt + hour - answered) / 1000);
	const wrongCode = { login: '0933999999', code: 'AAAA-AAAA', password: 'MatKhauMoi2027' };

	// Wrong codes, without JavaScript, until the address's hour is used up (20 of them).
	let refused = null;
	for (let i = 0; i < 25 && !refused; i++) {
		const res = await page.request.post(`${server.url}/reset`, {
			form: wrongCode,
			headers: { accept: 'text/html' }
		});
		if (res.status() === 429) refused = res;
		else expect(res.status()).toBe(400);
	}
	expect(refused, 'refused within 25 wrong codes').not.toBeNull();
	const wait = Number(refused!.headers()['retry-after']);
	expect(wait).toBeGreaterThanOrEqual(soonest(Date.now()));
	expect(wait).toBeLessThanOrEqual(3600);
	expect(await refused!.text()).toContain(
		`Có quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.`
	);

	// The page, with JavaScript: the wait in the alert, and in the answer the form reads.
	await page.goto(`${server.url}/reset`);
	await hydrated(page);
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill(wrongCode.login);
	await page.getByLabel('Mã đặt lại').fill(wrongCode.code);
	await page.getByLabel('Mật khẩu mới').fill(wrongCode.password);
	const reply = page.waitForResponse(
		(r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/reset'
	);
	await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
	const answer = await reply;
	const answered = await answer.json();
	expect(answered).toMatchObject({ type: 'failure', status: 429 });
	const pageWait = actionData(answered, 'retryAfterS') as number;
	expect(answer.headers()['retry-after']).toBe(String(pageWait));
	expect(pageWait).toBeGreaterThanOrEqual(soonest(Date.now()));
	expect(pageWait).toBeLessThanOrEqual(wait);
	await expect(page.getByRole('alert')).toHaveText(
		`Có quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau ${Math.ceil(pageWait / 60)} phút.`
	);
	await page.screenshot({ path: info.outputPath('reset-refused-390.png'), fullPage: true });
	await expectAccessible(page, 'reset refused');

	// Link requests: 30 an hour from one address (the first test made 3).
	let asked = null;
	for (let i = 0; i < 35 && !asked; i++) {
		const res = await page.request.post(`${server.url}/forgot`, {
			form: { login: '0933999999' },
			headers: { accept: 'text/html' }
		});
		if (res.status() === 429) asked = res;
		else expect(res.status()).toBe(200);
	}
	expect(asked, 'refused within 35 requests').not.toBeNull();
	const askWait = Number(asked!.headers()['retry-after']);
	expect(askWait).toBeGreaterThanOrEqual(soonest(Date.now()));
	expect(askWait).toBeLessThanOrEqual(3600);
	expect(await asked!.text()).toContain(
		`Có quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau ${Math.ceil(askWait / 60)} phút.`
	);
});
