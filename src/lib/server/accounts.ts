// Candidate self-registration: field rules, eligibility, uniqueness, throttling.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db';
import { BUSY_RETRY_MS, hashPassword } from './password';
import { isBusy } from './slots';
import {
	ageOn,
	isCalendarDate,
	isStrongPassword,
	nationalIdProblem,
	normalisePhone,
	vietnamDate
} from '$lib/exam/eligibility';
import { fmt, messages, type Locale, type Messages } from '$lib/i18n';
import { foldForSearch, isPersonName, normaliseName } from '$lib/exam/names';
import { isListed } from './exclusions';
import { releaseTry, reserveTry } from './ratelimit';
import { currentContest } from './contest';
import { audit } from './audit';
import { ADDRESS_MAX, NAME_MAX, REGISTRATION_REFUSALS_PER_HOUR } from '$lib/account-limits';

/** Under this age a guardian's name, phone and consent are required. */
export const GUARDIAN_BELOW_AGE = 16;

/**
 * Past this age at registration a birth date is taken for a typing mistake (1899 for 1989) and
 * refused at its own field; a CCCD number codes births from 1900 only, so the id would otherwise
 * be blamed for not matching it.
 */
export const OLDEST_AGE = 100;

/**
 * A national id as typed, spaces taken out ("082 090 005 010", as printed on the card):
 * registration stores it so and sign-in (auth.ts `loginKey`) looks it up so.
 */
export function normaliseNationalId(raw: string): string {
	return raw.replace(/\s/g, '');
}

const text = (max: number) =>
	z
		.string()
		.max(max * 4)
		.default('');

/** The shape of a registration; field rules are checked separately to report each field. */
export const registrationInput = z.object({
	fullName: text(NAME_MAX),
	birthDate: text(10),
	gender: text(10),
	nationalId: text(20),
	phone: text(20),
	email: z.string().max(400).nullish(),
	address: text(ADDRESS_MAX),
	unitId: text(60),
	password: z.string().max(800).default(''),
	publishName: z.boolean().default(false),
	guardian: z
		.object({
			name: text(NAME_MAX),
			phone: text(20),
			consent: z.boolean().default(false)
		})
		.nullish()
});
export type RegistrationInput = z.infer<typeof registrationInput>;

export type ErrorCode = keyof Messages['errors'] | keyof Messages['account']['errors'];
export interface FieldError {
	code: ErrorCode;
	/** In the language `register` was given. */
	message: string;
	/** What the sentence is filled with (`fieldMessage` words it in another language). */
	params: Record<string, string | number>;
}
export type FieldErrors = Partial<Record<string, FieldError>>;

export type RegisterResult =
	| { ok: true; userId: string }
	| { ok: false; status: 422; fields: FieldErrors }
	/** `tooManyRegistrations` carries `params.retryAfterMs`: how long until the address's bound lets one through. */
	| { ok: false; status: 429; code: 'tooManyRegistrations' | 'busy'; params?: { retryAfterMs: number } };

interface RegisterOptions {
	input: RegistrationInput;
	address: string;
	limitPerHour: number;
	/** Refusals for an id or phone taken or excluded, per address and hour. */
	refusedPerHour?: number;
	locale?: Locale;
}

const HOUR = 3600_000;
/** The longest window a registration try counts in (sweep.ts forgets older ones). */
export const REGISTER_TRIES_MS = HOUR;
const tooMany = (retryAfterMs: number): RegisterResult => ({
	ok: false,
	status: 429,
	code: 'tooManyRegistrations',
	params: { retryAfterMs }
});

/**
 * The catalogue's sentence for an account refusal's `code` in `locale` (the account's own
 * sentences first, then the shared ones), unfilled; undefined for a code neither has.
 */
export function accountErrorText(code: string, locale: Locale): string | undefined {
	const m = messages(locale);
	return (m.account.errors as Record<string, string>)[code] ?? (m.errors as Record<string, string>)[code];
}

/** A field's refusal in `locale`: the catalogue's sentence for `code`, filled with `params`. */
export function fieldMessage(
	code: ErrorCode,
	params: Record<string, string | number>,
	locale: Locale
): string {
	return fmt(accountErrorText(code, locale) ?? code, params);
}

