import type { apiVi } from './api.vi';
import { consoleEn } from './console.en';
import { accountEn } from './account.en';
import { errorsEn } from './errors.en';

export const apiEn: typeof apiVi = {
	invalidBody: 'The data sent is not valid.',
	invalidJson: 'The data sent is not valid JSON.',
	noContentType:
		'The request carries a body but no Content-Type header; send it with Content-Type: application/json.',
	tooLarge: 'The data sent is too large.',
	batchTooLarge: 'The batch of answers is too large (at most {kb} KB).',
	seqTooFarAhead:
		'The batch holds a seq more than {n} past what the server has received; send the earlier answers first.',
	tooManyVersions: 'An answer seq already holds {n} different contents; the server takes no more.',
	seqTooHigh:
		'A device may send at most {n} answers for one attempt; the server takes no more from this device.',
	tooManyDevices:
		'This attempt has already been taken on {n} devices; the server takes no new device for it, so continue on one already used.',
	nulCharacter: accountEn.errors.nulCharacter,
	badAddress:
		"The request carries no valid address of its sender, so the server refuses it. This server takes requests only through the contest's proxy.",
	invalidFields: 'The registration details are not valid.',
	tooManyRegistrations: errorsEn.tooManyRegistrations,
	busy: errorsEn.busy,
	serverError: 'Server error.',
	badOrigin: errorsEn.badOrigin,
	badPath: errorsEn.badPath,
	noSuchEndpoint: 'There is no such address in the Phòng Thi API.',
	methodNotAllowed: 'This address does not take the {method} method; it takes: {allow}.',
	unauthenticated: errorsEn.unauthenticated,
	notAllowed: errorsEn.notAllowed,
	badToken: 'The authentication token is missing or wrong.',
	deviceWiped: 'The proctor has allowed this tablet to be wiped: the server takes nothing more from it.',
	wrongAttempt: 'This token cannot be used for this attempt.',
	wrongDevice: 'This token cannot be used on this device.',
	notSeated: 'This device does not serve the candidate of this attempt.',
	notAssigned: 'You are not assigned to this room.',
	roundNotFound: 'Round not found.',
	notPractice: 'Practice round not found.',
	roundClosed: 'The round is not open at this time.',
	roundChanged: 'The organisers have just updated this round. Please press start again.',
	roundFinalised: 'The round’s results are final.',
	venueOnly: 'The final is taken at the venue only.',
	notCandidate: 'Only candidates can take an exam.',
	tooYoung: 'This round is for candidates aged {age} or over.',
	excluded:
		'This account is on the list of people who may not take part (members of the organising committee, the judges, their helpers and others directly running the contest), so it cannot take a graded round; practice stays open. If this is a mistake, please contact the organisers.',
	bankTooSmall: 'The question bank is too small to make a paper for this round.',
	tooManyAttempts: 'You have started too many attempts in an hour. Please try again in {wait}.',
	noAttemptsLeft: 'You have used all your attempts in this round (this week or in total).',
	attemptIdTaken: 'This attempt id is already used.',
	attemptNotFound: 'Attempt not found.',
	unknownQuestion: 'The practice paper holds a question outside this round’s public bank.',
	paperNotByBlueprint:
		'The practice paper does not follow this round’s blueprint (a question twice, or more questions than a topic and difficulty has).',
	missingEvents: 'The server has not received every answer yet; the device will send them again.',
	roomNotFound: 'Room not found.',
	badEnrolCode: 'The enrolment code is wrong or has expired.',
	otherRoom: 'This device belongs to another room; wipe its data first.',
	deviceIdTaken: 'No device id could be issued; try again.',
	tooManyPending:
		'Too many devices are waiting for approval in this room. Ask the proctor to approve or reject some, then try again.',
	notPending: 'This device has already been approved and is no longer waiting: it cannot be rejected.',
	notApproved: 'A proctor has not approved this device yet.',
	notStarted: 'The room has not started.',
	alreadyStarted: 'The room has already started.',
	notRunning: 'The room is not running.',
	alreadyPaused: 'Already paused.',
	notPaused: 'No pause is in progress.',
	noFinalist: 'No finalist found at this seat.',
	noDevice: 'Device not found in this room.',
	noSeat: 'Seat not found in this room.',
	spareNotApproved: 'The spare tablet has not been approved.',
	sameDevice: 'The finalist is already on this tablet.',
	outsideWindow: consoleEn.outsideWindow,
	lockedNoExtend: consoleEn.lockedNoExtend,
	lockedNoMove: consoleEn.lockedNoMove,
	lockedNoLost: consoleEn.lockedNoLost,
	attemptClosed: consoleEn.attemptClosed,
	extensionCapped: consoleEn.extensionCapped,
	spareInUse: consoleEn.spareInUse,
	wipeInUse: consoleEn.wipeInUse,
	wipeNotSent: consoleEn.wipeNotSent,
	logOtherRoom: 'The log file does not belong to this room.',
	logRepeatsAttempt:
		'The log file holds the same attempt more than once; the server does not take it. Export the log from the tablet again.',
	uploadBusy: 'The server is receiving another log file. Please choose the file again in {wait}.',
	uploadStalled:
		'The log file stopped arriving for more than {seconds} seconds; nothing was stored. Please choose the file again.',
	badLog: 'The log file cannot be read (wrong room, wrong key, edited, or holding invalid events).'
};
