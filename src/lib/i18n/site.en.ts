// The site's own pages (header and menu, home, registration, sign-in, the candidate's dashboard,
// the organiser's and proctor's start pages), in English.
import type { siteVi } from './site.vi';
import { auditEn } from './audit.en';

export const siteEn: typeof siteVi = {
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
		minutes: '{n} {n|minute|minutes}',
		minutesSeconds: '{n} {n|minute|minutes} {s} {s|second|seconds}'
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
		unlimited: 'Unlimited attempts'
	},
	admin: {
		title: 'Organisers',
		contest: 'Contest',
		rounds: 'Rounds',
		units: 'Units',
		candidates: 'Registered candidates',
		headcount: 'Expected participants',
		audit: 'Recent audit log',
		startsOn: 'Starts on: {date}',
		minAge: 'Minimum age: {age}',
		log: auditEn
	},
	proctor: {
		title: 'Proctor',
		lead: 'Exam room console.',
		rooms: 'Your rooms'
	}
};
