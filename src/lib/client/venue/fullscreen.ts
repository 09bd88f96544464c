// Full screen during the exam: asked for on the finalist's own taps (a browser grants it only
// then), and leaving it while the exam runs is an incident for the proctor's minutes.

/** Asks for full screen; a refusal (no user gesture, an iPad) is fine and says false. */
export async function enterFullscreen(doc: Document = document): Promise<boolean> {
	if (doc.fullscreenElement) return true;
	try {
		await doc.documentElement.requestFullscreen?.({ navigationUI: 'hide' });
		return !!doc.fullscreenElement;
	} catch {
		return false;
	}
}

/**
 * Calls `onExit` each time the page leaves full screen; returns the function that stops
 * watching. Whether an exit matters (an exam running) is the caller's to decide.
 */
export function watchFullscreen(onExit: () => void, doc: Document = document): () => void {
	const change = () => {
		if (!doc.fullscreenElement) onExit();
	};
	doc.addEventListener('fullscreenchange', change);
	return () => doc.removeEventListener('fullscreenchange', change);
}
