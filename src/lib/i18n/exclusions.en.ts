// The organiser's exclusion list (/admin/exclusions), in English.
import type { exclusionsVi } from './exclusions.vi';

export const exclusionsEn: typeof exclusionsVi = {
	title: 'People who may not take part',
	lead: 'The rules keep members of the organising committee, the judges, their helpers and others directly running the contest out of it. A national id on this list cannot register an account or start a graded round (practice stays open), is not chosen for the final, and is flagged in the ranking.',
	one: {
		title: 'Add one person',
		nationalId: 'National id number (12 digits)',
		reason: 'Reason or role',
		submit: 'Add to the list'
	},
	many: {
		title: 'Add many people',
		label: 'The list, one person a line',
		hint: 'Each line: the national id, a comma (or a Tab), then the reason or role. Two columns pasted from a spreadsheet work. If any line is wrong nobody is added: correct the lines named and send the list again.',
		example: 'For example: 082080009999, Member of the panel of judges',
		submit: 'Add the whole list'
	},
	list: {
		title: 'The list ({n} {n|person|people})',
		empty: 'The list is empty.',
		nationalId: 'National id',
		reason: 'Reason',
		addedAt: 'Added',
		account: 'Account',
		noAccount: 'Not registered',
		unknownDate: 'Unknown',
		graded: '{n} graded {n|attempt|attempts} taken',
		finalist: 'Finalist, number {sbd}',
		remove: 'Remove',
		removeLabel: 'Remove {id} from the list'
	},
	done: {
		added: '{n} {n|person|people} added to the list.',
		alreadyListed: '{n} national {n|id was|ids were} already on the list and left as {n|it was|they were}.',
		repeated: '{n} {n|line repeats|lines repeat} an id from an earlier line and {n|was|were} skipped.',
		nothingNew: 'Nobody added: every national id is already on the list.',
		removed: '{id} ({reason}) removed from the list.'
	},
	refused: {
		invalid: 'The data sent is not valid.',
		empty: 'There is no line to add.',
		tooManyLines: 'At most {max} lines can be added at once; split the list.',
		badLines:
			'Nobody added: {n} {n|line is|lines are} not right. Correct the lines below and send the list again.',
		more: '… and {n} more {n|line|lines} not right.',
		notListed: 'National id {id} is not on the list.'
	},
	line: 'Line {line}: {problem}',
	problems: {
		noSeparator: 'No comma (or Tab) between the national id and the reason.',
		noId: 'No national id.',
		badNationalId: 'The national id “{id}” must have exactly 12 digits.',
		leadingZero:
			'The national id “{id}” has only 11 digits; a spreadsheet may have dropped its leading zero.',
		badProvince: 'The national id “{id}” does not start with a valid province code.',
		noReason: 'No reason or role for {id}.',
		reasonTooLong: 'The reason for {id} is longer than {max} characters.'
	}
};
