// Codes the server stores and a person reads back: every one has its sentence, in both
// languages (a reviewer found "Thao tác khác (proctor.assign)" in a room's minutes, and
// "after_close, review" in the organiser's dispute view).
import { describe, expect, it } from 'vitest';
import { actionSentence, incidentSentence } from './console-text';
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

// The console's incidents and the minutes name a tablet by the label typed at enrolment, after the
// catalogue's own noun: "Máy dự phòng" was "sang máy Máy dự phòng", "Tablet 5" "tablet Tablet 5".
describe('a tablet labelled with its noun', () => {
	const vi = messages('vi').console;
	const en = messages('en').console;
	it('is named once in an incident', () => {
		const move = { sbd: 'CK006', device: 'Máy dự phòng' };
		expect(incidentSentence(vi, 'move', move, '')).toBe('Chuyển thí sinh CK006 sang máy dự phòng.');
		expect(incidentSentence(en, 'wipe', { device: 'Tablet 5' }, '')).toBe('Wipe of tablet 5 allowed.');
		expect(incidentSentence(vi, 'wipe', { device: 'T5' }, '')).toBe('Cho phép xóa dữ liệu máy T5.');
	});
	it('is named once in a proctor’s action', () => {
		const named = { seat: () => 'Ghế 1', device: () => 'MÁY 5' };
		expect(actionSentence(vi, 'room.approve', { deviceId: 'd', seatId: 's' }, named)).toBe(
			'Duyệt máy 5 vào Ghế 1'
		);
		expect(actionSentence(en, 'room.reject', { deviceId: 'd' }, named)).toBe('Tablet 5 rejected');
	});
});
