// Tables of accounts beyond the foundation (migration 0008_accounts).

export interface PasswordResetTable {
	/** SHA-256 of the e-mailed token or of the organiser's code; the secret itself is never stored. */
	id: string;
	user_id: string;
	kind: 'email' | 'assisted';
	/** The organiser who issued an assisted code. */
	issued_by: string | null;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	/** Wrong codes typed against an assisted reset; it dies after a few. */
	failures: number;
}

export interface AccountsTables {
	password_reset: PasswordResetTable;
}
