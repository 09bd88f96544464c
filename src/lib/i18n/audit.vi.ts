// The organiser's recent log (admin dashboard), in Vietnamese: who acted, and each action the
// server writes to the audit log (src/lib/server, `audit(…)`) as a phrase. Part of the site's
// `admin` area (site.vi.ts); an action not listed here is worded by `other`, never by its key.
// An action on an account (audit.ts `ACCOUNT_ACTIONS`) names that account in `onAccount`, its
// `{target}` filled with `who`; without one (the account is gone) it is worded by `actions`.
export const auditVi = {
	entry: '{who}: {action}',
	who: '{name} ({role})',
	system: 'Hệ thống',
	roles: { candidate: 'Thí sinh', proctor: 'Giám thị', organiser: 'Ban tổ chức' },
	other: 'một thao tác khác',
	actions: {
		candidate_register: 'đăng ký tài khoản dự thi',
		role_grant: 'cấp vai trò cho một tài khoản',
		password_resetMailed: 'gửi thư đặt lại mật khẩu',
		password_reset: 'đặt mật khẩu mới',
		password_codeIssued: 'cấp mã đặt lại mật khẩu cho một tài khoản',
		password_setOnServer: 'đặt mật khẩu mới cho một tài khoản bằng lệnh trên máy chủ',
		account_disable: 'khóa một tài khoản',
		account_enable: 'mở khóa một tài khoản',
		topic_create: 'tạo chủ đề',
		topic_rename: 'đổi tên chủ đề',
		pool_create: 'tạo ngân hàng câu hỏi',
		pool_rename: 'đổi tên ngân hàng câu hỏi',
		pool_publish: 'công bố ngân hàng câu hỏi',
		pool_unpublish: 'ngừng công bố ngân hàng câu hỏi',
		question_create: 'thêm câu hỏi',
		question_edit: 'sửa câu hỏi',
		question_retire: 'ngừng dùng câu hỏi',
		question_restore: 'dùng lại câu hỏi',
		bank_import: 'nhập câu hỏi từ tệp',
		bank_import_cancel: 'hủy một lần nhập câu hỏi',
		bank_import_fail: 'một lần nhập câu hỏi không thành công',
		bank_export: 'xuất ngân hàng câu hỏi',
		contest_update: 'sửa thông tin cuộc thi',
		round_create: 'tạo vòng thi',
		round_update: 'sửa vòng thi',
		attempt_rescored: 'chấm lại một bài làm',
		results_regraded: 'chấm lại vòng thi',
		results_settings: 'đổi cách công bố kết quả',
		results_finalised: 'chốt kết quả vòng thi',
		results_published: 'công bố kết quả',
		results_unpublished: 'ngừng công bố kết quả',
		page_save: 'sửa trang thông tin cuộc thi',
		exclusion_add: 'thêm người vào danh sách không được dự thi',
		exclusion_remove: 'xóa một người khỏi danh sách không được dự thi',
		finalists_promote: 'chọn thí sinh vào chung kết',
		finalists_add: 'thêm thủ công một thí sinh chung kết',
		finalists_remove: 'xóa một thí sinh chung kết',
		finalists_seat: 'xếp ghế chung kết',
		room_proctor_assign: 'phân công giám thị',
		room_proctor_unassign: 'bỏ phân công giám thị',
		room_layout: 'sắp xếp sơ đồ phòng thi',
		room_enrol_code: 'tạo mã ghép máy tính bảng',
		room_upload: 'nhận bài làm tải lên từ phòng thi',
		room_finalise: 'chốt phòng thi',
		room_start: 'bắt đầu giờ thi',
		room_pause: 'tạm dừng giờ thi',
		room_resume: 'tiếp tục giờ thi',
		room_extend: 'cộng thêm giờ cho một ghế',
		room_lock: 'khóa phòng thi, thu bài',
		room_approve: 'duyệt một máy tính bảng',
		room_move: 'chuyển thí sinh sang máy khác',
		room_incident: 'ghi một sự cố',
		room_declareLost: 'báo mất bài làm của một thí sinh',
		room_wipe: 'xóa dữ liệu một máy tính bảng',
		room_reject: 'từ chối một máy tính bảng'
	} as Record<string, string>,
	onAccount: {
		role_grant: 'cấp vai trò cho {target}',
		password_resetMailed: 'gửi thư đặt lại mật khẩu cho {target}',
		password_reset: 'đặt mật khẩu mới cho {target}',
		password_codeIssued: 'cấp mã đặt lại mật khẩu cho {target}',
		password_setOnServer: 'đặt mật khẩu mới cho {target} bằng lệnh trên máy chủ',
		account_disable: 'khóa tài khoản {target}',
		account_enable: 'mở khóa tài khoản {target}'
	} as Record<string, string>
};

/**
 * The phrase for a logged action (`candidate.register`), or `other` for one not worded here; an
 * account action naming its account when `target` (its name and role, as `who` words them) is given.
 */
export function auditPhrase(words: typeof auditVi, action: string, target?: string | null): string {
	const key = action.replaceAll('.', '_');
	const named = target ? words.onAccount[key] : undefined;
	if (named) return named.replace('{target}', () => target!);
	return words.actions[key] ?? words.other;
}
