// The candidate's journey around the exam, in English.
import type { candidateVi } from './candidate.vi';

export const candidateEn: typeof candidateVi = {
	submitReasons: {
		candidate: 'submitted by the candidate',
		timeout: 'time ran out',
		lock: 'locked by the proctor',
		server_close: 'past the deadline, closed by the server',
		account_disabled: 'the organisers disabled the account, the server closed it'
	},
	start: {
		begin: 'Start the exam',
		resume: 'Continue the exam',
		starting: 'Loading the paper…',
		offline: 'A connection is needed to receive the paper. Please try again when online.',
		title: 'Start {round}?',
		rules:
			'The exam has {count} multiple-choice questions and lasts at most {length}. The clock runs from the start and does not stop if you close the page or lose the network; your answers are always saved on this device.',
		offlineGrace:
			'Answers made offline count only if they reach the server within {minutes} {minutes|minute|minutes} after the time is up: reconnect before then.',
		offlineNoGrace:
			'Answers made offline count only if they reach the server before the time is up: reconnect before then.',
		ranking:
			'Ranking is by score; on equal scores the faster candidate ranks higher; on equal time too, the closer answer to the tie-break question (if any), then the earlier submission.',
		attemptsLeft: 'After this attempt you will have {n} left.',
		lastAttempt: 'This is your last attempt in this round.',
		lastThisWeek: 'This is your last attempt this week; you can take more from next week.',
		unlimited: 'This round has no limit on attempts.',
		readRules: 'Read the full rules',
		confirm: 'I agree, start',
		cancel: 'Not now'
	},
	limits: {
		weekUsed: "You have used this week's attempts. The next attempt opens at {date}.",
		allUsed: 'You have used all attempts of this round.',
		// The word follows the count shown first: "0/1 attempts left", "1/3 attempt left".
		left: '{n}/{max} {n|attempt|attempts} left',
		leftThisWeek: '{n}/{max} {n|attempt|attempts} left this week',
		pending:
			'{n} {n|attempt|attempts} made on this device and not yet sent to the server {n|is|are} already taken off.',
		heardAt:
			'Attempts as the server counted them at {time}; attempts made on other devices since then are not counted here. An attempt over the limit is kept on this device only and is not recorded.',
		newWeek:
			"A new week has begun: the server will count this week's attempts once you are online. An attempt over the limit is kept on this device only and is not recorded."
	},
	result: {
		savedOnDevice:
			'Your work is saved on this device and waiting to be sent. The score appears once connected.',
		doneTitle: 'Submitted',
		timeUp: 'Time is up. Your answers were submitted automatically.',
		closedOnServer:
			'This exam was submitted from another device, had passed its time, or was closed by the server (the account was disabled). Answers made on this device after that are kept but do not count.',
		review: 'Review',
		yourAnswer: 'Your answer',
		correctAnswer: 'Correct answer',
		wrong: 'Wrong',
		unanswered: 'Not answered',
		timeUsed: 'Time used: {time}',
		rank: 'Current rank: {rank}/{total}',
		rankLater: 'Your rank will show once the server has computed it.',
		practiceProvisional: 'Scored on this device; the server confirms it once connected.',
		practiceUnrecorded:
			'This practice attempt was not recorded by the server: {message} Your answers, score and review are still kept on this device.',
		practiceUnrecordedShort: 'kept on this device only',
		retry: 'Try again',
		retryWrong: 'Retry only the {n} wrong {n|one|ones}',
		retryUnanswered: 'Retry only the {n} unanswered {n|one|ones}',
		retryBoth: 'Retry only the {n} wrong or unanswered {n|one|ones}',
		noneWrong: 'You answered every question correctly.',
		uncountedTitle: 'Answers not counted',
		uncountedLead:
			'The server received and kept the answers below but did not score them. If you wish to appeal, include the receipt code below.',
		uncountedQuestions: 'Question {list}',
		uncountedTiebreak: 'the prediction',
		uncountedReasons: {
			over_time: 'made after your time had run out',
			late_arrival:
				'reached the server after the deadline and grace period (the device was offline too long)',
			after_submit: 'reached the server after the attempt was submitted',
			after_move: 'made on the old tablet after you were moved to another one',
			after_lock: 'reached the server after the proctor locked the room'
		}
	},
	receipt: {
		title: 'Exam receipt',
		code: 'Receipt code',
		proves:
			'This code proves the server received exactly the answers you sent from this device when you submitted. Write it down or take a screenshot; the organisers use it to check any complaint.',
		deviceProves:
			'This code summarises the answers stored on this device; the server issues a receipt once it receives them.',
		download: 'Download the full receipt (.txt)',
		full: 'Full value',
		qr: 'QR code of the full receipt',
		fileTitle: 'Exam receipt — Phòng Thi',
		fileAttempt: 'Attempt',
		fileRound: 'Round',
		fileScore: 'Score',
		fileCode: 'Short receipt code',
		fileFull: 'Full receipt (HMAC-SHA-256)'
	},
	history: {
		// the dashboard's lines about a round
		attempts: 'Attempts',
		bestOf: 'Best score: {score}/{max}',
		rankOf: 'Rank: {rank}/{total}',
		title: 'My attempts',
		none: 'You have not taken any exam yet.',
		round: 'Round',
		when: 'When',
		score: 'Score',
		timeUsed: 'Time',
		rank: 'Rank',
		rankPending: 'awaiting publication',
		receipt: 'Receipt',
		certificate: 'Certificate',
		prize: 'Prize',
		status: 'Status',
		running: 'In progress',
		absent: 'Absent',
		submitted: 'Submitted',
		closed: 'Round closed',
		attemptOf: 'Attempt {n}',
		download: 'Download certificate',
		best: 'Best score',
		latestOnly: 'Only the latest {n} are shown.'
	},
	finalist: {
		title: 'You are in the final!',
		lead: 'Congratulations! You are a finalist. Bring the admission ticket below.',
		ticket: 'Admission ticket',
		sbd: 'Candidate number',
		room: 'Room',
		date: 'Date',
		time: 'Arrive by',
		address: 'Venue',
		bring: 'What to bring',
		bringList:
			'Your citizen ID card (or another photo ID) and this ticket (printed or on your phone). No tablet needed: the organisers provide one.',
		qr: 'QR code of the admission ticket',
		pinNote: 'The PIN for the tablet is handed out by the proctor in the room.',
		notSeated: 'The organisers are assigning rooms; your room will show here.',
		print: 'Print the ticket',
		tbd: 'To be announced',
		name: 'Full name',
		birthDate: 'Date of birth',
		unit: 'Unit',
		pin: 'PIN',
		identityCheck:
			'The proctor checks the name and date of birth on this ticket against your ID card before you enter the room.',
		pinSecret: 'The PIN signs you in on the tablet in the room; do not tell anyone.'
	},
	nav: {
		menuButton: 'Menu',
		results: 'Results',
		rules: 'Rules',
		prizes: 'Prizes',
		schedule: 'Schedule',
		contact: 'Contact',
		faq: 'FAQ',
		more: 'About the contest',
		footer: 'Footer links'
	},
	home: {
		openNow: 'Open now',
		upcoming: 'Opening soon',
		closed: 'Closed',
		dates: '{from} – {to}',
		info: 'About the contest',
		lookup: 'Look up your result',
		results: 'Published results'
	},
	pages: {
		rules: 'Contest rules',
		prizes: 'Prizes',
		schedule: 'Schedule',
		contact: 'Contact and hotline',
		faq: 'Questions and answers',
		venue: 'Venue of the final (printed on admission tickets)',
		empty: 'The organisers have not published this yet.',
		updated: 'Updated {date}',
		editTitle: 'Contest information pages',
		editLead:
			'The public pages: rules, prizes, schedule, contact, FAQ. Separate paragraphs with a blank line; a line starting with "## " is a subheading, one starting with "- " a bullet.',
		edit: 'Edit',
		title: 'Title',
		body: 'Text',
		save: 'Save and publish',
		saved: 'Saved. The public page is updated.',
		view: 'View the public page',
		tooLong: 'The text is too long (at most 20,000 characters).',
		scheduleRounds: 'Rounds'
	},
	lookup: {
		title: 'Look up your result',
		lead: 'Enter your candidate number (final) or the phone number you registered with, and your year of birth, to see your own score and rank.',
		key: 'Candidate number or phone number',
		birthYear: 'Year of birth',
		badYear: 'The year of birth has 4 digits, for example 1990.',
		submit: 'Look up',
		notFound: 'No result matches what you entered.',
		tooMany: 'Too many look-ups. Please try again in {wait}.',
		found: 'Your result',
		round: 'Round',
		score: 'Score',
		rank: 'Rank',
		prize: 'Prize',
		time: 'Time',
		unpublished: 'Not yet published',
		noPrize: '—'
	},
	results: {
		units: 'Unit ranking',
		unitsCaption: 'Collective ranking',
		unit: 'Unit',
		value: 'Measure',
		participants: 'Candidates',
		prize: 'Prize',
		rank: 'Rank',
		individual: 'Individual ranking'
	},
	tiebreak: {
		title: 'Tie-break question (prediction)',
		hint: 'Enter a number: a comma groups thousands, a dot marks decimals (1,500 is one thousand five hundred, 2.5 is two and a half). Among equal scores and equal time used, the closer answer ranks higher.',
		readAs: 'Your number: {value}',
		required: 'Answer the tie-break question before submitting.',
		invalid: 'This is not a number we can read.',
		save: 'Save the tie-break answer'
	}
};
