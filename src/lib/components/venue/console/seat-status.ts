// What the console says about a seat, in one place for the list, the map and the start dialog.
import type { Grid, GridDevice } from '$lib/client/proctor.svelte';
import { isReady } from '$lib/client/readiness';
import { labelAfterNoun } from '$lib/i18n/tablet-label';

type Seat = Grid['seats'][number];

/** The word for a seat's attempt: absent and not-signed-in come before the attempt's own status. */
export function seatState(seat: Seat, started: boolean): string {
	if (!seat.finalist) return '';
	if (seat.absent) return 'absent';
	if (!started && !seat.present) return 'notSignedIn';
	return seat.state?.status ?? '';
}

/** Seats that are not ready to start: a finalist with no tablet, an offline or unready tablet, no sign-in. */
export function notReady(
	g: Grid,
	online: (d: GridDevice) => boolean
): {
	key: 'seatNoTablet' | 'tabletOffline' | 'tabletNotReady' | 'notSignedIn';
	seat: string;
	sbd: string;
	device: string;
}[] {
	const out: ReturnType<typeof notReady> = [];
	for (const s of g.seats) {
		if (!s.finalist) continue;
		// `device` fills "máy {device}".
		const base = { seat: s.label, sbd: s.finalist.sbd, device: labelAfterNoun(s.device?.label ?? '') };
		if (!s.device || s.device.status !== 'approved') out.push({ key: 'seatNoTablet', ...base });
		else if (!online(s.device)) out.push({ key: 'tabletOffline', ...base });
		else if (!isReady(s.device.readiness)) out.push({ key: 'tabletNotReady', ...base });
		else if (!s.present) out.push({ key: 'notSignedIn', ...base });
	}
	return out;
}
