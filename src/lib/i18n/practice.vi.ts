// Practice pages, in Vietnamese.
export const practiceVi = {
	title: 'Thi thử',
	lead: 'Đề thi thử được tạo ngay trên thiết bị từ ngân hàng câu hỏi ôn tập, nên vẫn làm được khi mất mạng. Kết quả được gửi lên khi có kết nối.',
	open: 'Vào thi thử',
	start: 'Bắt đầu một lượt thi thử',
	cached: 'Đã lưu {n} câu hỏi ôn tập trên thiết bị.',
	noBank: 'Chưa có ngân hàng câu hỏi ôn tập trên thiết bị. Hãy mở trang này một lần khi có mạng.',
	none: 'Thiết bị chưa lưu vòng thi thử nào. Hãy mở trang này khi có mạng.',
	attempts: 'Các lượt thi thử trên thiết bị',
	waiting: 'chờ gửi',
	offlineLink: 'Bài thi trên máy này'
};
