// Vietnamese, the default language: the catalogue's core, which every page in the browser has
// at once. It holds what the exam screen, practice and the error page read, and nothing else:
// the site's pages (site.vi.ts, candidate, account), the hall tablet (venue) and the
// organiser's areas are loaded on demand in the browser (lazy.ts) by the pages that use them.
import { practiceVi } from './practice.vi';
import { examVi } from './exam.vi';
export const viCore = {
	lang: { name: 'Tiếng Việt', switchTo: 'English', switchLabel: 'Switch to English' },
	app: {
		name: 'Phòng Thi',
		contest: 'Cuộc thi Tìm hiểu về Chính quyền điện tử hướng tới Chính quyền số',
		skip: 'Bỏ qua, đến nội dung chính',
		offline: 'Đang ngoại tuyến — dữ liệu được lưu trên thiết bị',
		online: 'Đã kết nối',
		// The server gave no usable answer (no-server.ts): what a screen says, unless it words its own.
		noServer: 'Không nhận được phản hồi hợp lệ từ máy chủ. Vui lòng thử lại.',
		footer: 'Phòng Thi — bài làm luôn được lưu trên thiết bị trước khi gửi.'
	},
	exam: examVi,
	practice: practiceVi,
	// The error page's words (the server words the rest of `errors`, errors.vi.ts).
	errorPage: {
		offline: 'Bạn đang ngoại tuyến. Trang này cần kết nối mạng; các bài thi đã tải về máy vẫn làm được.',
		title: 'Có lỗi xảy ra',
		notFound: 'Không tìm thấy trang.',
		forbidden: 'Bạn không có quyền truy cập trang này.',
		back: 'Về trang chủ'
	}
};

export type CoreMessages = typeof viCore;
