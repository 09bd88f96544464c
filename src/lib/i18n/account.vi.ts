// Accounts: sign-in limits, password reset (by e-mail or with the organiser), sign-out.
export const accountVi = {
	showPassword: 'Hiện mật khẩu',
	hidePassword: 'Ẩn mật khẩu',
	forgotLink: 'Quên mật khẩu?',
	forgot: {
		title: 'Quên mật khẩu',
		lead: 'Nhập số định danh cá nhân hoặc số điện thoại đã đăng ký. Nếu tài khoản có thư điện tử, chúng tôi gửi tới đó một liên kết để đặt mật khẩu mới.',
		login: 'Số định danh cá nhân hoặc số điện thoại',
		submit: 'Gửi liên kết',
		sent: 'Nếu tài khoản này có địa chỉ thư điện tử, một liên kết đặt lại mật khẩu vừa được gửi tới đó. Liên kết có hiệu lực {minutes} phút. Hãy kiểm tra cả thư mục thư rác.',
		noEmailTitle: 'Không có thư điện tử?',
		noEmail:
			'Hãy gọi đường dây nóng của Ban tổ chức. Sau khi xác minh bạn qua điện thoại, Ban tổ chức sẽ đọc cho bạn một mã dùng một lần để đặt mật khẩu mới.',
		contact: 'Số điện thoại đường dây nóng và địa chỉ Ban tổ chức',
		haveCode: 'Tôi đã có mã từ Ban tổ chức',
		noMail:
			'Đặt lại mật khẩu qua thư chưa được mở trên máy chủ này. Vui lòng liên hệ Ban tổ chức để được cấp mã đặt lại mật khẩu.'
	},
	reset: {
		title: 'Đặt mật khẩu mới',
		byLink: 'Đặt mật khẩu mới cho tài khoản của bạn.',
		byCode: 'Nhập mã dùng một lần Ban tổ chức đã đọc cho bạn.',
		login: 'Số định danh cá nhân hoặc số điện thoại',
		code: 'Mã đặt lại (ví dụ ABCD-EFGH)',
		password: 'Mật khẩu mới (ít nhất 8 ký tự, có chữ và số)',
		submit: 'Đặt mật khẩu mới',
		done: 'Đã đặt mật khẩu mới. Bạn đã được đăng nhập.'
	},
	assist: {
		title: 'Cấp mã đặt lại mật khẩu',
		lead: 'Dành cho tài khoản của thí sinh và giám thị không nhận được thư đặt lại mật khẩu. Gọi lại số điện thoại đã đăng ký và hỏi ngày sinh, đơn vị trước khi cấp mã. Mã dùng một lần, hết hạn sau {minutes} phút; mỗi lần cấp được ghi vào nhật ký. Tại đây cũng có thể khóa và mở khóa tài khoản.',
		login: 'Số định danh cá nhân hoặc số điện thoại của thí sinh hoặc giám thị',
		find: 'Tìm tài khoản',
		notFound: 'Không tìm thấy tài khoản này.',
		organiser:
			'Đây là tài khoản của Ban tổ chức. Mật khẩu tài khoản Ban tổ chức không đặt lại được trên trang này; người quản trị máy chủ đặt mật khẩu mới bằng lệnh sau (lệnh này cũng đăng xuất tài khoản trên mọi thiết bị):',
		organiserCommand: 'npm run admin:password -- --phone {phone} --password "MatKhauMoi123"',
		organiserRefused:
			'Tài khoản Ban tổ chức không đặt lại mật khẩu hay khóa được trên trang này. Người quản trị máy chủ đặt mật khẩu mới bằng lệnh npm run admin:password.',
		who: 'Tài khoản',
		name: 'Họ và tên',
		phone: 'Số điện thoại',
		birthDate: 'Ngày sinh',
		unit: 'Đơn vị',
		role: 'Vai trò',
		roleCandidate: 'Thí sinh',
		status: 'Trạng thái',
		active: 'Đang hoạt động',
		disabled: 'Đã khóa: không đăng nhập được',
		confirm: 'Tôi đã gọi lại số điện thoại này và xác minh đúng người',
		issue: 'Cấp mã',
		issued: 'Mã đặt lại cho {name}, hết hạn lúc {time}. Đọc mã này qua điện thoại; mã chỉ hiện một lần:',
		mustConfirm: 'Hãy xác nhận đã xác minh người gọi trước khi cấp mã.',
		link: 'Cấp mã đặt lại mật khẩu',
		disableTitle: 'Khóa tài khoản',
		disableLead:
			'Tài khoản bị khóa được đăng xuất ngay trên mọi thiết bị và không đăng nhập được cho tới khi được mở khóa. Bài thi tại nhà đang làm dở của tài khoản được thu ngay và chấm theo các câu trả lời máy chủ đã nhận; câu trả lời gửi sau đó được lưu nhưng không được tính. Việc khóa và mở khóa được ghi vào nhật ký.',
		confirmDisable: 'Tôi muốn khóa tài khoản này và đăng xuất nó trên mọi thiết bị',
		disable: 'Khóa tài khoản',
		enableTitle: 'Mở khóa tài khoản',
		enableLead: 'Sau khi mở khóa, người này đăng nhập lại được bằng mật khẩu của mình.',
		enable: 'Mở khóa tài khoản',
		mustConfirmDisable: 'Hãy đánh dấu xác nhận trước khi khóa tài khoản.',
		disabledDone: 'Đã khóa tài khoản của {name} và đăng xuất tài khoản này trên mọi thiết bị.',
		enabledDone: 'Đã mở khóa tài khoản của {name}.',
		disableSelf: 'Không thể tự khóa tài khoản của chính mình.',
		lastOrganiser: 'Không thể khóa tài khoản Ban tổ chức cuối cùng còn đăng nhập được.'
	},
	staff: {
		noStaffAccount: 'Không có tài khoản Ban tổ chức hay giám thị nào dùng số điện thoại này.'
	},
	mail: {
		subject: 'Đặt lại mật khẩu Phòng Thi',
		body: 'Xin chào {name},\n\nAi đó (có thể là bạn) vừa yêu cầu đặt lại mật khẩu tài khoản Phòng Thi của bạn. Mở liên kết sau để đặt mật khẩu mới (hiệu lực {minutes} phút, dùng một lần):\n\n{link}\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu của bạn không thay đổi.\n\nBan tổ chức cuộc thi'
	},
	signOut: {
		sending: 'Đang gửi các câu trả lời chưa gửi…',
		unsent:
			'Còn {n} thay đổi chưa gửi được lên máy chủ (có thể do mất kết nối). Nếu đăng xuất bây giờ, chúng vẫn được giữ trên máy này và sẽ được gửi khi bạn đăng nhập lại trên máy này.',
		confirm: 'Vẫn đăng xuất',
		stay: 'Ở lại và thử gửi lại'
	},
	errors: {
		tooManyTries: 'Bạn đã nhập sai nhiều lần. Vui lòng thử lại sau {wait}.',
		nulCharacter: 'Dữ liệu gửi lên chứa ký tự không hợp lệ.',
		badName: 'Họ tên chứa ký tự không hợp lệ (ký tự điều khiển hoặc ký tự ẩn).',
		notAName: 'Hãy nhập họ và tên bằng chữ, như trên căn cước.',
		badProvince: 'Ba số đầu của số định danh không phải mã tỉnh, thành phố nào.',
		badResetLink:
			'Liên kết đặt lại mật khẩu không hợp lệ, đã dùng hoặc đã hết hạn. Vui lòng yêu cầu liên kết mới.',
		badResetCode: 'Mã đặt lại không đúng, đã dùng hoặc đã hết hạn.',
		tooManyResets: 'Có quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau {wait}.'
	}
};