/** A candidate's own registration: checked field by field, then stored within the address's limits. */
export async function register(db: Db, opts: RegisterOptions, now = Date.now()): Promise<RegisterResult> {
	const input = opts.input;
	const fields: FieldErrors = {};
	const fail = (field: string, code: ErrorCode, params: Record<string, string | number> = {}) => {
		fields[field] ??= { code, message: fieldMessage(code, params, opts.locale ?? 'vi'), params };
	};

	const contest = await currentContest(db);
	const minAge = contest?.min_age ?? 12;
	const startsOn = contest?.starts_on ?? vietnamDate(now);
	const today = vietnamDate(now);

	const fullName = normaliseName(input.fullName);
	if (fullName === null) fail('fullName', 'badName');
	else if (!fullName) fail('fullName', 'required');
	else if (fullName.length > NAME_MAX) fail('fullName', 'tooLong');
	else if (!isPersonName(fullName)) fail('fullName', 'notAName');

	const gender = input.gender;
	if (gender !== 'male' && gender !== 'female' && gender !== 'other') fail('gender', 'badGender');

	const birthDate = input.birthDate.trim();
	let age = 0;
	if (!birthDate) fail('birthDate', 'required');
	else if (!isCalendarDate(birthDate)) fail('birthDate', 'badDate');
	else if (birthDate > today) fail('birthDate', 'futureBirth');
	else if (ageOn(birthDate, startsOn) < minAge)
		fail('birthDate', 'tooYoung', { age: minAge, date: startsOn.split('-').reverse().join('/') });
	else if (ageOn(birthDate, today) > OLDEST_AGE) fail('birthDate', 'tooOld', { age: OLDEST_AGE });
	else age = ageOn(birthDate, today);

	const nationalId = normaliseNationalId(input.nationalId);
	if (!nationalId) fail('nationalId', 'required');
	else {
		const problem = nationalIdProblem(
			nationalId,
			birthDate,
			gender === 'male' || gender === 'female' ? gender : 'other'
		);
		if (problem === 'format') fail('nationalId', 'badNationalId');
		else if (problem === 'province') fail('nationalId', 'badProvince');
		else if (problem && !fields.birthDate && !fields.gender)
			fail('nationalId', problem === 'birthYear' ? 'idBirthYear' : 'idGender');
	}

	const phone = normalisePhone(input.phone);
	if (!input.phone.trim()) fail('phone', 'required');
	else if (!phone) fail('phone', 'badPhone');

	const email = input.email?.trim() || null;
	if (email && !z.email().safeParse(email).success) fail('email', 'badEmail');

	const address = input.address.trim();
	if (!address) fail('address', 'required');
	else if (address.length > ADDRESS_MAX) fail('address', 'tooLong');

	const unit = input.unitId
		? await db.selectFrom('unit').select(['id', 'kind']).where('id', '=', input.unitId).executeTakeFirst()
		: undefined;
	if (!unit || unit.kind === 'province') fail('unitId', 'unknownUnit');

	if (!isStrongPassword(input.password)) fail('password', 'weakPassword');

	const needsGuardian = !fields.birthDate && age < GUARDIAN_BELOW_AGE;
	const guardianName = normaliseName(input.guardian?.name ?? '');
	if (guardianName === null) fail('guardian.name', 'badName');
	else if (guardianName && !isPersonName(guardianName)) fail('guardian.name', 'notAName');
	const guardianPhone = input.guardian?.phone ? normalisePhone(input.guardian.phone) : null;
	if (needsGuardian) {
		if (guardianName === '') fail('guardian.name', 'guardianRequired');
		// The candidate's own name given as their guardian's: the consent is nobody's. (A child's
		// phone is often a parent's, so the same phone twice says nothing.)
		else if (guardianName && fullName && foldForSearch(guardianName) === foldForSearch(fullName))
			fail('guardian.name', 'guardianIsCandidate');
		if (!input.guardian?.phone?.trim()) fail('guardian.phone', 'guardianPhoneRequired');
		else if (!guardianPhone) fail('guardian.phone', 'badPhone');
		if (!input.guardian?.consent) fail('guardian.consent', 'guardianConsent');
	}

	if (Object.keys(fields).length > 0) return { ok: false, status: 422, fields };

	// Only registrations that went through count against `limitPerHour` (a school's typing
	// mistakes cost nothing), yet one counts from the moment its form is found valid
	// (ratelimit.ts `reserveTry`), so registrations side by side see each other; it is given
	// back unless its account is stored.
	const addressKey = `address:${opts.address}`;
	const made = await reserveTry(
		db,
		'register',
		[{ key: addressKey, windowMs: HOUR, which: 'successes', max: opts.limitPerHour }],
		true,
		now
	);
	if (!made.go) return tooMany(made.retryAfterMs);
	let stored = false;
	try {
		// Whether a national id or phone is taken, or excluded, is told only to a form otherwise
		// valid, and at most `refusedPerHour` times an hour to one address: each answer says
		// something about a person, so it must not become a free directory. The answer counts as
		// a refusal before it is looked up, and is given back when nothing was taken.
		const asked = await reserveTry(
			db,
			'register',
			[
				{
					key: addressKey,
					windowMs: HOUR,
					which: 'failures',
					max: opts.refusedPerHour ?? REGISTRATION_REFUSALS_PER_HOUR
				}
			],
			false,
			now
		);
		if (!asked.go) return tooMany(asked.retryAfterMs);
		if (await isListed(db, nationalId)) fail('nationalId', 'excluded');
		else if (
			await db.selectFrom('app_user').select('id').where('national_id', '=', nationalId).executeTakeFirst()
		)
			fail('nationalId', 'duplicateId');
		if (phone && (await db.selectFrom('app_user').select('id').where('phone', '=', phone).executeTakeFirst()))
			fail('phone', 'duplicatePhone');

		if (Object.keys(fields).length > 0) return { ok: false, status: 422, fields };
		await releaseTry(db, asked.reserved);

		const userId = randomUUID();
		let passwordHash: string;
		try {
			// Queued for the address that asked, so a few addresses cannot hold the queue (slots.ts).
			passwordHash = await hashPassword(input.password, opts.address);
		} catch (e) {
			if (isBusy(e)) return { ok: false, status: 429, code: 'busy', params: { retryAfterMs: BUSY_RETRY_MS } };
			throw e;
		}
		try {
			await db.transaction().execute(async (tx) => {
				await tx
					.insertInto('app_user')
					.values({
						id: userId,
						role: 'candidate',
						full_name: fullName!,
						national_id: nationalId,
						phone,
						email,
						password_hash: passwordHash,
						created_at: now,
						disabled: 0
					})
					.execute();
				await tx
					.insertInto('candidate_profile')
					.values({
						user_id: userId,
						birth_date: birthDate,
						gender: gender as 'male' | 'female' | 'other',
						address,
						unit_id: input.unitId,
						guardian_name: needsGuardian ? guardianName : null,
						guardian_phone: needsGuardian ? guardianPhone : null,
						guardian_consent: needsGuardian ? 1 : 0,
						publish_name: input.publishName ? 1 : 0
					})
					.execute();
				await audit(tx, { actorId: userId, action: 'candidate.register', target: userId }, now);
			});
		} catch (e) {
			// Two registrations racing for the same id or phone: the unique index decides.
			if (/unique|duplicate/i.test(String(e))) {
				const which = /phone/i.test(String(e)) ? 'phone' : 'nationalId';
				fail(which, which === 'phone' ? 'duplicatePhone' : 'duplicateId');
				return { ok: false, status: 422, fields };
			}
			throw e;
		}
		stored = true;
		return { ok: true, userId };
	} finally {
		if (!stored) await releaseTry(db, made.reserved);
	}
}

