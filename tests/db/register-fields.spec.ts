// Registration's refusals sit at the field to fix: a birth date over a hundred years back at the
// birth date (not at the national id it cannot match), a missing guardian phone at the guardian
// phone, asking for it. And a phone written +84 (0) … is taken, in its national form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { register, type RegisterResult, type RegistrationInput } from '../../src/lib/server/accounts';

// 25 Nov 2026, 09:00 in Vietnam: the demo contest, seeded the day before, has started.
const NOW = Date.UTC(2026, 10, 25, 2, 0);
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 24 * 3600_000));
});
afterAll(async () => t.drop());

function person(over: Partial<RegistrationInput> = {}): RegistrationInput {
	return {
		fullName: 'Phạm Văn Cụ',
		birthDate: '1960-02-02',
		gender: 'male',
		nationalId: '082060004321',
		phone: '0987004321',
		email: null,
		address: 'Ấp Long Hưng, Châu Thành',
		unitId: 'chau-thanh',
		password: 'MatKhau2026',
		publishName: false,
		guardian: null,
		...over
	};
}

const reg = (input: RegistrationInput, locale: 'vi' | 'en' = 'vi') =>
	register(t.db, { input, address: '10.40.0.1', limitPerHour: 100, locale }, NOW);
const fields = (r: RegisterResult) => (r.ok || r.status !== 422 ? {} : r.fields);

describe('a birth date too far back', () => {
	it('is refused at the birth date, not at the national id', async () => {
		// Born 1899: no CCCD number can say so (its century digit starts at 1900).
		const r = fields(await reg(person({ birthDate: '1899-06-01', nationalId: '082099004321' })));
		expect(r.birthDate?.code).toBe('tooOld');
		expect(r.birthDate?.message).toBe(
			'Theo ngày sinh này, thí sinh đã hơn 100 tuổi. Vui lòng kiểm tra lại ngày sinh.'
		);
		expect(r.nationalId).toBeUndefined();
		const en = fields(await reg(person({ birthDate: '1899-06-01', nationalId: '082099004321' }), 'en'));
		expect(en.birthDate?.message).toBe(
			'This date of birth makes the candidate over 100 years old. Please check it.'
		);
	});

	it('is refused from 1 January 1900, whose id would match, up to 101 years before today', async () => {
		for (const [birthDate, nationalId] of [
			['1900-01-01', '082000004321'],
			['1925-11-25', '082025004321']
		]) {
			const r = fields(await reg(person({ birthDate, nationalId })));
			expect([r.birthDate?.code, r.nationalId?.code], birthDate).toEqual(['tooOld', undefined]);
		}
	});

	it('is taken while the candidate is 100: born 26 November 1925, turning 101 tomorrow', async () => {
		// A weak password keeps the form from being stored; the birth date and id pass.
		const r = fields(
			await reg(person({ birthDate: '1925-11-26', nationalId: '082025004321', password: 'yeu' }))
		);
		expect(Object.keys(r)).toEqual(['password']);
	});
});

describe("a young candidate's guardian", () => {
	it('is asked for their phone number at the guardian phone field', async () => {
		const child = person({
			fullName: 'Phạm Minh Nhỏ',
			birthDate: '2013-04-04',
			nationalId: '082213004321',
			guardian: { name: 'Phạm Thị Mẹ', phone: '  ', consent: true }
		});
		const r = fields(await reg(child));
		expect(Object.keys(r)).toEqual(['guardian.phone']);
		expect(r['guardian.phone']).toMatchObject({
			code: 'guardianPhoneRequired',
			message: 'Vui lòng nhập số điện thoại của người giám hộ.'
		});
		const en = fields(await reg(child, 'en'));
		expect(en['guardian.phone']?.message).toBe("Please enter the guardian's phone number.");
		// With no guardian at all, the name's sentence says why one is needed.
		const none = fields(await reg({ ...child, guardian: null }));
		expect([none['guardian.name']?.code, none['guardian.phone']?.code]).toEqual([
			'guardianRequired',
			'guardianPhoneRequired'
		]);
	});
});

describe('a name that is not one', () => {
	it('is refused at the name: digits, symbols, an emoji, markup or a phone typed in it; names with an apostrophe or a hyphen are taken', async () => {
		for (const typed of [
			'123456',
			'@@ ##',
			'A',
			'Lan 0912345678',
			'Nguyễn 🙂 Văn An',
			'<b>Lê</b> Văn Dũng',
			'Trần Văn #1',
			'Võ Thị "Hoa"'
		]) {
			const r = fields(await reg(person({ fullName: typed })));
			expect(r.fullName?.code, typed).toBe('notAName');
		}
		const r = fields(await reg(person({ fullName: '0987' })));
		expect(r.fullName?.message).toBe('Hãy nhập họ và tên bằng chữ, như trên căn cước.');
		expect(fields(await reg(person({ fullName: '0987' }), 'en')).fullName?.message).toBe(
			'Enter the full name in letters, as on the ID card.'
		);
		const child = person({
			fullName: 'Phạm Minh Nhỏ',
			birthDate: '2013-04-04',
			nationalId: '082213004321',
			guardian: { name: '111', phone: '0912000111', consent: true }
		});
		expect(fields(await reg(child))['guardian.name']?.code).toBe('notAName');
		const ede = await reg(
			person({ fullName: "H'Hen Niê", gender: 'female', nationalId: '082160004322', phone: '0987004322' })
		);
		expect(ede.ok, JSON.stringify(ede)).toBe(true);
		const hyphen = await reg(
			person({ fullName: 'Lê Ánh-Tuyết', gender: 'female', nationalId: '082160004323', phone: '0987004323' })
		);
		expect(hyphen.ok, JSON.stringify(hyphen)).toBe(true);
	});
});

describe('a phone written +84 (0)', () => {
	it('registers, stored in its national form', async () => {
		const r = await reg(person({ phone: '+84 (0) 912 345 679' }));
		expect(r.ok, JSON.stringify(r)).toBe(true);
		const row = await t.db
			.selectFrom('app_user')
			.select('phone')
			.where('national_id', '=', '082060004321')
			.executeTakeFirstOrThrow();
		expect(row.phone).toBe('0912345679');
	});
});
