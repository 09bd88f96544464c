import type { venueAdminVi } from './venue-admin.vi';
import { exclusionsEn } from './exclusions.en';

export const venueAdminEn: typeof venueAdminVi = {
	title: 'Final round',
	exclusions: exclusionsEn,
	promote: 'Choose the finalists',
	fromRound: 'From round',
	topOverall: 'Top candidates in the province',
	topPerUnit: 'Top candidates of each unit',
	promoteButton: 'Choose finalists',
	addByHand: 'Add by hand (national id or phone)',
	add: 'Add',
	finalists: 'Finalists',
	assignSeats: 'Assign seats',
	tickets: 'Print admission tickets',
	print: 'Print',
	name: 'Full name',
	unit: 'Unit',
	room: 'Room',
	seat: 'Seat',
	manual: 'added by hand',
	remove: 'Remove',
	rooms: 'Rooms',
	notPrepared: 'not prepared',
	roomStatus: {
		preparing: 'preparing',
		running: 'running',
		paused: 'paused',
		locked: 'locked',
		finalised: 'finalised'
	},
	proctors: 'Proctors',
	notAssigned: 'not assigned yet',
	unassignProctor: 'Unassign proctor {name}',
	assignProctor: 'Assign a proctor',
	assign: 'Assign',
	openConsole: 'Open the console',
	finalise: 'Finalise the room',
	noFinal: 'There is no final round yet.',
	ticketTitle: 'FINAL ROUND ADMISSION TICKET',
	leftOutEntry: '{name} (rank {rank}, {reason})',
	ticketNote: 'Bring this ticket and an identity document. Keep the PIN to yourself.',
	done: {
		promoted: '{n} {n|candidate|candidates} added to the final.',
		leftOut:
			'{n} {n|person|people} on the list of those who may not take part left out (the next in the ranking chosen instead): {names}.',
		added: 'Candidate added, number {sbd}.',
		removed: 'Removed.',
		seated: '{n} {n|finalist|finalists} seated.',
		assigned: 'Proctor assigned.',
		unassigned: 'Proctor unassigned.',
		finalised: 'Room finalised.'
	},
	refused: {
		invalid: 'The data is not valid.',
		loginRequired: 'Enter a national id number or a phone number.',
		noFinalRound: 'There is no final round yet.',
		noCandidate: 'No candidate with this national id number or phone number.',
		alreadyFinalist: 'The candidate is already on the list (number {sbd}).',
		excluded: 'Not added: this person is on the list of those who may not take part ({reason}).',
		noFinalist: 'Finalist not found.',
		paperPrepared: 'Cannot remove: the finalist’s paper has been prepared.',
		notProctor: 'The person chosen is not a proctor.',
		roomNotFound: 'Room not found.',
		seatsOpen: 'Cannot finalise yet: {seats} have not sent everything or not submitted.'
	}
};
