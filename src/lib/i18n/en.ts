import { candidateEn } from './candidate.en';
import { venueEn } from './venue.en';
import { practiceEn } from './practice.en';
import { examEn } from './exam.en';
import type { CoreMessages } from './vi';
import { accountEn } from './account.en';

// English core; the whole English catalogue (en.all.ts) is loaded only when chosen.
export const enCore: CoreMessages = {
	lang: { name: 'English', switchTo: 'Tiếng Việt', switchLabel: 'Chuyển sang tiếng Việt' },
	app: {
		name: 'Phòng Thi',
		contest: 'Contest on e-government towards digital government',
		skip: 'Skip to main content',
		offline: 'Offline — your data is kept on this device',
		online: 'Connected',
		footer: 'Phòng Thi — every answer is saved on the device before it is sent.'
	},
	nav: {
		home: 'Home',
		register: 'Register',
		signIn: 'Sign in',
		signOut: 'Sign out',
		dashboard: 'My exams',
		admin: 'Organisers',
		proctor: 'Proctor',
		menu: 'Main navigation'
	},
	home: {
		title: 'Online contest',
		lead: 'Citizens aged {age} and over who live or work in the province may take part. Each attempt has {count} multiple-choice questions in at most {minutes} minutes, graded automatically.',
		ctaRegister: 'Register to take part',
		ctaSignIn: 'I already have an account',
		rounds: 'Rounds'
	},
	round: {
		practice: 'Practice',
		qualifying: 'Qualifying round',
		final: 'Final round',
		opens: 'Opens',
		closes: 'Closes',
		questions: '{n} {n|question|questions}',
		minutes: '{n} {n|minute|minutes}'
	},
	register: {
		title: 'Create a contest account',
		fullName: 'Full name',
		birthDate: 'Date of birth',
		gender: 'Gender',
		male: 'Male',
		female: 'Female',
		other: 'Other',
		nationalId: 'Personal identification number (12 digits on the CCCD)',
		phone: 'Mobile phone number',
		email: 'Email (optional)',
		address: 'Address',
		unit: 'Unit (district, town, city, or department)',
		chooseUnit: '— Choose a unit —',
		password: 'Password (at least 8 characters, letters and digits)',
		publishName: 'I agree to my name being published in the results',
		guardianTitle: 'Guardian (required for candidates under 16)',
		guardianName: "Guardian's full name",
		guardianPhone: "Guardian's phone number",
		guardianConsent:
			'The guardian agrees to the candidate taking part and to the processing of personal data',
		submit: 'Register',
		done: 'Registration complete. Please sign in.',
		fixErrors: 'Please correct the highlighted fields.'
	},
	signIn: {
		title: 'Sign in',
		login: 'Personal identification number or phone number',
		password: 'Password',
		submit: 'Sign in',
		noAccount: 'No account yet?'
	},
	dashboard: {
		title: 'Hello, {name}',
		unit: 'Unit',
		openRounds: 'Open rounds',
		none: 'No round is open at the moment.',
		attemptsLeft: '{n} {n|attempt|attempts} left',
		unlimited: 'Unlimited attempts'
	},
	admin: {
		title: 'Organisers',
		contest: 'Contest',
		rounds: 'Rounds',
		units: 'Units',
		candidates: 'Registered candidates',
		headcount: 'Expected participants',
		audit: 'Recent audit log'
	},
	proctor: {
		title: 'Proctor',
		lead: 'Exam room console.',
		rooms: 'Your rooms'
	},
	exam: examEn,
	practice: practiceEn,
	candidate: candidateEn,
	venue: venueEn,
	account: accountEn,
	errors: {
		offline:
			'You are offline. This page needs a connection; exams already downloaded to this device still work.',
		title: 'Something went wrong',
		notFound: 'Page not found.',
		forbidden: 'You are not allowed to open this page.',
		back: 'Back to the home page',
		required: 'Please fill this in.',
		tooLong: 'Too long.',
		badDate: 'Invalid date (year-month-day).',
		tooYoung: 'Candidates must be at least {age} on the contest start date ({date}).',
		futureBirth: 'The date of birth cannot be in the future.',
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
		guardianConsent: "The guardian's consent is required.",
		badLogin: 'Wrong sign-in details.',
		lockedAccount: 'This account is locked after too many failed sign-ins. Try again in {minutes} minutes.',
		tooManyFromAddress: 'Too many requests from this network address. Please try again in a few minutes.',
		tooManyRegistrations: 'Too many registrations from this network address. Please try again later.',
		invalidBody: 'The request data is invalid.',
		badOrigin: 'Request refused: it did not come from the contest site.',
		unauthenticated: 'Please sign in.',
		notAllowed: 'You are not allowed to do this.'
	}
};
