// What the JSON API answers when it refuses: one sentence per failure code, worded on the
// server in the reader's language (`{error: {code, message}}`). The browser never loads this
// area; the status of each code is in `src/lib/server/http.ts`.
import { consoleVi } from './console.vi';
import { accountVi } from './account.vi';
import { errorsVi } from './errors.vi';

export const apiVi = {
	// the request itself
	invalidBody: 'Dữ liệu gửi lên không hợp lệ.',
	invalidJson: 'Dữ liệu gửi lên không phải JSON hợp lệ.',
	noContentType:
		'Yêu cầu có gửi dữ liệu nhưng thiếu tiêu đề Content-Type; hãy gửi kèm Content-Type: application/json.',
	tooLarge: 'Dữ liệu gửi lên quá lớn.',
	batchTooLarge: 'Lô câu trả lời quá lớn (tối đa {kb} KB).',
	seqTooFarAhead:
		'Lô câu trả lời có số thứ tự vượt quá {n} so với phần máy chủ đã nhận; hãy gửi các câu trả lời trước đó trước.',
	tooManyVersions: 'Một số thứ tự câu trả lời đã có {n} nội dung khác nhau; máy chủ không nhận thêm.',
	seqTooHigh:
		'Mỗi thiết bị chỉ được gửi tối đa {n} câu trả lời cho một bài thi; máy chủ không nhận thêm từ thiết bị này.',
	tooManyDevices:
		'Bài thi này đã được làm trên {n} thiết bị; máy chủ không nhận thêm thiết bị mới, hãy tiếp tục trên một thiết bị đã dùng.',
	nulCharacter: accountVi.errors.nulCharacter,
	badAddress:
		'Yêu cầu không mang địa chỉ mạng hợp lệ của người gửi, nên máy chủ không nhận. Máy chủ này chỉ nhận yêu cầu đi qua máy chủ chuyển tiếp (proxy) của cuộc thi.',
	invalidFields: 'Thông tin đăng ký chưa hợp lệ.',
	tooManyRegistrations: errorsVi.tooManyRegistrations,
	busy: errorsVi.busy,
	serverError: 'Lỗi máy chủ.',
	// tokens and who may post
	badOrigin: errorsVi.badOrigin,
	badPath: errorsVi.badPath,
	noSuchEndpoint: 'Không có địa chỉ này trong giao diện lập trình (API) của Phòng Thi.',
	methodNotAllowed: 'Địa chỉ này không nhận phương thức {method}; các phương thức được nhận: {allow}.',
	unauthenticated: errorsVi.unauthenticated,
	notAllowed: errorsVi.notAllowed,
	badToken: 'Thiếu hoặc sai mã xác thực.',
	deviceWiped: 'Giám thị đã cho phép xóa dữ liệu máy này: máy chủ không nhận gì thêm từ máy này.',
	wrongAttempt: 'Mã xác thực này không dùng được cho bài thi này.',
	wrongDevice: 'Mã xác thực này không dùng được cho thiết bị này.',
	notSeated: 'Thiết bị này không phục vụ thí sinh của bài thi này.',
	notAssigned: 'Bạn không được phân công phòng thi này.',
	// rounds and attempts
	roundNotFound: 'Không tìm thấy vòng thi.',
	notPractice: 'Không tìm thấy vòng thi thử này.',
	roundClosed: 'Vòng thi không mở vào lúc này.',
	roundChanged: 'Ban Tổ chức vừa cập nhật vòng thi này. Vui lòng bấm bắt đầu lại.',
	roundFinalised: 'Vòng thi đã chốt kết quả.',
	venueOnly: 'Vòng chung kết chỉ thi tại địa điểm thi.',
	notCandidate: 'Chỉ thí sinh mới được làm bài thi.',
	tooYoung: 'Vòng thi này dành cho thí sinh từ đủ {age} tuổi.',
	excluded:
		'Tài khoản này thuộc danh sách không được dự thi (thành viên Ban Tổ chức, Ban Giám khảo, tổ giúp việc và những người trực tiếp tham gia tổ chức cuộc thi), nên không làm được bài thi chính thức; phần thi thử vẫn mở. Nếu có nhầm lẫn, vui lòng liên hệ Ban Tổ chức.',
	bankTooSmall: 'Ngân hàng câu hỏi chưa đủ để tạo đề cho vòng thi này.',
	tooManyAttempts: 'Bạn đã bắt đầu quá nhiều lượt thi trong một giờ. Vui lòng thử lại sau {wait}.',
	noAttemptsLeft: 'Bạn đã dùng hết số lượt thi của vòng này (trong tuần hoặc tổng cộng).',
	attemptIdTaken: 'Mã bài thi đã được dùng.',
	attemptNotFound: 'Không tìm thấy bài thi.',
	unknownQuestion: 'Đề thi thử có câu hỏi không thuộc ngân hàng công khai của vòng này.',
	paperNotByBlueprint:
		'Đề thi thử không theo cấu trúc đề của vòng này (có câu hỏi lặp lại, hoặc nhiều câu hơn số câu của một chủ đề, mức độ).',
	missingEvents: 'Máy chủ chưa nhận đủ câu trả lời; thiết bị sẽ gửi lại.',
	// the venue
	roomNotFound: 'Không tìm thấy phòng thi.',
	badEnrolCode: 'Mã đăng ký thiết bị không đúng hoặc đã hết hạn.',
	otherRoom: 'Thiết bị này đang thuộc phòng thi khác; hãy xóa dữ liệu trên máy trước.',
	deviceIdTaken: 'Không cấp được mã thiết bị; hãy thử lại.',
	tooManyPending:
		'Phòng thi đang có quá nhiều thiết bị chờ duyệt. Nhờ giám thị duyệt hoặc từ chối bớt rồi thử lại.',
	notPending: 'Thiết bị này đã được duyệt, không còn chờ; không thể từ chối.',
	notApproved: 'Giám thị chưa duyệt thiết bị này.',
	notStarted: 'Phòng thi chưa bắt đầu.',
	alreadyStarted: 'Phòng thi đã bắt đầu.',
	notRunning: 'Phòng thi không ở trạng thái đang thi.',
	alreadyPaused: 'Đang tạm dừng.',
	notPaused: 'Không có tạm dừng nào đang diễn ra.',
	noFinalist: 'Không tìm thấy thí sinh ở ghế này.',
	noDevice: 'Không tìm thấy thiết bị trong phòng này.',
	noSeat: 'Không tìm thấy ghế này trong phòng thi.',
	spareNotApproved: 'Máy dự phòng chưa được duyệt.',
	sameDevice: 'Thí sinh đang ở máy này.',
	outsideWindow: consoleVi.outsideWindow,
	lockedNoExtend: consoleVi.lockedNoExtend,
	lockedNoMove: consoleVi.lockedNoMove,
	lockedNoLost: consoleVi.lockedNoLost,
	attemptClosed: consoleVi.attemptClosed,
	extensionCapped: consoleVi.extensionCapped,
	spareInUse: consoleVi.spareInUse,
	wipeInUse: consoleVi.wipeInUse,
	wipeNotSent: consoleVi.wipeNotSent,
	logOtherRoom: 'Tệp nhật ký không thuộc phòng thi này.',
	logRepeatsAttempt:
		'Tệp nhật ký ghi cùng một bài thi nhiều lần; máy chủ không nhận tệp này. Hãy xuất lại nhật ký từ máy tính bảng.',
	uploadBusy: 'Máy chủ đang nhận một tệp nhật ký khác. Vui lòng chọn lại tệp sau {wait}.',
	uploadStalled:
		'Tệp nhật ký ngừng truyền giữa chừng quá {seconds} giây; máy chủ chưa nhận gì. Vui lòng chọn lại tệp.',
	badLog: 'Không đọc được tệp nhật ký (sai phòng, sai khóa, tệp bị sửa hoặc có sự kiện không hợp lệ).'
};

export type ApiCode = keyof typeof apiVi;
