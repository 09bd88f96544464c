import type { practiceVi } from './practice.vi';

export const practiceEn: typeof practiceVi = {
	title: 'Practice',
	lead: 'Practice papers are drawn on this device from the public question bank, so they work offline. Results are sent when a connection returns.',
	open: 'Go to practice',
	start: 'Start a practice attempt',
	cached: '{n} practice {n|question is|questions are} stored on this device.',
	noBank: 'No practice questions on this device yet. Open this page once while online.',
	none: 'No practice round is stored on this device yet. Open this page while online.',
	attempts: 'Practice attempts on this device',
	waiting: 'waiting to be sent',
	offlineLink: 'Papers on this device'
};
