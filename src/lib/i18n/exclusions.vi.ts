// The organiser's exclusion list (/admin/exclusions), in Vietnamese: part of the `venueAdmin`
// area, which every organiser page loads and no candidate's page does.
export const exclusionsVi = {
	title: 'Danh sách không được dự thi',
	lead: 'Theo thể lệ, thành viên Ban Tổ chức, Ban Giám khảo, tổ giúp việc và những người trực tiếp tham gia tổ chức cuộc thi không được dự thi. Người có số định danh trong danh sách này không đăng ký được tài khoản, không bắt đầu được bài thi chính thức (vẫn được thi thử), không được chọn vào vòng chung kết, và được đánh dấu trong bảng xếp hạng.',
	one: {
		title: 'Thêm một người',
		nationalId: 'Số định danh cá nhân (12 chữ số)',
		reason: 'Lý do hoặc vai trò',
		submit: 'Thêm vào danh sách'
	},
	many: {
		title: 'Thêm nhiều người',
		label: 'Danh sách, mỗi dòng một người',
		hint: 'Mỗi dòng: số định danh, dấu phẩy (hoặc Tab), rồi lý do hoặc vai trò. Có thể dán hai cột từ bảng tính. Nếu có dòng chưa đúng thì chưa thêm ai: sửa các dòng được nêu rồi gửi lại.',
		example: 'Ví dụ: 082080009999, Thành viên Ban Giám khảo',
		submit: 'Thêm cả danh sách'
	},
	list: {
		title: 'Danh sách hiện có ({n} người)',
		empty: 'Danh sách đang trống.',
		nationalId: 'Số định danh',
		reason: 'Lý do',
		addedAt: 'Ngày thêm',
		account: 'Tài khoản',
		noAccount: 'Chưa đăng ký',
		unknownDate: 'Không rõ',
		graded: 'Đã làm {n} bài thi chính thức',
		finalist: 'Thí sinh chung kết, SBD {sbd}',
		remove: 'Xóa',
		removeLabel: 'Xóa {id} khỏi danh sách'
	},
	done: {
		added: 'Đã thêm {n} người vào danh sách.',
		alreadyListed: 'Bỏ qua {n} số định danh đã có trong danh sách.',
		repeated: 'Bỏ qua {n} dòng lặp lại số định danh của dòng trước.',
		nothingNew: 'Không thêm ai: mọi số định danh đã có trong danh sách.',
		removed: 'Đã xóa {id} ({reason}) khỏi danh sách.'
	},
	refused: {
		invalid: 'Dữ liệu gửi lên không hợp lệ.',
		empty: 'Chưa có dòng nào để thêm.',
		tooManyLines: 'Mỗi lần chỉ thêm được tối đa {max} dòng; hãy chia danh sách thành nhiều lần.',
		badLines: 'Chưa thêm ai: {n} dòng chưa đúng. Sửa các dòng dưới đây rồi gửi lại.',
		more: '… và {n} dòng khác chưa đúng.',
		notListed: 'Số định danh {id} không có trong danh sách.'
	},
	line: 'Dòng {line}: {problem}',
	problems: {
		noSeparator: 'Thiếu dấu phẩy (hoặc Tab) giữa số định danh và lý do.',
		noId: 'Thiếu số định danh.',
		badNationalId: 'Số định danh «{id}» phải gồm đúng 12 chữ số.',
		leadingZero: 'Số định danh «{id}» chỉ có 11 chữ số; có thể bảng tính đã bỏ số 0 ở đầu.',
		badProvince: 'Số định danh «{id}» không bắt đầu bằng mã tỉnh, thành phố hợp lệ.',
		noReason: 'Thiếu lý do hoặc vai trò của {id}.',
		reasonTooLong: 'Lý do của {id} dài quá {max} ký tự.'
	}
};
