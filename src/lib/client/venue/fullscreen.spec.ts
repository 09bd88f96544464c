// Full screen on a fake document: asked for, refused, and each exit reported.
import { describe, expect, it, vi } from 'vitest';
import { enterFullscreen, watchFullscreen } from './fullscreen';

/** A document whose full-screen element the test sets, as a browser would. */
function fakeDocument(grant: boolean) {
	const doc = new EventTarget() as EventTarget & {
		fullscreenElement: object | null;
		documentElement: { requestFullscreen: () => Promise<void> };
	};
	doc.fullscreenElement = null;
	doc.documentElement = {
		requestFullscreen: vi.fn(async () => {
			if (!grant) throw new TypeError('Permissions check failed');
			doc.fullscreenElement = doc.documentElement;
			doc.dispatchEvent(new Event('fullscreenchange'));
		})
	};
	return doc;
}

describe('full screen', () => {
	it('is asked for once granted, and a refusal is no error', async () => {
		const granted = fakeDocument(true);
		expect(await enterFullscreen(granted as unknown as Document)).toBe(true);
		expect(await enterFullscreen(granted as unknown as Document)).toBe(true);
		expect(granted.documentElement.requestFullscreen).toHaveBeenCalledOnce();
		expect(await enterFullscreen(fakeDocument(false) as unknown as Document)).toBe(false);
	});

	it('reports each exit, not the entry, until the watch stops', async () => {
		const doc = fakeDocument(true);
		const exits = vi.fn();
		const stop = watchFullscreen(exits, doc as unknown as Document);
		await enterFullscreen(doc as unknown as Document);
		const leave = () => {
			doc.fullscreenElement = null;
			doc.dispatchEvent(new Event('fullscreenchange'));
		};
		leave();
		await enterFullscreen(doc as unknown as Document);
		leave();
		expect(exits).toHaveBeenCalledTimes(2);
		stop();
		await enterFullscreen(doc as unknown as Document);
		leave();
		expect(exits).toHaveBeenCalledTimes(2);
	});
});
