// Who may open a path, judged on every name it goes by: as sent, decoded (SvelteKit routes the
// decoded path) and the route that serves it. Each row: the path as sent, the route's id, the
// roles the hand-written area table (auth.ts AREAS) gives the area it is served from.
import { describe, expect, it } from 'vitest';
import { requiredRoles } from './auth';

describe('requiredRoles', () => {
	it.each([
		['/admin', '/(site)/admin', ['organiser']],
		['/%61dmin', '/(site)/admin', ['organiser']],
		['/admi%6E/bank/questions/q1/__data.json', '/(site)/admin/bank/questions/[id]', ['organiser']],
		['/%61dmin/no-such-page', null, ['organiser']],
		['/api/%61dmin/bank/imports', '/api/admin/bank/imports', ['organiser']],
		['/%61pi/admin/bank/imports', '/api/admin/bank/imports', ['organiser']],
		['/pr%6Fctor/rooms/r1', '/(site)/proctor/rooms/[id]', ['proctor', 'organiser']],
		['/d%61shboard', '/(site)/dashboard', ['candidate']],
		['/', '/(site)', null],
		['/login', '/(site)/login', null],
		['/api/attempts/a1/events', '/api/attempts/[id]/events', null],
		// A path that cannot be decoded is judged as sent (SvelteKit answers it 400).
		['/%E0%A4%A/admin', null, null],
		['/administrators', null, null]
	] as const)('%s (route %s) → %j', (path, route, roles) => {
		expect(requiredRoles(path, route)).toEqual(roles);
	});

	it('asks for every area a path falls in when its names disagree', () => {
		// Sent as the proctor's console, served by the organiser's page: only an organiser passes.
		expect(requiredRoles('/proctor', '/(site)/admin')).toEqual(['organiser']);
		// Candidates' and organisers' areas share no role: nobody passes.
		expect(requiredRoles('/dashboard', '/(site)/admin')).toEqual([]);
	});
});
