// Vietnamese, the default language: the catalogue's core, which every page in the browser
// has at once (candidate, exam, tablet, account). The organiser's areas are in catalogue.ts,
// loaded on demand in the browser (lazy.ts).
import { candidateVi } from './candidate.vi';
import { venueVi } from './venue.vi';
import { practiceVi } from './practice.vi';
import { examVi } from './exam.vi';
import { accountVi } from './account.vi';
export const viCore = {
	lang: { name: 'Tiếng Việt', switchTo: 'English', switchLabel: 'Switch to English' },
	app: {
		name: 'Phòng Thi',
		contest: 'Cuộc thi Tìm hiểu về Chính quyền điện tử hướng tới Chính quyền số',
		skip: 'Bỏ qua, đến nội dung chính',
		offline: 'Đang ngoại tuyến — dữ liệu được lưu trên thiết bị',
		online: 'Đã kết nối',
		footer: 'Phòng Thi — bài làm luôn được lưu trên thiết bị trước khi gửi.'
	},
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
		minutes: '{n} phút'
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
		attemptsLeft: 'Còn {n} lượt',
		unlimited: 'Không giới hạn số lượt'
	},
	admin: {
		title: 'Ban tổ chức',
		contest: 'Cuộc thi',
		rounds: 'Vòng thi',
		units: 'Đơn vị',
		candidates: 'Thí sinh đã đăng ký',
		headcount: 'Số người dự kiến',
		audit: 'Nhật ký gần đây'
	},
	proctor: {
		title: 'Giám thị',
		lead: 'Bảng điều khiển phòng thi.',
		rooms: 'Phòng thi của bạn'
	},
	exam: examVi,
	practice: practiceVi,
	candidate: candidateVi,
	venue: venueVi,
	account: accountVi,
	errors: {
		offline: 'Bạn đang ngoại tuyến. Trang này cần kết nối mạng; các bài thi đã tải về máy vẫn làm được.',
		title: 'Có lỗi xảy ra',
		notFound: 'Không tìm thấy trang.',
		forbidden: 'Bạn không có quyền truy cập trang này.',
		back: 'Về trang chủ',
		required: 'Vui lòng nhập thông tin này.',
		tooLong: 'Nội dung quá dài.',
		badDate: 'Ngày không hợp lệ (định dạng năm-tháng-ngày).',
		tooYoung: 'Thí sinh phải đủ {age} tuổi vào ngày bắt đầu cuộc thi ({date}).',
		futureBirth: 'Ngày sinh không thể ở tương lai.',
		badNationalId: 'Số định danh cá nhân phải gồm đúng 12 chữ số.',
		idBirthYear: 'Số định danh không khớp với năm sinh đã nhập.',
		idGender: 'Số định danh không khớp với giới tính đã nhập.',
		excluded:
			'Số định danh này thuộc danh sách không được dự thi (thành viên Ban Tổ chức, Ban Giám khảo hoặc tổ giúp việc).',
		duplicateId: 'Số định danh này đã được dùng để đăng ký.',
		duplicatePhone: 'Số điện thoại này đã được dùng để đăng ký.',
		badPhone: 'Số điện thoại di động không hợp lệ (ví dụ 0912345678).',
		badEmail: 'Địa chỉ thư điện tử không hợp lệ.',
		weakPassword: 'Mật khẩu cần ít nhất 8 ký tự, gồm cả chữ và số.',
		badGender: 'Vui lòng chọn giới tính.',
		unknownUnit: 'Vui lòng chọn một đơn vị trong danh sách.',
		guardianRequired: 'Thí sinh dưới 16 tuổi cần thông tin người giám hộ.',
		guardianConsent: 'Cần sự đồng ý của người giám hộ.',
		badLogin: 'Thông tin đăng nhập không đúng.',
		lockedAccount: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút.',
		tooManyFromAddress: 'Có quá nhiều yêu cầu từ địa chỉ mạng này. Vui lòng thử lại sau ít phút.',
		tooManyRegistrations: 'Có quá nhiều lượt đăng ký từ địa chỉ mạng này. Vui lòng thử lại sau.',
		invalidBody: 'Dữ liệu gửi lên không hợp lệ.',
		badOrigin: 'Yêu cầu bị từ chối vì không xuất phát từ trang của cuộc thi.',
		unauthenticated: 'Vui lòng đăng nhập.',
		notAllowed: 'Bạn không có quyền thực hiện thao tác này.'
	}
};

export type CoreMessages = typeof viCore;
