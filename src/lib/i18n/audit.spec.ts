// Every action the server writes to the audit log is worded in the catalogue (audit.vi.ts), so
// the organiser's recent log never shows a raw key. The oracle is the server's source itself.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditPhrase, auditVi } from './audit.vi';
import { auditEn } from './audit.en';

function sources(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) return sources(p);
		return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [p] : [];
	});
}

/** The action names `audit(…)` calls write: quoted, or a room action's `room.${a.action}`. */
function actionsInServer(): string[] {
	const found = new Set<string>();
	for (const file of sources('src/lib/server')) {
		const text = fs.readFileSync(file, 'utf8');
		for (const m of text.matchAll(/\baction: ([^\n]+)/g))
			for (const q of m[1].matchAll(/'([a-z]+\.[\w.]+)'/g)) found.add(q[1]);
		if (text.includes('action: `room.${a.action}`')) {
			const handlers = text.match(/const HANDLERS[^=]*= \{([^}]*)\}/)?.[1] ?? '';
			for (const h of handlers.matchAll(/^\s*(\w+)[:,]/gm)) found.add(`room.${h[1]}`);
		}
	}
	return [...found].sort();
}

describe('audit log wording', () => {
	const actions = actionsInServer();
	it('finds the actions the server logs (the scan works)', () => {
		expect(actions).toContain('candidate.register');
		expect(actions).toContain('room.start');
		expect(actions).toContain('room.wipe');
		expect(actions).toContain('bank.import');
	});
	it('words every one of them in both languages', () => {
		const missing = (words: typeof auditVi) => actions.filter((a) => auditPhrase(words, a) === words.other);
		expect(missing(auditVi)).toEqual([]);
		expect(missing(auditEn)).toEqual([]);
		expect(auditPhrase(auditVi, 'no.such_action')).toBe(auditVi.other);
	});
});
