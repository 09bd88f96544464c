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
		lead: 'For accounts of candidates and proctors who cannot get a reset e-mail. Call back the registered phone number and ask for the date of birth and unit before issuing a code. The code works once and expires after {minutes} minutes; every code issued is logged. Accounts can also be disabled and enabled again here.',
		login: "The candidate's or proctor's national ID number or phone number",
		find: 'Find the account',
		notFound: 'No such account.',
		organiser:
			"This is an organiser's account. Organiser passwords cannot be reset on this page; the server's administrator sets a new one with this command (it also signs the account out on every device):",
		organiserCommand: 'npm run admin:password -- --phone {phone} --password "NewPassword123"',
		organiserRefused:
			"An organiser's account cannot have its password reset or be disabled on this page. The server's administrator sets a new password with the command npm run admin:password.",
		who: 'Account',
		name: 'Full name',
		phone: 'Phone',
		birthDate: 'Date of birth',
		unit: 'Unit',
		role: 'Role',
		roleCandidate: 'Candidate',
		status: 'Status',
		active: 'Active',
		disabled: 'Disabled: cannot sign in',
		confirm: 'I called this phone number back and checked it is the right person',
		issue: 'Issue a code',
		issued: 'Reset code for {name}, expiring at {time}. Read it over the phone; it is shown only once:',
		mustConfirm: 'Confirm that you checked who is calling before issuing a code.',
		link: 'Issue a password reset code',
		disableTitle: 'Disable the account',
		disableLead:
			'A disabled account is signed out on every device at once and cannot sign in until it is enabled again. Its exam in progress at home is closed at once and graded on the answers the server has received; answers sent after that are kept but do not count. Disabling and enabling are logged.',
		confirmDisable: 'I want to disable this account and sign it out on every device',
		disable: 'Disable the account',
		enableTitle: 'Enable the account',
		enableLead: 'Once enabled, this person can sign in again with their password.',
		enable: 'Enable the account',
		mustConfirmDisable: 'Tick the confirmation before disabling the account.',
		disabledDone: "{name}'s account is disabled and signed out on every device.",
		enabledDone: "{name}'s account is enabled again.",
		disableSelf: 'You cannot disable your own account.',
		lastOrganiser: 'The last organiser account that can still sign in cannot be disabled.'
	},
	staff: {
		noStaffAccount: 'No organiser or proctor account has this phone number.'
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
		notAName: 'Enter the full name in letters, as on the ID card.',
		badProvince: 'The first three digits of the ID number are not a province code.',
		badResetLink:
			'This password reset link is not valid, was already used or has expired. Please ask for a new one.',
		badResetCode: 'The reset code is wrong, was already used or has expired.',
		tooManyResets: 'Too many password reset requests. Please try again in {wait}.'
	}
};
