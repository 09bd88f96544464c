import type { accountVi } from './account.vi';

export const accountEn: typeof accountVi = {
	showPassword: 'Show password',
	hidePassword: 'Hide password',
	forgotLink: 'Forgot your password?',
	forgot: {
		title: 'Forgot your password',
		lead: 'Enter the national ID number or phone number you registered with. If the account has an e-mail address, we send a link there to set a new password.',
		login: 'National ID number or phone number',
		submit: 'Send the link',
		sent: 'If this account has an e-mail address, a password reset link has just been sent there. The link is valid for {minutes} minutes. Check your spam folder too.',
		noEmailTitle: 'No e-mail address?',
		noEmail:
			"Call the organisers' hotline. Once they have checked who you are by phone, they read you a one-time code to set a new password.",
		contact: "The organisers' hotline number and address",
		haveCode: 'I have a code from the organisers',
		noMail:
			'Resetting a password by e-mail is not open on this server. Please contact the organisers for a reset code.'
	},
	reset: {
		title: 'Set a new password',
		byLink: 'Set a new password for your account.',
		byCode: 'Enter the one-time code the organisers read to you.',
		login: 'National ID number or phone number',
		code: 'Reset code (for example ABCD-EFGH)',
		password: 'New password (at least 8 characters, letters and digits)',
		submit: 'Set the new password',
		done: 'Your new password is set. You are signed in.'
	},
	assist: {
		title: 'Issue a password reset code',
		lead: 'For candidates without e-mail. Call back the registered phone number and ask for the date of birth and unit before issuing a code. The code works once and expires after {minutes} minutes; every code issued is logged.',
		login: "The candidate's national ID number or phone number",
		find: 'Find the account',
		notFound: 'No such account.',
		who: 'Account',
		name: 'Full name',
		phone: 'Phone',
		birthDate: 'Date of birth',
		unit: 'Unit',
		role: 'Role',
		roleCandidate: 'Candidate',
		confirm: 'I called this phone number back and checked it is the right person',
		issue: 'Issue a code',
		issued: 'Reset code for {name}, expiring at {time}. Read it over the phone; it is shown only once:',
		mustConfirm: 'Confirm that you checked who is calling before issuing a code.',
		link: 'Issue a password reset code'
	},
	mail: {
		subject: 'Reset your Phòng Thi password',
		body: 'Hello {name},\n\nSomeone (perhaps you) asked to reset the password of your Phòng Thi account. Open this link to set a new password (valid for {minutes} minutes, once):\n\n{link}\n\nIf you did not ask, ignore this message; your password has not changed.\n\nThe contest organisers'
	},
	signOut: {
		sending: 'Sending unsent answers…',
		unsent:
			'{n} {n|change|changes} could not be sent to the server yet (perhaps the connection is down). If you sign out now they stay on this device and are sent when you sign in again on this device.',
		confirm: 'Sign out anyway',
		stay: 'Stay and try again'
	},
	errors: {
		tooManyTries: 'Too many wrong attempts. Please try again in {wait}.',
		nulCharacter: 'The data sent contains a character that is not allowed.',
		badName: 'The name contains characters that are not allowed (control or invisible characters).',
		badProvince: 'The first three digits of the ID number are not a province code.',
		badResetLink:
			'This password reset link is not valid, was already used or has expired. Please ask for a new one.',
		badResetCode: 'The reset code is wrong, was already used or has expired.',
		tooManyResets: 'Too many password reset requests. Please try again in {wait}.'
	}
};
