// Sentences built from stored codes and parameters (incidents, the proctor's actions), in the
// reader's language: the console and the minutes say the same thing in vi or en.
import { fmt } from './locale';
import type { Messages } from './catalogue';
import { labelAfterNoun } from './tablet-label';

type M = Messages['console'];
type Params = Record<string, string | number | boolean | null | undefined>;

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** An incident: its code and parameters through the catalogue; a row from before 0013 keeps its note. */
export function incidentSentence(m: M, kind: string, params: Params | null, note: string): string {
	if (!params) return note;
	const p = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, str(v)]));
	// The stored label fills "máy {device}" (move, wipe, upload).
	if (p.device) p.device = labelAfterNoun(p.device);
	switch (kind) {
		case 'note':
			return note;
		case 'extend':
			return fmt(m.incident.extend, p);
		case 'move':
			return fmt(m.incident.move, p);
		case 'lost':
			return p.sbd ? fmt(m.incident.lost, p) : m.incident.lostUnknown;
		case 'wipe':
			return fmt(m.incident.wipe, p);
		case 'late_start': {
			const s = fmt(params.capped ? m.incident.lateStartCapped : m.incident.lateStart, p);
			return params.viaCode ? `${s} ${m.incident.viaCode}` : s;
		}
		case 'upload':
			return fmt(m.incident.upload, p);
		case 'fullscreen_exit':
			return fmt(m.incident.fullscreenExit, p);
		default:
			return note;
	}
}

/** A proctor's action from the audit log (`room.<action>` and its detail), as a sentence. */
export function actionSentence(
	m: M,
	action: string,
	detail: Record<string, unknown>,
	names: { seat(id: unknown): string; device(id: unknown): string }
): string {
	const a = action.replace(/^room\./, '').replace('enrol_code', 'enrolCode');
	const seat = names.seat(detail.seatId);
	// It fills "máy {device}" in every action that names a tablet.
	const device = labelAfterNoun(names.device(detail.deviceId));
	switch (a) {
		case 'pause':
		case 'resume':
			return detail.seatId
				? fmt(a === 'pause' ? m.actions.pauseSeat : m.actions.resumeSeat, { seat })
				: a === 'pause'
					? m.actions.pause
					: m.actions.resume;
		case 'extend':
			return fmt(m.actions.extend, { seat, minutes: str(detail.minutes) });
		case 'approve':
			return detail.seatId
				? fmt(m.actions.approve, { seat, device })
				: fmt(m.actions.approveSpare, { device });
		case 'move':
		case 'wipe':
			return fmt(m.actions[a], { device });
		case 'reject':
			return detail.deviceId ? fmt(m.actions.reject, { device }) : m.actions.rejectAll;
		case 'proctor.assign':
			return m.actions.proctorAssign;
		case 'proctor.unassign':
			return m.actions.proctorUnassign;
		case 'layout':
			return fmt(m.actions.layout, { rows: str(detail.rows), cols: str(detail.cols) });
		case 'start':
		case 'lock':
		case 'incident':
		case 'enrolCode':
		case 'declareLost':
		case 'finalise':
		case 'upload':
			return m.actions[a];
		default:
			return fmt(m.actions.other, { action: a });
	}
}
