// Who may sign in on a tablet: the seat's finalist, or one the proctor moved to it; and which
// of the tablet's two codes does what.
import { describe, expect, it } from 'vitest';
import { makePinVerifier, pinUnlockLabel, unlockLabel } from '$lib/exam/venue-crypto';
import type { VenuePackage } from '../db';
import { checkPinUnlockCode, checkProctorCode, signInCandidates } from './codes';

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
	it('takes those the server says the tablet serves, no one else', () => {
		// The server lists the seat's finalist (served by seat) and one moved here.
		expect(ids(signInCandidates(pkg, ['2']))).toEqual(['2']);
		expect(ids(signInCandidates(pkg, ['2', '3']))).toEqual(['2', '3']);
		// The seat's finalist served by another tablet is not listed: not taken.
		expect(ids(signInCandidates(pkg, []))).toEqual([]);
		expect(ids(signInCandidates(pkg, ['1']))).toEqual(['1']);
		expect(ids(signInCandidates(null, ['1']))).toEqual([]);
	});
});

describe("a tablet's two codes", () => {
	const DEVICE = 'dev-1';
	const PROCTOR = 'ABCDE-FGH23';
	const UNLOCK = 'KMNPQ-RST45';
	const salt = () => crypto.getRandomValues(new Uint8Array(16));
	const verify = (label: string, code: string) =>
		makePinVerifier('r', label, code.replace('-', ''), salt(), 1000);

	it('takes the proctor-mode code for proctor mode and the PIN-unlock code for the PIN lock, not crossed', async () => {
		const both: VenuePackage = {
			...pkg,
			unlockCheck: await verify(unlockLabel(DEVICE), PROCTOR),
			pinUnlockCheck: await verify(pinUnlockLabel(DEVICE), UNLOCK)
		};
		expect(await checkProctorCode(both, DEVICE, PROCTOR)).toBe(true);
		expect(await checkProctorCode(both, DEVICE, 'abcde fgh23')).toBe(true);
		expect(await checkProctorCode(both, DEVICE, UNLOCK)).toBe(false);
		expect(await checkPinUnlockCode(both, DEVICE, UNLOCK)).toBe(true);
		expect(await checkPinUnlockCode(both, DEVICE, PROCTOR)).toBe(false);
		// Another tablet's codes, an empty one, no package: refused.
		expect(await checkProctorCode(both, 'dev-2', PROCTOR)).toBe(false);
		expect(await checkPinUnlockCode(both, 'dev-2', UNLOCK)).toBe(false);
		expect(await checkPinUnlockCode(both, DEVICE, '  ')).toBe(false);
		expect(await checkPinUnlockCode(null, DEVICE, UNLOCK)).toBe(false);
	});

	it('lets a package from before the split (no PIN-unlock verifier) use its one code for both', async () => {
		const old: VenuePackage = { ...pkg, unlockCheck: await verify(unlockLabel(DEVICE), PROCTOR) };
		expect(await checkPinUnlockCode(old, DEVICE, PROCTOR)).toBe(true);
		expect(await checkPinUnlockCode(old, DEVICE, UNLOCK)).toBe(false);
		expect(await checkProctorCode(old, DEVICE, PROCTOR)).toBe(true);
	});
});
