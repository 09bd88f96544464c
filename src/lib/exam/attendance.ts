// Whether a finalist came to their room: one rule for the console (present, absent) and for the
// grading of the attempt the lock closed (an absent finalist has no score, attempts/grade.ts).

/** Signed in at a tablet, or answers of theirs arrived (a sign-in the server has not heard of). */
export function cameToRoom(signedInAt: number | null, anyAnswer: boolean): boolean {
	return signedInAt !== null || anyAnswer;
}
