import { practiceEn } from './practice.en';
import { examEn } from './exam.en';
import type { CoreMessages } from './vi';

// English core; the whole English catalogue (en.all.ts) is loaded only when chosen.
export const enCore: CoreMessages = {
	lang: { name: 'English', switchTo: 'Tiếng Việt', switchLabel: 'Chuyển sang tiếng Việt' },
	app: {
		name: 'Phòng Thi',
		contest: 'Contest on e-government towards digital government',
		skip: 'Skip to main content',
		offline: 'Offline — your data is kept on this device',
		online: 'Connected',
		// The server gave no usable answer (no-server.ts): what a screen says, unless it words its own.
		noServer: 'No valid answer came from the server. Please try again.',
		footer: 'Phòng Thi — every answer is saved on the device before it is sent.'
	},
	exam: examEn,
	practice: practiceEn,
	// The error page's words (the server words the rest of `errors`, errors.en.ts).
	errorPage: {
		offline:
			'You are offline. This page needs a connection; exams already downloaded to this device still work.',
		title: 'Something went wrong',
		notFound: 'Page not found.',
		forbidden: 'You are not allowed to open this page.',
		back: 'Back to the home page'
	}
};
