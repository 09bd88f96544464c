// Ids made from names and for new questions: pure, shared by the editor and imports.
import { randomBytes } from 'node:crypto';

export const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** "Dịch vụ công" → "dich-vu-cong": ids organisers can read in blueprints and files. */
export function slugify(name: string): string {
	const s = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '');
	return s || 'x';
}

export function newQuestionId(): string {
	return `q${randomBytes(5).toString('hex')}`;
}
