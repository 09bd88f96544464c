// Codes the server stores and a person reads back: every one has its sentence, in both
// languages (a reviewer found "Thao tác khác (proctor.assign)" in a room's minutes, and
// "after_close, review" in the organiser's dispute view).
import { describe, expect, it } from 'vitest';
import { actionSentence } from './console-text';
import { messages } from './catalogue';
import { LOCALES } from './locale';

/** The audit log's room actions, by hand: the console's actions (actions/index.ts), and the rest. */
const ACTIONS = [
	'room.start',
	'room.pause',
	'room.resume',
	'room.extend',
	'room.lock',
	'room.approve',
	'room.move',
	'room.incident',
	'room.enrolCode',
	'room.enrol_code',
	'room.declareLost',
	'room.wipe',
	'room.reject',
	'room.finalise',
	'room.upload',
	'room.layout',
	'room.proctor.assign',
	'room.proctor.unassign'
];

/** An answer event's flags, by hand: attempts/flags.ts and ingest.ts's oddities. */
const FLAGS = [
	'after_close',
	'after_move',
	'review',
	'conflict',
	'chain_break',
	'unknown_question',
	'bad_choice'
];

const names = { seat: () => 'Ghế 1', device: () => 'T1' };

describe.each(LOCALES)('in %s', (locale) => {
	const m = messages(locale);
	it.each(ACTIONS)('%s has a sentence of its own', (action) => {
		const other = m.console.actions.other.split('(')[0];
		const sentence = actionSentence(m.console, action, { deviceId: 'd', seatId: 's' }, names);
		expect(sentence).not.toContain(other);
		expect(sentence).not.toMatch(/[{}]/);
	});
	it('a rejection of every waiting tablet says so', () => {
		expect(actionSentence(m.console, 'room.reject', { deviceId: null }, names)).toBe(
			m.console.actions.rejectAll
		);
	});
	it.each(FLAGS)('the flag %s has a name', (flag) => {
		const flagNames: Record<string, string> = m.results.dispute.flagNames;
		expect(flagNames[flag]).toBeTruthy();
	});
});
