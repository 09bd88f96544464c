// One holder of a token cannot hold many streams: the cap closes the oldest (a reconnecting
// tablet is never refused), and a recheck closes the streams of holders whose right is gone.
import { describe, expect, it } from 'vitest';
import { holdingKey, StreamHolders, type Holding } from './holders';
import { MemoryPushBus } from './memory-bus';
import { sseResponse } from './sse';

const everyone = async (held: readonly Holding[]) => new Set(held.map(holdingKey));

/** Reads a stream's body until it ends; resolves with what it read. */
async function readToEnd(res: Response): Promise<string> {
	const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
	let text = '';
	for (;;) {
		const { value, done } = await reader.read();
		if (done) return text;
		text += value;
	}
}

describe('StreamHolders', () => {
	it('keeps at most `cap` streams per holder, closing the oldest first, and never the new one', () => {
		const holders = new StreamHolders(2, everyone);
		const closed: string[] = [];
		const open = (holder: string, name: string) =>
			holders.hold({ holder, room: 'r' }, () => closed.push(name));
		open('tablet-a', 'a1');
		open('tablet-a', 'a2');
		open('tablet-b', 'b1');
		expect(closed).toEqual([]);
		open('tablet-a', 'a3');
		expect(closed).toEqual(['a1']);
		open('tablet-a', 'a4');
		expect(closed).toEqual(['a1', 'a2']);
		// Another holder's stream is untouched by tablet-a's.
		expect(holders.count('tablet-a')).toBe(2);
		expect(holders.count('tablet-b')).toBe(1);
		expect(holders.count()).toBe(3);
	});

	it('forgets a stream that ended by itself, so it does not count against the cap', () => {
		const holders = new StreamHolders(2, everyone);
		const closed: string[] = [];
		const r1 = holders.hold({ holder: 'h', room: 'r' }, () => closed.push('1'));
		holders.hold({ holder: 'h', room: 'r' }, () => closed.push('2'));
		r1();
		r1(); // twice is harmless
		holders.hold({ holder: 'h', room: 'r' }, () => closed.push('3'));
		expect(closed).toEqual([]);
		expect(holders.count('h')).toBe(2);
	});

	it('closes, at a recheck, exactly the streams whose holding is no longer allowed, in one check', async () => {
		let allowed = new Set(['dev-1\nroom-1', 'dev-2\nroom-1', 'sess\nroom-2']);
		const asked: Holding[][] = [];
		const holders = new StreamHolders(5, async (held) => {
			asked.push([...held]);
			return allowed;
		});
		const closed: string[] = [];
		const open = (holder: string, room: string, name: string) =>
			holders.hold({ holder, room }, () => closed.push(name));
		open('dev-1', 'room-1', 'd1');
		open('dev-2', 'room-1', 'd2a');
		open('dev-2', 'room-1', 'd2b');
		open('sess', 'room-2', 's2');
		open('sess', 'room-3', 's3'); // never allowed on room-3
		expect(await holders.recheck()).toBe(1);
		expect(closed).toEqual(['s3']);
		// One call for every open stream, each distinct holding asked once.
		expect(asked).toHaveLength(1);
		expect(asked[0].map(holdingKey).sort()).toEqual([
			'dev-1\nroom-1',
			'dev-2\nroom-1',
			'sess\nroom-2',
			'sess\nroom-3'
		]);
		allowed = new Set(['dev-1\nroom-1']);
		expect(await holders.recheck()).toBe(3);
		expect(closed.sort()).toEqual(['d2a', 'd2b', 's2', 's3']);
		expect(holders.count()).toBe(1);
	});

	it('closes nothing when the check itself fails', async () => {
		const holders = new StreamHolders(2, async () => {
			throw new Error('database away');
		});
		const closed: string[] = [];
		holders.hold({ holder: 'h', room: 'r' }, () => closed.push('1'));
		const error = console.error;
		console.error = () => {};
		try {
			expect(await holders.recheck()).toBe(0);
		} finally {
			console.error = error;
		}
		expect(closed).toEqual([]);
	});
});

describe('sseResponse held by a holder', () => {
	it('ends the body of the oldest stream past the cap, and the newest keeps hearing the room', async () => {
		const bus = new MemoryPushBus();
		const holders = new StreamHolders(2, everyone);
		const hold = (close: () => void) => holders.hold({ holder: 'tablet', room: 'room-1' }, close);
		const first = sseResponse(bus, 'room:1', { hold });
		const firstRead = readToEnd(first);
		const second = sseResponse(bus, 'room:1', { hold });
		const third = sseResponse(bus, 'room:1', { hold });
		// The first stream's body ends (the client reads its end and polls, then reconnects).
		expect(await firstRead).toContain('event: change');
		expect(holders.count('tablet')).toBe(2);
		const reader = third.body!.pipeThrough(new TextDecoderStream()).getReader();
		let text = '';
		await bus.publish('room:1', { kind: 'pause' });
		while (!text.includes('"kind":"pause"')) text += (await reader.read()).value ?? '';
		expect(third.headers.get('connection')).toBe('close');
		await reader.cancel();
		await second.body!.cancel();
		// Both cancelled: the holder holds nothing, and the bus has no listener left.
		expect(holders.count('tablet')).toBe(0);
	});
});
