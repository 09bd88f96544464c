// Vietnamese text of the question bank, imports and rounds (organiser area).
export const bankVi = {
	nav: {
		title: 'Quản lý',
		bank: 'Ngân hàng câu hỏi',
		import: 'Nhập câu hỏi từ tệp',
		rounds: 'Vòng thi',
		setup: 'Chủ đề và ngân hàng'
	},
	difficulty: { 1: 'Dễ', 2: 'Trung bình', 3: 'Khó' },
	visibility: { public: 'Công khai (ôn tập, gửi kèm đáp án)', secret: 'Bảo mật (chỉ thi chính thức)' },
	visibilityShort: { public: 'Công khai', secret: 'Bảo mật' },
	status: { active: 'Đang dùng', retired: 'Ngừng dùng' },
	list: {
		title: 'Ngân hàng câu hỏi',
		search: 'Tìm trong nội dung',
		topic: 'Chủ đề',
		difficulty: 'Mức độ',
		pool: 'Ngân hàng',
		status: 'Trạng thái',
		any: 'Tất cả',
		filter: 'Lọc',
		count: '{n} câu hỏi',
		none: 'Không có câu hỏi nào khớp.',
		text: 'Câu hỏi',
		version: 'Phiên bản',
		newQuestion: 'Thêm câu hỏi',
		export: 'Xuất ra Excel',
		prev: 'Trang trước',
		next: 'Trang sau',
		page: 'Trang {page}/{pages}',
		edit: 'Sửa'
	},
	editor: {
		newTitle: 'Thêm câu hỏi',
		editTitle: 'Sửa câu hỏi {id}',
		text: 'Nội dung câu hỏi',
		options: 'Các phương án (2–6), chọn một đáp án đúng',
		option: 'Phương án {letter}',
		correct: 'Đáp án đúng',
		pinned: 'Giữ vị trí khi xáo trộn',
		pinnedFor: 'Giữ vị trí khi xáo trộn: phương án {letter}',
		addOption: 'Thêm phương án',
		removeOption: 'Xóa phương án {letter}',
		explanation: 'Giải thích',
		reference: 'Căn cứ pháp lý',
		save: 'Lưu',
		saved: 'Đã lưu. Phiên bản hiện tại: {version}.',
		created: 'Đã thêm câu hỏi {id}.',
		retire: 'Ngừng dùng câu hỏi',
		restore: 'Dùng lại câu hỏi',
		retired: 'Câu hỏi này đang ngừng dùng: không được rút vào đề mới.',
		versionNote: 'Sửa nội dung tạo phiên bản mới; các đề đã rút giữ nguyên nội dung và đáp án cũ.',
		versions: 'Các phiên bản',
		createdAt: 'Thời điểm tạo',
		fixErrors: 'Vui lòng sửa các lỗi dưới đây.',
		notFound: 'Không tìm thấy câu hỏi.',
		back: 'Về ngân hàng câu hỏi'
	},
	setup: {
		title: 'Chủ đề và ngân hàng',
		topics: 'Chủ đề',
		topicName: 'Tên chủ đề',
		topicId: 'Mã chủ đề (không dấu, không bắt buộc)',
		addTopic: 'Thêm chủ đề',
		pools: 'Ngân hàng',
		poolName: 'Tên ngân hàng',
		poolId: 'Mã ngân hàng (không dấu, không bắt buộc)',
		visibility: 'Loại',
		addPool: 'Thêm ngân hàng',
		questions: 'Số câu đang dùng',
		published: 'Đã công bố',
		publish: 'Công bố (cho phép vòng chính thức dùng)',
		unpublish: 'Thôi công bố',
		publishNote:
			'Ngân hàng công khai có đáp án gửi tới máy thí sinh khi ôn tập. Vòng loại và chung kết chỉ dùng được khi Ban Tổ chức công bố ngân hàng này.',
		rename: 'Đổi tên',
		done: 'Đã lưu.',
		badId: 'Mã chỉ gồm chữ không dấu, số, dấu gạch (tối đa 40 ký tự).',
		idTaken: 'Mã này đã được dùng.',
		required: 'Vui lòng nhập tên.'
	},
	import: {
		title: 'Nhập câu hỏi từ tệp',
		lead: 'Nhận tệp Excel (.xlsx), CSV, GIFT, Moodle XML và QTI 2.1 (tệp .xml hoặc gói .zip). Tệp được kiểm tra trước; bạn xem báo cáo rồi mới quyết định nhập.',
		template: 'Tải tệp mẫu Excel',
		templateCsv: 'Tải tệp mẫu CSV',
		file: 'Tệp câu hỏi',
		pool: 'Ngân hàng (khi tệp không ghi)',
		topic: 'Chủ đề (khi tệp không ghi)',
		difficulty: 'Mức độ (khi tệp không ghi)',
		none: '— Không chọn —',
		check: 'Kiểm tra tệp',
		uploading: 'Đang tải tệp lên…',
		analysing: 'Đang kiểm tra tệp…',
		report: 'Báo cáo kiểm tra',
		format: 'Định dạng: {format}',
		ready: '{n} câu hỏi hợp lệ, sẵn sàng nhập',
		rejected: '{n} mục bị loại',
		notes: 'Ghi chú',
		place: 'Vị trí',
		reason: 'Lý do',
		more: 'và {n} mục khác (không hiển thị).',
		rejectedList: 'Danh sách mục bị loại',
		scrollMore: 'Danh sách dài: cuộn trong khung để xem hết {n} mục.',
		commit: 'Nhập {n} câu hỏi',
		cancel: 'Không nhập',
		committing: 'Đang nhập… {done}/{total}',
		done: 'Đã nhập {n} câu hỏi vào ngân hàng.',
		cancelled: 'Đã hủy, không câu hỏi nào được nhập.',
		failed: 'Nhập không thành công, không câu hỏi nào được thêm: {message}',
		nothing: 'Không có câu hỏi hợp lệ nào để nhập.',
		bankChanged:
			'Từ lúc kiểm tra tệp, ngân hàng đã có thêm {n} câu hỏi trùng với câu trong tệp (người khác vừa thêm hoặc nhập). Tệp đã được kiểm tra lại: hãy xem báo cáo bên dưới rồi bấm nhập lần nữa.',
		analyseCommitting:
			'Việc nhập tệp này đã bắt đầu nên không kiểm tra lại được nữa. Muốn đổi lựa chọn, hãy bấm "Không nhập" rồi chọn lại tệp.',
		analyseOvertaken:
			'Tệp này vừa được kiểm tra lại ở một cửa sổ khác. Hãy tải lại trang để xem báo cáo mới nhất.',
		again: 'Nhập tệp khác',
		unknownFormat: 'Không nhận ra loại tệp. Hãy dùng .xlsx, .csv, .gift/.txt, .xml hoặc .zip.',
		tooLarge: 'Tệp quá lớn (tối đa {mb} MB).',
		progress: 'Tiến độ',
		resume: 'Tiếp tục nhập',
		pending: 'Lần nhập chưa xong',
		settings: 'Giá trị mặc định cho cả tệp',
		settingsNote:
			'Dùng cho các câu hỏi mà tệp không ghi ngân hàng, chủ đề hoặc mức độ. Đổi lựa chọn sẽ kiểm tra lại cùng tệp, không cần chọn lại tệp.',
		reanalysing: 'Đang kiểm tra lại tệp…',
		preview: 'Xem trước {n} câu đầu tiên sẽ được nhập',
		previewNote:
			'Đọc kỹ vài câu dưới đây: nếu chữ bị lỗi phông (ví dụ "Thá»±c" hay "Thµnh"), đừng nhập mà lưu lại tệp dạng CSV UTF-8.',
		correctMark: 'đáp án đúng',
		warnings: 'Cần xem lại trước khi nhập',
		mapping: 'Cột trong tệp',
		mappingLead:
			'Chọn trường tương ứng cho từng cột mà hệ thống chưa nhận ra. Lựa chọn được ghi nhớ cho các tệp sau có cùng tiêu đề cột.',
		heading: 'Tiêu đề cột',
		sample: 'Ví dụ trong tệp',
		field: 'Trường',
		fieldFor: 'Trường cho cột "{heading}"',
		unmapped: '— Chưa chọn —',
		ignore: '— Bỏ qua cột này —',
		applyMapping: 'Áp dụng và kiểm tra lại',
		notFound: 'Không tìm thấy lần nhập này, hoặc tệp đã được nhập. Hãy chọn lại tệp.',
		partTooLarge: 'Phần tệp quá lớn.',
		partNoContentType:
			'Phần tệp được gửi thiếu tiêu đề Content-Type; hãy gửi kèm Content-Type: application/octet-stream.',
		partRefused: 'Không nhận được phần tệp này. Hãy chọn lại tệp.'
	},
	fields: {
		id: 'Mã câu hỏi',
		text: 'Nội dung câu hỏi',
		option: 'Phương án {letter}',
		correct: 'Đáp án đúng',
		pinned: 'Giữ vị trí',
		topic: 'Chủ đề',
		topicId: 'Mã chủ đề',
		difficulty: 'Mức độ',
		pool: 'Ngân hàng',
		status: 'Trạng thái',
		explanation: 'Giải thích',
		reference: 'Căn cứ pháp lý'
	},
	/** The Excel/CSV template and export; the column headings are `fields`. */
	sheet: {
		questions: 'Câu hỏi',
		topics: 'Chủ đề',
		pools: 'Ngân hàng',
		help: 'Hướng dẫn',
		topicId: 'Mã chủ đề',
		topicName: 'Tên chủ đề',
		poolId: 'Mã ngân hàng',
		poolName: 'Tên ngân hàng',
		poolKind: 'Loại',
		published: 'Đã công bố',
		yes: 'Có',
		no: 'Không',
		example: 'Ví dụ (bỏ qua khi nhập)',
		helpTitle: 'Hướng dẫn điền tệp câu hỏi',
		helpLines: [
			'Mỗi hàng của trang "Câu hỏi" là một câu hỏi. Hàng 1 là tiêu đề cột, không xóa hoặc đổi tên.',
			'Cột bắt buộc: Nội dung câu hỏi, Phương án A, Phương án B, Đáp án đúng. Có thể dùng 2 đến 6 phương án (A–F), điền liên tiếp từ A.',
			'Đáp án đúng: một chữ cái A–F. Giữ vị trí: chữ cái của phương án không bị xáo trộn (ví dụ "Tất cả các đáp án trên").',
			'Chủ đề: tên chủ đề (hoặc mã chủ đề). Chủ đề chưa có sẽ được tạo mới. Để trống thì dùng chủ đề chọn khi nhập.',
			'Mức độ: 1, 2, 3 hoặc Dễ, Trung bình, Khó. Để trống thì dùng mức độ chọn khi nhập.',
			'Ngân hàng: mã ngân hàng (xem trang "Ngân hàng"). Để trống thì dùng ngân hàng chọn khi nhập.',
			'Mã câu hỏi: để trống khi thêm câu hỏi mới; tệp xuất từ hệ thống có sẵn mã.',
			'Trạng thái: Đang dùng (mặc định) hoặc Ngừng dùng.',
			'Hai hàng mẫu có Trạng thái "Ví dụ" được bỏ qua khi nhập: có thể để nguyên, xóa, hoặc ghi câu hỏi thật đè lên (xóa chữ "Ví dụ").',
			'Tệp dùng phông chữ cũ TCVN3 (.VnTime) hoặc VNI được tự động nhận ra và chuyển sang Unicode.'
		],
		/** The topic the examples name when the bank has none yet. */
		exampleTopic: { id: 'chinh-quyen-so', name: 'Chính quyền số' },
		examples: [
			{
				text: 'Cổng Dịch vụ công quốc gia có địa chỉ truy cập nào?',
				options: ['dichvucong.gov.vn', 'chinhphu.vn', 'vanban.chinhphu.vn', 'Tất cả các đáp án trên'],
				explanation: 'Cổng Dịch vụ công quốc gia: dichvucong.gov.vn.',
				reference: ''
			},
			{
				text: 'Hồ sơ trực tuyến được nộp qua Cổng dịch vụ công có giá trị pháp lý như hồ sơ giấy.',
				options: ['Đúng', 'Sai'],
				explanation: '',
				reference: 'Nghị định 45/2020/NĐ-CP'
			}
		],
		/** The options of a true/false question read from a GIFT or Moodle file. */
		trueFalse: ['Đúng', 'Sai'] as [string, string],
		templateFile: 'mau-nhap-cau-hoi',
		exportFile: 'ngan-hang-cau-hoi-{date}'
	},
	/** Question types a file may hold that the bank does not, by Moodle's names. */
	questionTypes: {
		essay: 'tự luận (essay)',
		numerical: 'số (numerical)',
		matching: 'ghép cặp (matching)',
		shortanswer: 'trả lời ngắn (short answer)',
		unknown: 'không rõ',
		noInteraction: 'không có choiceInteraction'
	},
	/** What is wrong in a GIFT question's syntax. */
	syntaxDetails: {
		missingOpenBrace: 'thiếu dấu { mở phần đáp án',
		missingCloseBrace: 'thiếu dấu } đóng phần đáp án'
	},
	formats: { xlsx: 'Excel (.xlsx)', csv: 'CSV', gift: 'GIFT', moodle: 'Moodle XML', qti: 'QTI 2.1' },
	places: {
		row: 'Hàng {n}',
		item: 'Mục {id}',
		question: 'Câu {n} (dòng {line})',
		xmlQuestion: 'Câu {n} ({name})',
		file: 'Toàn tệp'
	},
	problems: {
		emptyText: 'Nội dung câu hỏi để trống.',
		textTooLong: 'Nội dung quá dài (tối đa {max} ký tự).',
		tooFewOptions: 'Cần ít nhất 2 phương án (tệp có {n}).',
		tooManyOptions: 'Tối đa 6 phương án (tệp có {n}).',
		emptyOption: 'Phương án {letter} để trống.',
		hiddenChars:
			'{field} chứa ký tự điều khiển ẩn (làm đảo chiều chữ hoặc không hiện ra), thường do chép từ trang web hay tin nhắn. Hãy xóa đoạn chữ đó rồi gõ lại.',
		sameOptions: 'Có hai phương án trùng nhau.',
		noCorrect: 'Chưa có đáp án đúng.',
		severalCorrect: 'Chỉ được có một đáp án đúng (tệp ghi {n}).',
		badCorrect: 'Đáp án đúng "{value}" không khớp với phương án nào.',
		allPinned: 'Không thể giữ vị trí tất cả các phương án.',
		badPinned: 'Cột giữ vị trí "{value}" không khớp với phương án nào.',
		badDifficulty: 'Mức độ "{value}" không hợp lệ (dùng 1, 2, 3 hoặc Dễ, Trung bình, Khó).',
		noDifficulty: 'Thiếu mức độ và chưa chọn mức độ mặc định.',
		noTopic: 'Thiếu chủ đề và chưa chọn chủ đề mặc định.',
		unknownPool: 'Ngân hàng "{value}" không có trong hệ thống.',
		poolSeen:
			'Không thể chuyển câu hỏi khỏi ngân hàng "{pool}": vòng "{round}" lấy câu hỏi từ ngân hàng này đã mở, nên đáp án có thể đã lộ (qua thi thử, hoặc qua điểm hiện khi nộp bài). Chuyển sang ngân hàng khác sẽ mang đáp án đó sang vòng thi khác hoặc ra công khai. Hãy soạn câu hỏi mới trong ngân hàng cần dùng.',
		noPool: 'Thiếu ngân hàng và chưa chọn ngân hàng mặc định.',
		badStatus: 'Trạng thái "{value}" không hợp lệ (Đang dùng hoặc Ngừng dùng).',
		badEncoding: 'Lỗi mã hóa ký tự ở mục "{field}": hãy lưu lại tệp theo bảng mã Unicode (UTF-8).',
		duplicateExisting: 'Trùng với câu hỏi {id} đã có trong ngân hàng.',
		duplicateImporting: 'Trùng với một câu hỏi đang được nhập từ tệp "{file}" (việc nhập chưa xong).',
		duplicateInFile: 'Trùng với {place} trong tệp.',
		idTaken:
			'Mã câu hỏi "{id}" đã thuộc về một câu hỏi khác (trong ngân hàng, hoặc ở một hàng trước trong tệp). Nhập tệp không sửa được câu hỏi đã có: muốn sửa câu hỏi đó, hãy sửa trong "Ngân hàng câu hỏi"; muốn nhập hàng này thành câu hỏi mới, hãy xóa mã ở cột "Mã câu hỏi".',
		badId: 'Mã câu hỏi "{id}" không hợp lệ (chữ không dấu, số, dấu gạch; tối đa 64 ký tự).',
		unsupportedType: 'Loại câu hỏi "{type}" chưa được hỗ trợ (chỉ nhận trắc nghiệm và đúng/sai).',
		syntax: 'Sai cú pháp: {detail}.',
		convertedTcvn3: 'Đã chuyển văn bản từ bảng mã TCVN3 (ABC) sang Unicode.',
		convertedVni: 'Đã chuyển văn bản từ bảng mã VNI sang Unicode.',
		newTopic: 'Sẽ tạo chủ đề mới "{name}".',
		newPool: 'Sẽ tạo ngân hàng mới "{name}" ({visibility}).',
		unknownColumns: 'Bỏ qua các cột không nhận ra: {columns}.',
		missingColumns: 'Thiếu cột bắt buộc: {columns}.',
		emptyFile: 'Tệp không có câu hỏi nào.',
		unreadable: 'Không đọc được tệp: {detail}.',
		unreadableXml: 'Không đọc được tệp: {detail} (dòng {line}).',
		noQuiz: 'Tệp XML không có thẻ <quiz> của Moodle XML.',
		noItems: 'Không tìm thấy câu hỏi QTI (assessmentItem) nào trong tệp.',
		convertedCp1258:
			'Tệp được lưu theo bảng mã Windows-1258 (thường gặp khi Excel lưu "CSV (Comma delimited)"): đã chuyển sang Unicode. Hãy đọc phần xem trước trước khi nhập.',
		unsureEncoding:
			'Không nhận ra bảng mã của tệp nên chưa nhập, để không lưu chữ bị lỗi. Hãy mở tệp trong Excel, chọn Lưu thành (Save As) → "CSV UTF-8 (Comma delimited) (*.csv)", rồi chọn lại tệp.',
		emptyUpload:
			'Tệp trống (0 byte), không có gì để nhập. Hãy mở tệp gốc, kiểm tra đã lưu câu hỏi vào đó, rồi chọn lại đúng tệp.',
		notXlsx:
			'Tệp có đuôi .xlsx nhưng không phải bảng tính Excel (có thể đã bị đổi tên). Hãy mở tệp bằng chương trình đã tạo ra nó, chọn Lưu thành → "Excel Workbook (*.xlsx)", rồi chọn lại.',
		oldXls:
			'Tệp .xls (Excel 97–2003) chưa được hỗ trợ. Hãy mở tệp bằng Excel, chọn Lưu thành → "Excel Workbook (*.xlsx)", rồi chọn lại.',
		damagedZip:
			'Tệp bị hỏng hoặc chưa tải về hết nên không mở được. Hãy tải lại tệp gốc (nếu nhận qua thư hoặc Zalo), hoặc mở bằng Excel rồi lưu lại, sau đó chọn lại.',
		unpackedTooLarge:
			'Tệp khi giải nén ra lớn hơn {mb} MB nên không mở (một tệp câu hỏi thường chỉ vài MB; tệp này có thể chứa ảnh, video hay dữ liệu thừa). Hãy bỏ ảnh, video và những phần không cần ra khỏi tệp, hoặc chép câu hỏi sang tệp mẫu Excel (nút "Tải tệp mẫu Excel"), rồi chọn lại.',
		tooManyEntries:
			'Tệp nén chứa hơn {n} tệp con nên không mở. Hãy chia câu hỏi thành nhiều tệp nhỏ hơn rồi chọn lại.',
		tooManyCells:
			'Tệp có hơn {rows} hàng hoặc hơn {cells} ô (với bảng tính Excel: kể cả ô trống đã định dạng) nên không mở. Hãy xóa các hàng, cột thừa hoặc chia câu hỏi thành nhiều tệp, rồi chọn lại.',
		tooManyColumns:
			'Hàng {row} của tệp có hơn {max} cột nên không mở (tệp mẫu chỉ có 17 cột). Hãy kiểm tra dấu phân cách của tệp, xóa các cột thừa, hoặc mở tệp trong Excel và lưu lại dạng "CSV UTF-8", rồi chọn lại.',
		cellError:
			'{field}: ô có lỗi công thức ({error}). Hãy sửa công thức trong Excel (hoặc chép rồi dán dạng giá trị), lưu lại, rồi chọn lại tệp.',
		cellTooLong:
			'Một ô ở hàng {row} dài hơn {max} ký tự nên không mở tệp (có thể do một dấu ngoặc kép chưa đóng, làm phần còn lại của tệp thành một ô). Hãy mở tệp trong Excel, sửa ô đó, lưu lại dạng "CSV UTF-8", rồi chọn lại.',
		tooManyLines:
			'Tệp có hơn {max} dòng nên không mở. Hãy chia câu hỏi thành nhiều tệp nhỏ hơn rồi chọn lại.',
		questionTooLong:
			'Câu hỏi bắt đầu ở dòng {line} dài hơn {max} ký tự nên không mở tệp (có thể do thiếu dòng trống giữa các câu hỏi). Hãy thêm một dòng trống sau mỗi câu hỏi, sửa câu đó, rồi chọn lại.',
		tooManyTags:
			'Tệp XML có hơn {max} thẻ nên không mở. Hãy chia câu hỏi thành nhiều tệp nhỏ hơn rồi chọn lại.',
		unknownFormat:
			'Không nhận ra loại tệp {ext}. Hãy lưu câu hỏi thành Excel (.xlsx), CSV UTF-8 (.csv), GIFT (.gift, .txt), Moodle XML hoặc QTI (.xml, .zip) rồi chọn lại.',
		wordFile:
			'Tệp Word ({ext}) chưa được hỗ trợ: hãy chép câu hỏi vào tệp mẫu Excel (nút "Tải tệp mẫu Excel"), mỗi câu một hàng, rồi chọn tệp đó.',
		notQuestionFile:
			'Tệp {ext} không thuộc loại tệp câu hỏi được hỗ trợ (Excel .xlsx, CSV, GIFT, Moodle XML, QTI). Hãy chép câu hỏi vào tệp mẫu Excel (nút "Tải tệp mẫu Excel") rồi chọn tệp đó.',
		unreadableFile:
			'Không đọc được nội dung tệp. Hãy chép câu hỏi vào tệp mẫu Excel (nút "Tải tệp mẫu Excel") rồi chọn lại.',
		unreadableCsv:
			'Không đọc được tệp CSV (có thể do một dấu ngoặc kép chưa đóng). Hãy mở tệp trong Excel, lưu lại dạng "CSV UTF-8", rồi chọn lại.',
		incompleteUpload: 'Tệp tải lên chưa đủ (có thể mạng bị ngắt). Hãy chọn lại tệp và kiểm tra lại.',
		titleRowsSkipped: 'Bỏ qua {n} hàng tiêu đề phía trên; tiêu đề cột ở hàng {row}.',
		examplesSkipped: 'Bỏ qua {n} hàng ví dụ của tệp mẫu.',
		sameTextOtherOptions:
			'Cùng nội dung với câu hỏi {id} đã có trong ngân hàng nhưng khác phương án: kiểm tra có phải nhập trùng hay bản đã sửa.',
		topicCloseTo:
			'Chủ đề mới "{name}" gần giống chủ đề đã có "{existing}": nếu là một, hãy sửa tên trong tệp cho đúng.'
	},
	rounds: {
		title: 'Vòng thi',
		contest: 'Cuộc thi',
		contestName: 'Tên cuộc thi',
		startsOn: 'Ngày bắt đầu',
		contestMinAge: 'Tuổi tối thiểu của cuộc thi',
		saveContest: 'Lưu cuộc thi',
		newRound: 'Tạo vòng thi',
		editTitle: 'Sửa vòng thi: {name}',
		newTitle: 'Tạo vòng thi',
		name: 'Tên vòng thi',
		kind: 'Loại vòng',
		opensAt: 'Mở lúc (giờ Việt Nam)',
		closesAt: 'Đóng lúc (giờ Việt Nam)',
		questionCount: 'Số câu hỏi',
		durationMin: 'Thời gian làm bài: phút',
		durationSec: 'và giây',
		timeAllowed: 'Thời gian làm bài',
		grace: 'Thời gian chờ cho người đến muộn / gửi chậm (giây)',
		minAge: 'Tuổi tối thiểu (không thấp hơn của cuộc thi: {age})',
		maxAttempts: 'Số lượt tối đa (để trống: không giới hạn)',
		maxPerWeek: 'Số lượt tối đa mỗi tuần (để trống: không giới hạn)',
		practiceUnlimited: 'Vòng thi thử không giới hạn số lượt.',
		review: 'Cho xem lại đáp án sau khi nộp bài',
		pools: 'Rút câu hỏi từ ngân hàng',
		blueprint: 'Ma trận đề: số câu theo chủ đề × mức độ',
		blueprintTotal: 'Tổng: {n} câu',
		available: 'có {n}',
		tiebreak: 'Câu hỏi phụ (dự đoán một con số, để xếp hạng khi bằng điểm)',
		tiebreakPrompt: 'Nội dung câu hỏi phụ (để trống nếu không dùng)',
		tiebreakTruth: 'Đáp số đúng (có thể nhập sau, nhưng trước khi chốt điểm)',
		tiebreakTruthHint:
			'Viết theo kiểu Việt Nam: dấu chấm tách hàng nghìn, dấu phẩy trước phần thập phân (20.000; 2,5).',
		save: 'Lưu vòng thi',
		saved: 'Đã lưu vòng thi.',
		created: 'Đã tạo vòng thi.',
		questions: 'Câu',
		duration: 'Thời gian',
		attempts: 'Lượt',
		unlimited: 'Không giới hạn',
		ready: 'Đủ câu hỏi',
		breaksRules: 'Chưa đúng quy định, cần sửa',
		short: 'Thiếu câu hỏi',
		shortCell: '{topic} – {difficulty}: cần {need}, ngân hàng có {have} (thiếu {missing})',
		finalised: 'Vòng thi đã chốt kết quả, không sửa được.',
		edit: 'Sửa',
		fixErrors: 'Chưa lưu được vòng thi:',
		savedBreaksRules: 'Vòng thi đang lưu chưa đúng quy định, hãy sửa rồi lưu lại:'
	},
	roundErrors: {
		required: 'Vui lòng nhập tên vòng thi.',
		badTime: 'Thời gian mở, đóng không hợp lệ.',
		closesBeforeOpens: 'Thời gian đóng phải sau thời gian mở.',
		badDuration: 'Thời gian làm bài phải từ 1 giây đến 24 giờ.',
		badNumber: 'Giá trị số không hợp lệ: {field}.',
		countMismatch: 'Ma trận đề có {sum} câu nhưng số câu hỏi của vòng là {count}.',
		emptyBlueprint: 'Ma trận đề chưa có câu nào.',
		unknownTopic: 'Chủ đề "{topic}" không có trong hệ thống.',
		noPools: 'Chọn ít nhất một ngân hàng câu hỏi.',
		unknownPool: 'Ngân hàng "{pool}" không có trong hệ thống.',
		practiceSecret: 'Vòng thi thử chỉ được dùng ngân hàng công khai; "{pool}" là ngân hàng bảo mật.',
		gradedPublic:
			'Vòng chính thức không được dùng ngân hàng công khai "{pool}" khi Ban Tổ chức chưa công bố ngân hàng đó.',
		poolShared:
			'Ngân hàng "{pool}" đã được dùng cho vòng "{round}". Mỗi vòng chính thức cần một ngân hàng bảo mật riêng: điểm hiện ngay khi nộp bài nên thí sinh có thể dò ra đáp án ở vòng này để dùng cho vòng kia.',
		minAgeLower: 'Tuổi tối thiểu của vòng không được thấp hơn của cuộc thi ({age}).',
		shortfall: 'Ngân hàng chưa đủ câu hỏi cho ma trận đề, vòng thi không thể mở.',
		finalised: 'Vòng thi đã chốt kết quả, không sửa được.',
		notFound: 'Không tìm thấy vòng thi.',
		noContest: 'Chưa có cuộc thi nào.',
		retireBreaksRound: 'Không thể thay đổi: vòng "{round}" đang mở sẽ thiếu câu hỏi ({cells}).',
		roundLocked:
			'Vòng thi đã có {attempts} bài làm (kể cả đề đã rút sẵn cho thí sinh): không đổi được loại vòng, số câu, cơ cấu đề (ma trận, ngân hàng), thời gian làm bài, thời gian chờ, số lượt, tuổi tối thiểu, nội dung câu hỏi phụ; khi vòng đã mở thì không đổi giờ mở và chỉ dời giờ đóng muộn hơn được. Thí sinh đã thi theo những điều này, thí sinh thi sau phải thi như vậy. Những gì vẫn sửa được: tên, thời gian đóng (muộn hơn), đáp số đúng của câu hỏi phụ.',
		lockedField: 'Không đổi được nữa: "{field}".',
		closesOnlyLater: '"{field}" chỉ dời muộn hơn được, không sớm hơn giờ đã lưu.',
		practiceKindLocked:
			'Vòng thi thử đã có {attempts} bài làm nên không đổi được loại vòng: bài thi thử (đã xem đáp án, thi không giới hạn lượt) không được tính vào xếp hạng. Hãy tạo vòng thi mới.'
	}
};
