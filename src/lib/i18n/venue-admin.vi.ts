// The organiser's preparation of the final, in Vietnamese.
import { exclusionsVi } from './exclusions.vi';

export const venueAdminVi = {
	title: 'Vòng chung kết',
	/** Who may not take part (/admin/exclusions): the final's promotion and the starts consult it. */
	exclusions: exclusionsVi,
	promote: 'Chọn thí sinh vào chung kết',
	fromRound: 'Từ vòng thi',
	topOverall: 'Số thí sinh dẫn đầu toàn tỉnh',
	topPerUnit: 'Số thí sinh dẫn đầu mỗi đơn vị',
	promoteButton: 'Chọn thí sinh',
	addByHand: 'Thêm thủ công (số định danh hoặc số điện thoại)',
	add: 'Thêm',
	finalists: 'Danh sách thí sinh chung kết',
	assignSeats: 'Xếp ghế tự động',
	tickets: 'In thẻ dự thi',
	print: 'In',
	name: 'Họ và tên',
	unit: 'Đơn vị',
	room: 'Phòng',
	seat: 'Ghế',
	manual: 'thêm thủ công',
	remove: 'Xóa',
	rooms: 'Phòng thi',
	notPrepared: 'chưa chuẩn bị',
	/** A room's state, after its name. */
	roomStatus: {
		preparing: 'đang chuẩn bị',
		running: 'đang thi',
		paused: 'tạm dừng',
		locked: 'đã khóa',
		finalised: 'đã chốt'
	},
	proctors: 'Giám thị',
	notAssigned: 'chưa phân công',
	unassignProctor: 'Bỏ phân công giám thị {name}',
	assignProctor: 'Phân công giám thị',
	assign: 'Phân công',
	openConsole: 'Mở bảng điều khiển',
	finalise: 'Chốt phòng thi',
	noFinal: 'Chưa có vòng chung kết.',
	ticketTitle: 'THẺ DỰ THI VÒNG CHUNG KẾT',
	/** One person left out of the final, in `done.leftOut`. */
	leftOutEntry: '{name} (hạng {rank}, {reason})',
	ticketNote: 'Mang theo thẻ và giấy tờ tùy thân. Không cho người khác biết mã PIN.',
	done: {
		promoted: 'Đã thêm {n} thí sinh vào vòng chung kết.',
		leftOut:
			'Không chọn {n} người thuộc danh sách không được dự thi (người xếp sau được chọn thay): {names}.',
		added: 'Đã thêm thí sinh, SBD {sbd}.',
		removed: 'Đã xóa.',
		seated: 'Đã xếp ghế cho {n} thí sinh.',
		assigned: 'Đã phân công giám thị.',
		unassigned: 'Đã bỏ phân công.',
		finalised: 'Đã chốt phòng thi.'
	},
	refused: {
		invalid: 'Dữ liệu không hợp lệ.',
		loginRequired: 'Vui lòng nhập số định danh hoặc số điện thoại.',
		noFinalRound: 'Chưa có vòng chung kết.',
		noCandidate: 'Không tìm thấy thí sinh với số định danh hoặc số điện thoại này.',
		alreadyFinalist: 'Thí sinh đã có trong danh sách (SBD {sbd}).',
		excluded: 'Không thêm được: người này thuộc danh sách không được dự thi ({reason}).',
		noFinalist: 'Không tìm thấy thí sinh.',
		paperPrepared: 'Không thể xóa: đề thi của thí sinh đã được chuẩn bị.',
		notProctor: 'Người được chọn không phải giám thị.',
		roomNotFound: 'Không tìm thấy phòng thi.',
		seatsOpen: 'Chưa thể chốt: {seats} chưa gửi hết hoặc chưa nộp bài.'
	}
};
