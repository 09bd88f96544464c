// The site's own pages (header and menu, home, registration, sign-in, the candidate's dashboard,
// the organiser's and proctor's start pages), in Vietnamese. In the browser, the (site) layout
// loads this with the candidate and account areas before its pages render (lazy.ts).
import { auditVi } from './audit.vi';

export const siteVi = {
	nav: {
		home: 'Trang chủ',
		register: 'Đăng ký',
		signIn: 'Đăng nhập',
		signOut: 'Đăng xuất',
		dashboard: 'Bài thi của tôi',
		admin: 'Ban tổ chức',
		proctor: 'Giám thị',
		menu: 'Điều hướng chính'
	},
	home: {
		title: 'Cuộc thi trực tuyến',
		lead: 'Công dân từ đủ {age} tuổi trở lên đang sinh sống, làm việc trên địa bàn tỉnh có thể tham gia. Mỗi lượt thi gồm {count} câu hỏi trắc nghiệm trong tối đa {minutes} phút, được chấm tự động.',
		ctaRegister: 'Đăng ký dự thi',
		ctaSignIn: 'Tôi đã có tài khoản',
		rounds: 'Các vòng thi'
	},
	round: {
		practice: 'Thi thử',
		qualifying: 'Vòng loại',
		final: 'Vòng chung kết',
		opens: 'Mở',
		closes: 'Đóng',
		questions: '{n} câu hỏi',
		minutes: '{n} phút',
		minutesSeconds: '{n} phút {s} giây'
	},
	register: {
		title: 'Đăng ký tài khoản dự thi',
		fullName: 'Họ và tên',
		birthDate: 'Ngày sinh',
		gender: 'Giới tính',
		male: 'Nam',
		female: 'Nữ',
		other: 'Khác',
		nationalId: 'Số định danh cá nhân (12 số trên CCCD)',
		phone: 'Số điện thoại di động',
		email: 'Thư điện tử (không bắt buộc)',
		address: 'Địa chỉ',
		unit: 'Đơn vị (huyện, thị xã, thành phố hoặc sở, ngành)',
		chooseUnit: '— Chọn đơn vị —',
		password: 'Mật khẩu (ít nhất 8 ký tự, có chữ và số)',
		publishName: 'Tôi đồng ý công bố họ tên trong kết quả cuộc thi',
		guardianTitle: 'Người giám hộ (bắt buộc với thí sinh dưới 16 tuổi)',
		guardianName: 'Họ tên người giám hộ',
		guardianPhone: 'Số điện thoại người giám hộ',
		guardianConsent: 'Người giám hộ đồng ý cho thí sinh tham gia và cho phép xử lý dữ liệu cá nhân',
		submit: 'Đăng ký',
		done: 'Đăng ký thành công. Mời bạn đăng nhập.',
		fixErrors: 'Vui lòng sửa các ô được đánh dấu.'
	},
	signIn: {
		title: 'Đăng nhập',
		login: 'Số định danh cá nhân hoặc số điện thoại',
		password: 'Mật khẩu',
		submit: 'Đăng nhập',
		noAccount: 'Chưa có tài khoản?'
	},
	dashboard: {
		title: 'Xin chào, {name}',
		unit: 'Đơn vị',
		openRounds: 'Vòng thi đang mở',
		none: 'Hiện chưa có vòng thi nào mở.',
		unlimited: 'Không giới hạn số lượt'
	},
	admin: {
		title: 'Ban tổ chức',
		contest: 'Cuộc thi',
		rounds: 'Vòng thi',
		units: 'Đơn vị',
		candidates: 'Thí sinh đã đăng ký',
		headcount: 'Số người dự kiến',
		audit: 'Nhật ký gần đây',
		startsOn: 'Ngày bắt đầu: {date}',
		minAge: 'Tuổi tối thiểu: {age}',
		log: auditVi
	},
	proctor: {
		title: 'Giám thị',
		lead: 'Bảng điều khiển phòng thi.',
		rooms: 'Phòng thi của bạn'
	}
};
