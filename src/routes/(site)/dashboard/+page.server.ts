import { app } from '$lib/server/app';
import { admissionTicket, attemptHistory, candidateProfile, openRoundsFor } from '$lib/server/history';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, secret } = await app();
	const userId = locals.user!.id;
	const now = Date.now();
	const [profile, rounds, history, ticket] = await Promise.all([
		candidateProfile(db, userId),
		openRoundsFor(db, userId, now),
		attemptHistory(db, secret, userId, now),
		admissionTicket(db, userId)
	]);
	return { profile, rounds, history, ticket, now };
};