export interface CreateStaffInput {
	role: 'organiser' | 'proctor';
	fullName: string;
	phone: string;
	password: string;
}

/** Organisers and proctors sign in with their phone; they have no candidate profile. */
export async function createStaff(db: Db, input: CreateStaffInput, actorId: string | null, now = Date.now()) {
	const phone = normalisePhone(input.phone);
	if (!phone) throw new Error(messages('vi').errors.badPhone);
	const fullName = normaliseName(input.fullName);
	if (!fullName) throw new Error(messages('vi').account.errors.badName);
	if (!isStrongPassword(input.password)) throw new Error(messages('vi').errors.weakPassword);
	if (await db.selectFrom('app_user').select('id').where('phone', '=', phone).executeTakeFirst())
		throw new Error(messages('vi').errors.duplicatePhone);
	const id = randomUUID();
	// Hashed before the transaction, which must not wait for the hashing (password.ts).
	const passwordHash = await hashPassword(input.password);
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('app_user')
			.values({
				id,
				role: input.role,
				full_name: fullName,
				national_id: null,
				phone,
				email: null,
				password_hash: passwordHash,
				created_at: now,
				disabled: 0
			})
			.execute();
		await audit(tx, { actorId, action: 'role.grant', target: id, detail: { role: input.role } }, now);
	});
	return id;
}
