// Seeds the demo contest on an empty database: units, staff and candidate accounts, the
// question bank written from the contest's source articles, and three rounds.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db';
import { hashPassword } from '../password';
import { vietnamDate } from '$lib/exam/eligibility';
import unitsJson from './units.json';
import questionsJson from './questions.json';
import { demoBlueprint } from './blueprint';

const unitsSchema = z.array(
	z.object({
		id: z.string(),
		parentId: z.string().nullable(),
		name: z.string(),
		kind: z.enum(['province', 'city', 'town', 'district', 'department']),
		headcount: z.number().int().nonnegative()
	})
);

const bankSchema = z.object({
	topics: z.array(z.object({ id: z.string(), name: z.string() })),
	questions: z.array(
		z.object({
			id: z.string(),
			topic: z.string(),
			difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
			pool: z.enum(['public', 'secret', 'final']),
			text: z.string().min(1),
			options: z.array(z.string().min(1)).length(4),
			correct: z.number().int().min(0).max(3),
			explanation: z.string(),
			reference: z.string(),
			pinLast: z.boolean().optional()
		})
	)
});

export const DEMO_PASSWORDS = {
	organiser: 'BanToChuc2026',
	proctor: 'GiamThi2026',
	candidate: 'ThiSinh2026'
} as const;

export const DEMO_ACCOUNTS = {
	organiser: { phone: '0900000001', name: 'Nguyễn Văn Tổ Chức' },
	proctor: { phone: '0900000002', name: 'Trần Thị Giám Thị' },
	candidates: [
		{
			nationalId: '082090001234',
			phone: '0912000001',
			name: 'Lê Văn An',
			birthDate: '1990-03-12',
			gender: 'male',
			unitId: 'my-tho'
		},
		{
			nationalId: '082185004321',
			phone: '0912000002',
			name: 'Phạm Thị Bình',
			birthDate: '1985-07-30',
			gender: 'female',
			unitId: 'cai-be'
		},
		{
			nationalId: '082200007777',
			phone: '0912000003',
			name: 'Võ Minh Châu',
			birthDate: '2000-11-02',
			gender: 'male',
			unitId: 'so-tttt'
		},
		{
			nationalId: '082312005555',
			phone: '0912000004',
			name: 'Huỳnh Ngọc Diệp',
			birthDate: '2012-01-20',
			gender: 'female',
			unitId: 'tx-go-cong'
		}
	]
} as const;

const DAY = 24 * 3600 * 1000;

export interface SeedOptions {
	log?: (s: string) => void;
	now?: number;
	/** One stored hash for every account instead of the demo passwords' (warm-up.ts: nobody signs in). */
	passwordHash?: string;
}

