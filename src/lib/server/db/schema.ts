// Table types for Kysely. Times are epoch milliseconds (bigint in PostgreSQL, parsed to
// number), flags are 0/1 integers and JSON is text, so one set of queries serves both
// SQLite and PostgreSQL.
import type { CandidateTables } from './tables-candidate';
import type { Generated, Insertable, Selectable } from 'kysely';
import type { BankTables } from './tables-bank';
import type { ExamTables } from './tables-exam';
import type { ResultsTables } from './tables-results';
import type { VenueTables } from './tables-venue';
import type { AccountsTables } from './tables-accounts';

export type Role = 'candidate' | 'proctor' | 'organiser';
export type UnitKind = 'province' | 'city' | 'town' | 'district' | 'department';
export type RoundKind = 'practice' | 'qualifying' | 'final';

export interface UnitTable {
	id: string;
	parent_id: string | null;
	name: string;
	kind: UnitKind;
	headcount: number;
	sort: number;
}

export interface UserTable {
	id: string;
	role: Role;
	full_name: string;
	national_id: string | null;
	phone: string | null;
	email: string | null;
	password_hash: string;
	created_at: number;
	disabled: number;
}

export interface CandidateProfileTable {
	user_id: string;
	birth_date: string;
	gender: 'male' | 'female' | 'other';
	address: string;
	unit_id: string;
	guardian_name: string | null;
	guardian_phone: string | null;
	guardian_consent: number;
	publish_name: number;
}

export interface SessionTable {
	id: string;
	user_id: string;
	created_at: number;
	expires_at: number;
}

/** Login attempts and registrations, counted per key for rate limiting. */
export interface LoginAttemptTable {
	id: Generated<number>;
	kind: 'login' | 'register' | 'reset' | 'lookup';
	key: string;
	at: number;
	ok: number;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: number;
	actor_id: string | null;
	action: string;
	target: string | null;
	detail: string;
}

export interface ExclusionTable {
	national_id: string;
	reason: string;
	/** Epoch ms; null for an entry made before migration 0022. */
	added_at: number | null;
}

export interface ContestTable {
	id: string;
	name: string;
	starts_on: string;
	min_age: number;
	created_at: number;
}

export interface RoundTable {
	id: string;
	contest_id: string;
	kind: RoundKind;
	name: string;
	opens_at: number;
	closes_at: number;
	question_count: number;
	duration_s: number;
	grace_s: number;
	min_age: number;
	max_attempts: number | null;
	max_attempts_per_week: number | null;
	review_after: number;
	settings: string;
	finalised_at: number | null;
}

export interface RoomTable {
	id: string;
	round_id: string;
	name: string;
	settings: string;
}

export interface SeatTable {
	id: string;
	room_id: string;
	label: string;
}

export interface TopicTable {
	id: string;
	name: string;
}

export type PoolVisibility = 'public' | 'secret';

export interface PoolTable {
	id: string;
	name: string;
	visibility: PoolVisibility;
	published: number;
}

export interface QuestionTable {
	id: string;
	pool_id: string;
	topic_id: string;
	difficulty: number;
	status: 'active' | 'retired';
	version: number;
	created_at: number;
	updated_at: number;
}

/** options: JSON [{id, text, pinned?}]; correct: JSON [optionId]. */
export interface QuestionVersionTable {
	question_id: string;
	version: number;
	text: string;
	options: string;
	correct: string;
	explanation: string;
	reference: string;
	created_at: number;
}

/** Settings shared by every server process, such as the token secret. */
export interface AppSettingTable {
	key: string;
	value: string;
}

/** The foundation's tables; later areas add theirs in tables-*.ts. */
export interface FoundationTables {
	app_setting: AppSettingTable;
	room: RoomTable;
	seat: SeatTable;
	topic: TopicTable;
	pool: PoolTable;
	question: QuestionTable;
	question_version: QuestionVersionTable;
	unit: UnitTable;
	app_user: UserTable;
	candidate_profile: CandidateProfileTable;
	session: SessionTable;
	login_attempt: LoginAttemptTable;
	audit_log: AuditLogTable;
	exclusion: ExclusionTable;
	contest: ContestTable;
	round: RoundTable;
}

export interface Database
	extends
		FoundationTables,
		BankTables,
		ExamTables,
		VenueTables,
		ResultsTables,
		AccountsTables,
		CandidateTables {}

export type Unit = Selectable<UnitTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Round = Selectable<RoundTable>;
export type Contest = Selectable<ContestTable>;
