// The refusals the server words (forms, sign-in, registration), in Vietnamese. No page loads
// them in the browser; the error page's own words are in the core (vi.ts).
import { viCore } from './vi';

export const errorsVi = {
	...viCore.errorPage,
	required: 'Vui lòng nhập thông tin này.',
	tooLong: 'Nội dung quá dài.',
	badDate: 'Ngày không hợp lệ (định dạng năm-tháng-ngày).',
	tooYoung: 'Thí sinh phải đủ {age} tuổi vào ngày bắt đầu cuộc thi ({date}).',
	futureBirth: 'Ngày sinh không thể ở tương lai.',
	tooOld: 'Theo ngày sinh này, thí sinh đã hơn {age} tuổi. Vui lòng kiểm tra lại ngày sinh.',
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
	guardianPhoneRequired: 'Vui lòng nhập số điện thoại của người giám hộ.',
	guardianConsent: 'Cần sự đồng ý của người giám hộ.',
	guardianIsCandidate: 'Người giám hộ phải là người khác, không phải chính thí sinh.',
	badLogin: 'Thông tin đăng nhập không đúng.',
	lockedAccount: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút.',
	tooManyFromAddress: 'Có quá nhiều yêu cầu từ địa chỉ mạng này. Vui lòng thử lại sau ít phút.',
	tooManyRegistrations: 'Có quá nhiều lượt đăng ký từ địa chỉ mạng này. Vui lòng thử lại sau {wait}.',
	tooManyCertificates: 'Bạn vừa tải giấy chứng nhận nhiều lần liên tiếp. Vui lòng thử lại sau {wait}.',
	// {wait} in a refusal that passes with time (server/http.ts `wordRefusal`)
	waitSeconds: '{seconds} giây',
	waitMinutes: '{minutes} phút',
	busy: 'Máy chủ đang kiểm tra nhiều mật khẩu cùng lúc. Vui lòng thử lại sau ít giây.',
	invalidBody: 'Dữ liệu gửi lên không hợp lệ.',
	badPath: 'Đường dẫn không hợp lệ.',
	badOrigin: 'Yêu cầu bị từ chối vì không xuất phát từ trang của cuộc thi.',
	unauthenticated: 'Vui lòng đăng nhập.',
	notAllowed: 'Bạn không có quyền thực hiện thao tác này.'
};
