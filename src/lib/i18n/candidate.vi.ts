// The candidate's journey around the exam (start, resume, result, history, ticket, public
// pages, result look-up), in Vietnamese.
export const candidateVi = {
	submitReasons: {
		candidate: 'thí sinh nộp',
		timeout: 'hết giờ',
		lock: 'giám thị khóa phòng',
		server_close: 'quá hạn, máy chủ tự đóng',
		account_disabled: 'Ban Tổ chức khóa tài khoản, máy chủ thu bài'
	},
	start: {
		begin: 'Bắt đầu làm bài',
		resume: 'Tiếp tục làm bài',
		starting: 'Đang tải đề thi…',
		offline: 'Cần kết nối mạng để nhận đề thi. Vui lòng thử lại khi có mạng.',
		title: 'Bắt đầu {round}?',
		rules:
			'Bài thi gồm {count} câu hỏi trắc nghiệm, làm trong tối đa {length}. Đồng hồ chạy từ lúc bắt đầu và không dừng khi bạn đóng trang hay mất mạng; các câu trả lời luôn được lưu trên máy.',
		offlineGrace:
			'Câu trả lời làm khi mất mạng chỉ được tính nếu gửi được lên máy chủ trong vòng {minutes} phút sau khi hết giờ: hãy nối mạng lại trước lúc đó.',
		offlineNoGrace:
			'Câu trả lời làm khi mất mạng chỉ được tính nếu gửi được lên máy chủ trước khi hết giờ: hãy nối mạng lại trước lúc đó.',
		ranking:
			'Xếp hạng theo điểm; bằng điểm thì ai làm nhanh hơn xếp trên; bằng cả thời gian thì ai dự đoán câu hỏi phụ (nếu có) gần đúng hơn xếp trên, rồi đến ai nộp bài trước.',
		attemptsLeft: 'Sau lượt này, bạn còn {n} lượt.',
		lastAttempt: 'Đây là lượt thi cuối cùng của bạn ở vòng này.',
		lastThisWeek: 'Đây là lượt thi cuối cùng của bạn trong tuần này; từ tuần sau bạn có thể thi tiếp.',
		unlimited: 'Vòng này không giới hạn số lượt.',
		readRules: 'Đọc thể lệ đầy đủ',
		confirm: 'Tôi đồng ý, bắt đầu',
		cancel: 'Để sau'
	},
	limits: {
		weekUsed: 'Bạn đã dùng hết lượt của tuần này. Lượt tiếp theo mở lúc {date}.',
		allUsed: 'Bạn đã dùng hết lượt thi của vòng này.',
		// What a round that limits attempts still allows (history.ts attemptsLeft of attemptsAllowed).
		left: 'Còn {n}/{max} lượt làm bài',
		leftThisWeek: 'Tuần này còn {n}/{max} lượt làm bài',
		// Practice drawn on the device (round-limits.ts): papers not yet counted, and an old figure.
		pending: 'Đã trừ {n} lượt làm trên máy này chưa gửi lên máy chủ.',
		heardAt:
			'Số lượt theo máy chủ lúc {time}; lượt làm trên thiết bị khác sau đó chưa được tính. Lượt vượt quá giới hạn chỉ được lưu trên máy này, không được ghi nhận.',
		newWeek:
			'Đã sang tuần mới: máy chủ sẽ tính số lượt của tuần này khi có mạng. Lượt vượt quá giới hạn chỉ được lưu trên máy này, không được ghi nhận.'
	},
	result: {
		savedOnDevice: 'Bài làm đã được lưu trên thiết bị và đang chờ gửi. Điểm sẽ hiện khi có kết nối.',
		doneTitle: 'Đã nộp bài',
		timeUp: 'Đã hết giờ làm bài. Bài đã được nộp tự động.',
		// A home attempt the server closed first: submitted on another device, past its deadline and grace, or its account disabled.
		closedOnServer:
			'Bài thi đã được nộp từ thiết bị khác, đã quá hạn hoặc đã được máy chủ thu (tài khoản bị khóa). Câu trả lời làm trên thiết bị này sau lúc đó được lưu lại nhưng không được tính điểm.',
		review: 'Xem lại bài làm',
		yourAnswer: 'Bạn chọn',
		correctAnswer: 'Đáp án đúng',
		wrong: 'Sai',
		unanswered: 'Chưa trả lời',
		timeUsed: 'Thời gian làm bài: {time}',
		rank: 'Xếp hạng hiện tại: {rank}/{total}',
		rankLater: 'Xếp hạng sẽ hiện khi máy chủ tính xong.',
		practiceProvisional: 'Điểm được chấm ngay trên máy; máy chủ sẽ xác nhận khi có kết nối.',
		// A practice paper drawn on the device that the server refused to record ({message}: why).
		practiceUnrecorded:
			'Lượt thi thử này không được ghi nhận trên hệ thống: {message} Bài làm, điểm và phần xem lại vẫn được giữ trên máy này.',
		practiceUnrecordedShort: 'chỉ lưu trên máy này',
		retry: 'Làm lại',
		// A retry of the questions not answered right, named as they were (exam/review.ts retryOffer).
		retryWrong: 'Chỉ làm lại {n} câu sai',
		retryUnanswered: 'Chỉ làm lại {n} câu chưa trả lời',
		retryBoth: 'Chỉ làm lại {n} câu sai hoặc chưa trả lời',
		noneWrong: 'Bạn đã trả lời đúng tất cả các câu.',
		// Answers the server holds and did not count (results/uncounted.ts), by reason.
		uncountedTitle: 'Câu trả lời không được tính',
		uncountedLead:
			'Máy chủ đã nhận và lưu các câu trả lời dưới đây nhưng không tính điểm. Nếu muốn khiếu nại, hãy gửi kèm mã biên nhận bên dưới.',
		uncountedQuestions: 'Câu {list}',
		uncountedTiebreak: 'câu dự đoán',
		uncountedReasons: {
			over_time: 'làm sau khi đã hết thời gian làm bài',
			late_arrival: 'đến máy chủ sau hạn nộp bài và thời gian ân hạn (thiết bị mất kết nối quá lâu)',
			after_submit: 'đến máy chủ sau khi bài đã được nộp',
			after_move: 'làm trên máy cũ sau khi bạn đã được chuyển sang máy khác',
			after_lock: 'đến máy chủ sau khi giám thị khóa phòng'
		}
	},
	receipt: {
		title: 'Biên nhận bài thi',
		code: 'Mã biên nhận',
		proves:
			'Mã này chứng minh máy chủ đã nhận đúng bài làm bạn gửi từ thiết bị này lúc nộp bài. Hãy ghi lại hoặc chụp màn hình; Ban Tổ chức dùng nó để đối chiếu khi có khiếu nại.',
		deviceProves:
			'Mã này tóm tắt các câu trả lời đang lưu trên thiết bị; máy chủ sẽ cấp biên nhận khi nhận được bài.',
		download: 'Tải biên nhận đầy đủ (.txt)',
		full: 'Giá trị đầy đủ',
		qr: 'Mã QR của biên nhận đầy đủ',
		fileTitle: 'Biên nhận bài thi — Phòng Thi',
		fileAttempt: 'Mã bài thi',
		fileRound: 'Vòng thi',
		fileScore: 'Điểm',
		fileCode: 'Mã biên nhận rút gọn',
		fileFull: 'Biên nhận đầy đủ (HMAC-SHA-256)'
	},
	history: {
		// the dashboard's lines about a round
		attempts: 'Các lần thi',
		bestOf: 'Điểm cao nhất: {score}/{max}',
		rankOf: 'Xếp hạng: {rank}/{total}',
		title: 'Lịch sử bài thi',
		none: 'Bạn chưa làm bài thi nào.',
		round: 'Vòng thi',
		when: 'Thời điểm',
		score: 'Điểm',
		timeUsed: 'Thời gian',
		rank: 'Xếp hạng',
		rankPending: 'chờ công bố',
		receipt: 'Biên nhận',
		certificate: 'Giấy chứng nhận',
		prize: 'Giải',
		status: 'Trạng thái',
		running: 'Đang làm',
		absent: 'Vắng mặt',
		submitted: 'Đã nộp',
		closed: 'Vòng đã đóng',
		attemptOf: 'Lượt {n}',
		download: 'Tải giấy chứng nhận',
		best: 'Điểm cao nhất',
		latestOnly: 'Chỉ hiện {n} lượt gần nhất.'
	},
	finalist: {
		title: 'Bạn vào vòng chung kết!',
		lead: 'Chúc mừng! Bạn là thí sinh vào vòng chung kết. Hãy mang theo thẻ dự thi dưới đây.',
		ticket: 'Thẻ dự thi',
		sbd: 'Số báo danh',
		room: 'Phòng thi',
		date: 'Ngày thi',
		time: 'Giờ có mặt',
		address: 'Địa điểm',
		bring: 'Cần mang theo',
		bringList:
			'Căn cước công dân (hoặc giấy tờ tùy thân có ảnh), thẻ dự thi này (in ra hoặc trên điện thoại). Không cần mang máy tính bảng: Ban Tổ chức chuẩn bị sẵn.',
		qr: 'Mã QR của thẻ dự thi',
		pinNote: 'Mã PIN đăng nhập máy tính bảng do giám thị phát tại phòng thi.',
		notSeated: 'Ban Tổ chức đang xếp phòng; thông tin phòng thi sẽ hiện ở đây.',
		print: 'In thẻ dự thi',
		tbd: 'Sẽ thông báo',
		name: 'Họ và tên',
		birthDate: 'Ngày sinh',
		unit: 'Đơn vị',
		pin: 'Mã PIN',
		identityCheck:
			'Giám thị đối chiếu họ tên và ngày sinh trên thẻ với căn cước công dân trước khi cho vào phòng.',
		pinSecret: 'Mã PIN dùng để đăng nhập máy tính bảng tại phòng thi; không cho người khác biết.'
	},
	nav: {
		menuButton: 'Danh mục',
		results: 'Kết quả',
		rules: 'Thể lệ',
		prizes: 'Giải thưởng',
		schedule: 'Lịch thi',
		contact: 'Liên hệ',
		faq: 'Hỏi đáp',
		more: 'Thông tin cuộc thi',
		footer: 'Liên kết cuối trang'
	},
	home: {
		openNow: 'Đang mở',
		upcoming: 'Sắp mở',
		closed: 'Đã đóng',
		dates: '{from} – {to}',
		info: 'Thông tin cuộc thi',
		lookup: 'Tra cứu kết quả của bạn',
		results: 'Xem kết quả đã công bố'
	},
	pages: {
		rules: 'Thể lệ cuộc thi',
		prizes: 'Cơ cấu giải thưởng',
		schedule: 'Lịch thi',
		contact: 'Liên hệ và đường dây nóng',
		faq: 'Hỏi đáp',
		venue: 'Địa điểm thi chung kết (in trên thẻ dự thi)',
		empty: 'Ban Tổ chức chưa đăng nội dung này.',
		updated: 'Cập nhật lúc {date}',
		editTitle: 'Trang thông tin cuộc thi',
		editLead:
			'Các trang công khai: thể lệ, giải thưởng, lịch thi, liên hệ, hỏi đáp. Mỗi đoạn cách nhau một dòng trống; dòng bắt đầu bằng "## " là tiêu đề nhỏ, bằng "- " là một ý.',
		edit: 'Sửa',
		title: 'Tiêu đề',
		body: 'Nội dung',
		save: 'Lưu và công bố',
		saved: 'Đã lưu. Trang công khai đã được cập nhật.',
		view: 'Xem trang công khai',
		tooLong: 'Nội dung quá dài (tối đa 20.000 ký tự).',
		scheduleRounds: 'Các vòng thi'
	},
	lookup: {
		title: 'Tra cứu kết quả',
		lead: 'Nhập số báo danh (vòng chung kết) hoặc số điện thoại đã đăng ký, cùng năm sinh, để xem điểm và xếp hạng của chính bạn.',
		key: 'Số báo danh hoặc số điện thoại',
		birthYear: 'Năm sinh',
		badYear: 'Năm sinh gồm 4 chữ số, ví dụ 1990.',
		submit: 'Tra cứu',
		notFound: 'Không tìm thấy kết quả khớp với thông tin đã nhập.',
		tooMany: 'Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau {wait}.',
		found: 'Kết quả của bạn',
		round: 'Vòng thi',
		score: 'Điểm',
		rank: 'Xếp hạng',
		prize: 'Giải',
		time: 'Thời gian',
		unpublished: 'Chưa công bố',
		noPrize: '—'
	},
	results: {
		units: 'Xếp hạng đơn vị',
		unitsCaption: 'Bảng xếp hạng tập thể',
		unit: 'Đơn vị',
		value: 'Chỉ số',
		participants: 'Số thí sinh',
		prize: 'Giải',
		rank: 'Hạng',
		individual: 'Xếp hạng cá nhân'
	},
	// The tie-break prediction asked before submitting (exam/TiebreakForm.svelte): loaded with
	// the form, not with the exam screen's core.
	tiebreak: {
		title: 'Câu hỏi phụ (dự đoán)',
		hint: 'Nhập một số (dấu chấm ngăn cách hàng nghìn, dấu phẩy ngăn phần thập phân, ví dụ 1.500 hoặc 2,5). Khi bằng điểm và bằng thời gian làm bài, câu trả lời gần đúng hơn xếp trên.',
		readAs: 'Số bạn nhập: {value}',
		required: 'Cần trả lời câu hỏi phụ trước khi nộp bài.',
		invalid: 'Chưa đọc được số này.',
		save: 'Lưu câu trả lời phụ'
	}
};
