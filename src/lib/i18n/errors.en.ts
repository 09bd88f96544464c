// The refusals the server words (forms, sign-in, registration), in English.
import { enCore } from './en';
import type { errorsVi } from './errors.vi';

export const errorsEn: typeof errorsVi = {
	...enCore.errorPage,
	required: 'Please fill this in.',
	tooLong: 'Too long.',
	badDate: 'Invalid date (year-month-day).',
	tooYoung: 'Candidates must be at least {age} on the contest start date ({date}).',
	futureBirth: 'The date of birth cannot be in the future.',
	tooOld: 'This date of birth makes the candidate over {age} years old. Please check it.',
	badNationalId: 'The personal identification number has exactly 12 digits.',
	idBirthYear: 'The identification number does not match the year of birth.',
	idGender: 'The identification number does not match the gender.',
	excluded:
		'This identification number is on the list of people who may not take part (organisers, judges, helpers).',
	duplicateId: 'This identification number is already registered.',
	duplicatePhone: 'This phone number is already registered.',
	badPhone: 'Invalid mobile number (for example 0912345678).',
	badEmail: 'Invalid email address.',
	weakPassword: 'The password needs at least 8 characters, with letters and digits.',
	badGender: 'Please choose a gender.',
	unknownUnit: 'Please choose a unit from the list.',
	guardianRequired: 'Candidates under 16 need a guardian.',
	guardianPhoneRequired: "Please enter the guardian's phone number.",
	guardianConsent: "The guardian's consent is required.",
	guardianIsCandidate: 'The guardian must be someone other than the candidate.',
	badLogin: 'Wrong sign-in details.',
	lockedAccount: 'This account is locked after too many failed sign-ins. Try again in {minutes} minutes.',
	tooManyFromAddress: 'Too many requests from this network address. Please try again in a few minutes.',
	tooManyRegistrations: 'Too many registrations from this network address. Please try again in {wait}.',
	tooManyCertificates: 'You have downloaded certificates many times in a row. Please try again in {wait}.',
	// {wait} in a refusal that passes with time (server/http.ts `wordRefusal`)
	waitSeconds: '{seconds} {seconds|second|seconds}',
	waitMinutes: '{minutes} {minutes|minute|minutes}',
	busy: 'The server is checking many passwords at once. Please try again in a few seconds.',
	invalidBody: 'The request data is invalid.',
	badPath: 'The address is not valid.',
	badOrigin: 'Request refused: it did not come from the contest site.',
	unauthenticated: 'Please sign in.',
	notAllowed: 'You are not allowed to do this.'
};
