// Who may sign in on a tablet: the seat's finalist, or one the proctor moved to it.
import { describe, expect, it } from 'vitest';
import type { VenuePackage } from '../db';
import { signInCandidates } from './codes';

const verifier = { salt: '', iterations: 1, hash: '' };
const finalist = (id: string, seatId: string | null) => ({
	finalistId: id,
	attemptId: `a-${id}`,
	sbd: `CK-${id}`,
	seatId,
	pinCheck: verifier,
	paper: { iv: '', data: '' },
	name: null
});
const pkg: VenuePackage = {
	roomId: 'r',
	roomName: 'R',
	durationMs: 1,
	maxLateMs: 1,
	wrappedKey: { iv: '', data: '' },
	unlockCheck: verifier,
	finalists: [finalist('1', 's1'), finalist('2', 's2'), finalist('3', 's3')],
	fetchedAt: 0
};
const ids = (fs: { finalistId: string }[]) => fs.map((f) => f.finalistId);

describe('signInCandidates', () => {
	it("takes the seat's finalist and those moved here, no one else", () => {
		expect(ids(signInCandidates(pkg, 's2', []))).toEqual(['2']);
		expect(ids(signInCandidates(pkg, 's2', ['3']))).toEqual(['2', '3']);
		// A spare (no seat) serves only finalists moved to it.
		expect(ids(signInCandidates(pkg, null, []))).toEqual([]);
		expect(ids(signInCandidates(pkg, null, ['1']))).toEqual(['1']);
		expect(ids(signInCandidates(null, 's1', ['1']))).toEqual([]);
	});
});