export async function seedDemo(db: Db, opts: SeedOptions = {}) {
	const log = opts.log ?? (() => {});
	const now = opts.now ?? Date.now();
	const existing = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
	if (existing) return false;

	const units = unitsSchema.parse(unitsJson);
	const bank = bankSchema.parse(questionsJson);
	const hashOf = (pw: string) => opts.passwordHash ?? hashPassword(pw);
	const [organiserHash, proctorHash, candidateHash] = await Promise.all([
		hashOf(DEMO_PASSWORDS.organiser),
		hashOf(DEMO_PASSWORDS.proctor),
		hashOf(DEMO_PASSWORDS.candidate)
	]);
	const validUnit = new Set(units.map((u) => u.id));

	await db.transaction().execute(async (tx) => {
		// A concurrent node may have seeded between our check and this transaction.
		if (await tx.selectFrom('app_user').select('id').limit(1).executeTakeFirst()) return;
		await tx
			.insertInto('unit')
			.values(
				units.map((u, i) => ({
					id: u.id,
					parent_id: u.parentId,
					name: u.name,
					kind: u.kind,
					headcount: u.headcount,
					sort: i
				}))
			)
			.execute();

		const staff = [
			{ role: 'organiser' as const, ...DEMO_ACCOUNTS.organiser, hash: organiserHash },
			{ role: 'proctor' as const, ...DEMO_ACCOUNTS.proctor, hash: proctorHash }
		];
		for (const s of staff) {
			await tx
				.insertInto('app_user')
				.values({
					id: randomUUID(),
					role: s.role,
					full_name: s.name,
					national_id: null,
					phone: s.phone,
					email: null,
					password_hash: s.hash,
					created_at: now,
					disabled: 0
				})
				.execute();
		}
		for (const c of DEMO_ACCOUNTS.candidates) {
			const id = randomUUID();
			const unitId = validUnit.has(c.unitId) ? c.unitId : units[1].id;
			await tx
				.insertInto('app_user')
				.values({
					id,
					role: 'candidate',
					full_name: c.name,
					national_id: c.nationalId,
					phone: c.phone,
					email: null,
					password_hash: candidateHash,
					created_at: now,
					disabled: 0
				})
				.execute();
			const minor = c.birthDate >= '2010-01-01';
			await tx
				.insertInto('candidate_profile')
				.values({
					user_id: id,
					birth_date: c.birthDate,
					gender: c.gender,
					address: 'Tiền Giang',
					unit_id: unitId,
					guardian_name: minor ? 'Huỳnh Văn Giám Hộ' : null,
					guardian_phone: minor ? '0912999999' : null,
					guardian_consent: minor ? 1 : 0,
					publish_name: minor ? 0 : 1
				})
				.execute();
		}
		await tx
			.insertInto('exclusion')
			.values({ national_id: '082080009999', reason: 'Thành viên Ban Giám khảo' })
			.execute();

		await tx.insertInto('topic').values(bank.topics).execute();
		await tx
			.insertInto('pool')
			.values([
				{ id: 'public', name: 'Ngân hàng ôn tập (công khai)', visibility: 'public', published: 0 },
				// A graded round shows the score at once, so a secret pool serves one graded round:
				// the qualifying round's key, probed at home, must say nothing of the final's.
				{ id: 'secret', name: 'Ngân hàng thi vòng loại (bảo mật)', visibility: 'secret', published: 0 },
				{ id: 'final', name: 'Ngân hàng thi chung kết (bảo mật)', visibility: 'secret', published: 0 }
			])
			.execute();
		for (const q of bank.questions) {
			const options = q.options.map((text, i) => ({
				id: `${q.id}-${'abcd'[i]}`,
				text,
				...(q.pinLast && i === q.options.length - 1 ? { pinned: true } : {})
			}));
			await tx
				.insertInto('question')
				.values({
					id: q.id,
					pool_id: q.pool,
					topic_id: q.topic,
					difficulty: q.difficulty,
					status: 'active',
					version: 1,
					created_at: now,
					updated_at: now
				})
				.execute();
			await tx
				.insertInto('question_version')
				.values({
					question_id: q.id,
					version: 1,
					text: q.text,
					options: JSON.stringify(options),
					correct: JSON.stringify([options[q.correct].id]),
					explanation: q.explanation,
					reference: q.reference,
					created_at: now
				})
				.execute();
		}

		const contestId = 'demo';
		await tx
			.insertInto('contest')
			.values({
				id: contestId,
				name: 'Tìm hiểu về Chính quyền điện tử hướng tới Chính quyền số tỉnh Tiền Giang',
				starts_on: vietnamDate(now),
				min_age: 12,
				created_at: now
			})
			.execute();
		const blueprint = demoBlueprint(bank.topics.map((t) => t.id));
		const base = {
			contest_id: contestId,
			question_count: 30,
			duration_s: 25 * 60,
			grace_s: 120,
			min_age: 12,
			finalised_at: null
		};
		await tx
			.insertInto('round')
			.values([
				{
					...base,
					id: 'practice',
					kind: 'practice',
					name: 'Thi thử',
					opens_at: now,
					closes_at: now + 60 * DAY,
					max_attempts: null,
					max_attempts_per_week: null,
					review_after: 1,
					settings: JSON.stringify({ blueprint, poolIds: ['public'] })
				},
				{
					...base,
					id: 'qualifying',
					kind: 'qualifying',
					name: 'Vòng loại',
					opens_at: now,
					closes_at: now + 60 * DAY,
					max_attempts: 3,
					max_attempts_per_week: 1,
					review_after: 0,
					settings: JSON.stringify({
						blueprint,
						poolIds: ['secret'],
						tiebreak: { prompt: 'Dự đoán có bao nhiêu lượt thí sinh tham gia vòng loại?' }
					})
				},
				{
					...base,
					id: 'final',
					kind: 'final',
					name: 'Vòng chung kết',
					opens_at: now + 61 * DAY,
					closes_at: now + 62 * DAY,
					max_attempts: 1,
					max_attempts_per_week: null,
					review_after: 0,
					settings: JSON.stringify({ blueprint, poolIds: ['final'] })
				}
			])
			.execute();
		await tx
			.insertInto('room')
			.values({
				id: 'room-1',
				round_id: 'final',
				name: 'Phòng 1 — Hội trường UBND tỉnh',
				settings: JSON.stringify({ maxLateStartS: 600 })
			})
			.execute();
		await tx
			.insertInto('seat')
			.values(
				Array.from({ length: 10 }, (_, i) => ({
					id: `room-1-s${i + 1}`,
					room_id: 'room-1',
					label: `Ghế ${i + 1}`
				}))
			)
			.execute();
		// The contact page a candidate without e-mail is sent to (/forgot): the organiser's demo
		// phone as the hotline, marked as demo data. Organiser's content, edited at /admin/pages.
		await tx
			.insertInto('site_page')
			.values({
				slug: 'lien-he',
				title: '',
				body: [
					'## Đường dây nóng (số mẫu của bản demo)',
					`- Điện thoại: ${DEMO_ACCOUNTS.organiser.phone} (số của tài khoản Ban tổ chức mẫu, không phải số thật)`,
					'- Giờ làm việc: 7h30–17h00, thứ Hai đến thứ Sáu',
					'',
					'Gọi đường dây nóng khi quên mật khẩu mà tài khoản không có thư điện tử: Ban tổ chức xác minh bạn qua điện thoại rồi đọc cho bạn một mã đặt lại mật khẩu.',
					'',
					'## Địa chỉ (mẫu)',
					'Ban tổ chức Cuộc thi, Hội trường UBND tỉnh.'
				].join('\n'),
				updated_at: now,
				updated_by: null
			})
			.execute();
	});

	log('Đã tạo cuộc thi mẫu (demo contest seeded):');
	log(`  Ban tổ chức / organiser: ${DEMO_ACCOUNTS.organiser.phone} / ${DEMO_PASSWORDS.organiser}`);
	log(`  Giám thị / proctor:      ${DEMO_ACCOUNTS.proctor.phone} / ${DEMO_PASSWORDS.proctor}`);
	log(
		`  Thí sinh / candidate:    ${DEMO_ACCOUNTS.candidates[0].nationalId} (hoặc ${DEMO_ACCOUNTS.candidates[0].phone}) / ${DEMO_PASSWORDS.candidate}`
	);
	return true;
}
