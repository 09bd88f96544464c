// In process, no HTTP: how long a proctor's pause, resume and lock take on a room of N seats
// (default 1,000), each with a tablet that sent EVENTS answers (default 3); at the lock every
// tablet submits as soon as the lock has committed, as a hall does. bench/analysis.md quotes it.
//   npx tsx scripts/bench-actions.ts          N=200 for a quicker run; PROF=file.cpuprofile to profile
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { roomAction } from '../src/lib/server/venue';
import { ingestBatch, submitAttempt } from '../src/lib/server/attempts';
import { postRights } from '../src/lib/server/access';
import { readToken } from '../src/lib/server/tokens';
import { chainEvent } from '../src/lib/exam/events';
import { openDemoDb } from '../tests/db/testdb';
import { setUpVenueHall } from './bench-venue-setup';

const N = Number(process.env.N ?? 1000);
const EVENTS = Number(process.env.EVENTS ?? 3);
const { t, organiser } = await openDemoDb(Date.now() - 86_400_000);
const SECRET = Buffer.from('x'.repeat(32));
const hall = await setUpVenueHall(t.db, { tablets: N, secret: SECRET.toString() });
const S = hall.startedAt;
const now = Date.now();
for (const tab of hall.tablets) {
	let hash = tab.attemptId;
	const events = [];
	for (let k = 0; k < EVENTS; k++) {
		const e = await chainEvent(hash, {
			seq: k + 1,
			questionId: tab.questions[k].id,
			choice: tab.questions[k].options[0],
			at: now,
			elapsedMs: now - S + k
		});
		events.push(e);
		hash = e.hash;
	}
	const r = await ingestBatch(t.db, tab.attemptId, { deviceId: tab.deviceId, events }, now);
	if (!r.ok) throw new Error('ingest ' + JSON.stringify(r));
}
/**
 * One action, timed until its transaction has committed (durably) and until it answered;
 * `then` starts once it has committed, and is timed from the action's start too.
 */
const time = async (label: string, body: Parameters<typeof roomAction>[3], then?: () => Promise<unknown>) => {
	const t0 = performance.now();
	let committedAt = 0;
	let after: Promise<number> | undefined;
	const r = await roomAction(t.db, hall.roomId, organiser, body, Date.now(), async () => {
		committedAt = performance.now();
		after = then?.().then(() => performance.now());
	});
	if (!r.ok) throw new Error(label + JSON.stringify(r));
	const answeredAt = performance.now();
	const doneAt = await after;
	console.log(
		`${label}: committed after ${(committedAt - t0).toFixed(1)} ms, answered after ${(answeredAt - t0).toFixed(1)} ms` +
			(doneAt ? `, every tablet's submit answered after ${(doneAt - t0).toFixed(1)} ms` : '')
	);
};
/**
 * Every tablet submits at once (what the lock's note makes each do), as the route does
 * (fast-path.ts `postSubmit`, from its token on), each answer checked.
 */
const submitAll = () =>
	Promise.all(
		hall.tablets.map(async (tab) => {
			const claims = readToken(SECRET, tab.token)!;
			const r = await submitAttempt(
				t.db,
				SECRET,
				tab.attemptId,
				{ deviceId: tab.deviceId, lastSeq: EVENTS, reason: 'lock' },
				Date.now(),
				postRights(claims, tab.attemptId)
			);
			if (!r.ok || r.score === null) throw new Error('submit ' + JSON.stringify(r));
		})
	);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
if (process.env.PROF) await session.post('Profiler.start');
for (let round = 0; round < 5; round++) {
	await time('pause', { action: 'pause' });
	await time('resume', { action: 'resume' });
}
await time('lock', { action: 'lock' }, submitAll);
if (process.env.PROF)
	fs.writeFileSync(process.env.PROF, JSON.stringify((await session.post('Profiler.stop')).profile));
await t.drop();
