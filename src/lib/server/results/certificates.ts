// Printable certificates (one A4 landscape page per prize winner, individual then
// collective) as a PDF. The text is Vietnamese, so the font must carry every tone mark:
// Noto Sans (OFL) from the @expo-google-fonts/noto-sans package, embedded and subset by
// pdfkit. Certificates are official documents, so they are always in Vietnamese.
// The three fonts are parsed once per process (`certificateFonts`), not per PDF: parsing them
// took ~130-160 ms of the event loop for every certificate; a one-page PDF then takes a few ms.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Db } from '../db';
import { messages } from '$lib/i18n';
import { currentContest } from '../contest';
import { ensureStanding } from './standing-read';
import { lastPrizeRank, personalPrize, rankUnits, unitPrize, type PrizeLevel } from '$lib/exam/collective';
import { unitInfos } from './individual';
import { resultRound } from './publication';
import { tallyMap } from './stats';
import { excludedAccounts } from '../exclusions';
import { failure, type Failure } from '../failure';

const require = createRequire(import.meta.url);
const FONT_DIR = '@expo-google-fonts/noto-sans';
export const FONTS = {
	regular: require.resolve(`${FONT_DIR}/400Regular/NotoSans_400Regular.ttf`),
	bold: require.resolve(`${FONT_DIR}/700Bold/NotoSans_700Bold.ttf`),
	italic: require.resolve(`${FONT_DIR}/400Regular_Italic/NotoSans_400Regular_Italic.ttf`)
};

type FontName = keyof typeof FONTS;
/** What `registerFont` is given: a font fontkit has parsed (see `certificateFonts`). */
type FontSource = PDFKit.Mixins.PDFFontSource;

/** How often the fonts were parsed in this process (tests read it). */
export const certificateWork = { fontParses: 0 };

let parsedFonts: Record<FontName, FontSource> | null = null;

/**
 * The fonts, parsed once per process by the fontkit pdfkit itself uses (resolved from pdfkit's
 * own folder). pdfkit 0.20 takes a parsed font wherever it takes a file (PDFFontFactory.open:
 * anything with a `layout` method), though its types list only paths and bytes; each document
 * still makes its own subset of the glyphs it uses, and fontkit's reads are synchronous, so
 * documents made side by side may share one parsed font. Given a path or a Buffer, pdfkit
 * parses the font again for every document.
 */
function certificateFonts(): Record<FontName, FontSource> {
	if (parsedFonts) return parsedFonts;
	const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as {
		create(bytes: Buffer): { layout(text: string): unknown };
	};
	const parse = (file: string) => fontkit.create(readFileSync(file)) as unknown as FontSource;
	parsedFonts = { regular: parse(FONTS.regular), bold: parse(FONTS.bold), italic: parse(FONTS.italic) };
	certificateWork.fontParses += 1;
	return parsedFonts;
}

export interface Certificate {
	/** A person's full name, or a unit's name. */
	recipient: string;
	/** The unit a person belongs to; empty for a unit. */
	unitName: string;
	prize: PrizeLevel;
	collective: boolean;
	score: { score: number; max: number; timeUsedMs: number } | null;
}

/** A prize winner's certificate, from their standing row. */
export function personalCertificate(
	p: { full_name: string; unit_name: string | null; score: number; max_score: number; time_used_ms: number },
	prize: PrizeLevel
): Certificate {
	return {
		recipient: p.full_name,
		unitName: p.unit_name ?? '',
		prize,
		collective: false,
		score: { score: p.score, max: p.max_score, timeUsedMs: p.time_used_ms }
	};
}

export interface CertificateSet {
	contestName: string;
	roundName: string;
	place: string;
	issuedAt: number;
	certificates: Certificate[];
}

/** Where certificates are signed: the province the units belong to, when there is one top unit. */
export function placeOf(roots: readonly { name: string }[]): string {
	return roots.length === 1 ? roots[0].name.replace(/^(Tỉnh|Thành phố)\s+/u, '') : '';
}

/** Everyone who won a prize in the round, in rank order; individual prizes first. */
export async function prizeWinners(
	db: Db,
	roundId: string,
	now = Date.now()
): Promise<CertificateSet | null> {
	const round = await resultRound(db, roundId);
	const snapshot = await ensureStanding(db, roundId);
	if (!round || !snapshot) return null;
	const contest = await currentContest(db);
	const last = lastPrizeRank(round.settings.prizes);
	const people = await db
		.selectFrom('round_standing as s')
		.innerJoin('app_user as u', 'u.id', 's.user_id')
		.leftJoin('unit', 'unit.id', 's.unit_id')
		.select([
			's.rank',
			's.user_id',
			's.score',
			's.max_score',
			's.time_used_ms',
			'u.full_name',
			'unit.name as unit_name'
		])
		.where('s.round_id', '=', roundId)
		.where('s.rank', '<=', last)
		.orderBy('s.position')
		.execute();
	// Someone on the exclusion list keeps their place in the ranking, flagged for the committee
	// (individual.ts); no certificate is printed for them. Taken off the list, they get one.
	const excluded = await excludedAccounts(db);
	const certificates: Certificate[] = [];
	for (const p of people) {
		if (excluded.has(p.user_id)) continue;
		const prize = personalPrize(p.rank, p.score, round.settings.prizes);
		if (prize) certificates.push(personalCertificate(p, prize));
	}
	const units = await unitInfos(db);
	const roots = units.filter((u) => u.parentId === null);
	const top = roots.length === 1 ? roots[0] : null;
	for (const r of rankUnits(
		units,
		tallyMap(snapshot.summary),
		top?.id ?? null,
		round.settings.unitRule,
		round.settings.bestN,
		round.settings.unitMinParticipants
	)) {
		const prize = unitPrize(r, round.settings.unitPrizes);
		if (prize)
			certificates.push({ recipient: r.unit.name, unitName: '', prize, collective: true, score: null });
	}
	return {
		contestName: contest?.name ?? '',
		roundName: round.name,
		place: placeOf(roots),
		issuedAt: now,
		certificates
	};
}

const BLUE = '#0b3d75';
const RED = '#a11d1d';

function vietnamParts(ms: number) {
	const d = new Date(ms + 7 * 3600 * 1000);
	return { day: d.getUTCDate(), month: d.getUTCMonth() + 1, year: d.getUTCFullYear() };
}

/** The certificates as one PDF, a page each. */
export async function certificatesPdf(set: CertificateSet): Promise<Buffer> {
	const m = messages('vi').results.certificate;
	const prizes = messages('vi').results;
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margin: 0,
		autoFirstPage: false,
		info: { Title: `${m.title} — ${set.roundName}`, Author: 'Phòng Thi' }
	});
	const fonts = certificateFonts();
	doc.registerFont('regular', fonts.regular);
	doc.registerFont('bold', fonts.bold);
	doc.registerFont('italic', fonts.italic);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});

	const { day, month, year } = vietnamParts(set.issuedAt);
	for (const c of set.certificates) {
		doc.addPage();
		const W = doc.page.width;
		const H = doc.page.height;
		doc
			.lineWidth(4)
			.strokeColor(BLUE)
			.rect(24, 24, W - 48, H - 48)
			.stroke();
		doc
			.lineWidth(1)
			.strokeColor(RED)
			.rect(34, 34, W - 68, H - 68)
			.stroke();
		const box = { width: W - 160, align: 'center' as const };
		const x = 80;
		doc.fillColor('#000').font('bold').fontSize(13).text(m.nation, x, 60, box);
		doc.font('bold').fontSize(12).text(m.motto, box);
		doc.moveDown(1.2);
		doc.fillColor(RED).font('bold').fontSize(38).text(m.title, box);
		doc.moveDown(0.3);
		doc.fillColor('#000').font('regular').fontSize(14).text(m.organiser, box);
		doc
			.font('bold')
			.fontSize(14)
			.text(set.contestName, { ...box });
		doc.moveDown(0.6);
		doc
			.font('regular')
			.fontSize(14)
			.text(c.collective ? m.certifiesUnit : m.certifies, box);
		doc.moveDown(0.2);
		doc
			.fillColor(BLUE)
			.font('bold')
			.fontSize(c.recipient.length > 30 ? 26 : 32)
			.text(c.recipient, box);
		if (c.unitName) doc.fillColor('#000').font('regular').fontSize(14).text(`${m.unit}: ${c.unitName}`, box);
		doc.moveDown(0.5);
		const prizeName = (c.collective ? prizes.unitPrizes : prizes.prizes)[c.prize];
		doc
			.fillColor(RED)
			.font('bold')
			.fontSize(22)
			.text(`${m.won} ${prizeName.toLocaleUpperCase('vi')}`, box);
		doc.fillColor('#000').font('regular').fontSize(13).text(set.roundName, box);
		if (c.score) {
			const minutes = Math.floor(c.score.timeUsedMs / 60000);
			const seconds = Math.floor((c.score.timeUsedMs % 60000) / 1000);
			doc.text(
				m.scoreLine
					.replace('{score}', String(c.score.score))
					.replace('{max}', String(c.score.max))
					.replace('{minutes}', String(minutes))
					.replace('{seconds}', String(seconds)),
				box
			);
		}
		const sign = { width: 320, align: 'center' as const };
		const signX = W - 80 - 320;
		doc
			.font('italic')
			.fontSize(13)
			.text(
				m.dateLine
					.replace('{place}', set.place || '……')
					.replace('{day}', String(day))
					.replace('{month}', String(month))
					.replace('{year}', String(year)),
				signX,
				H - 150,
				sign
			);
		doc
			.font('bold')
			.fontSize(13)
			.text(m.signer, signX, H - 128, sign);
	}
	if (set.certificates.length === 0) {
		doc.addPage();
		doc.font('regular').fontSize(16).text(m.none, 80, 80);
	}
	doc.end();
	return done;
}

/**
 * The organiser's certificates of the round as a PDF (null for an unknown round), once its results
 * are finalised: before, the ranking still moves (answers arriving, a question voided), and a
 * printed certificate cannot follow it.
 */
export async function certificatesFor(
	db: Db,
	roundId: string,
	now = Date.now()
): Promise<Buffer | Failure<'notFinalised'> | null> {
	const round = await db
		.selectFrom('round')
		.select('finalised_at')
		.where('id', '=', roundId)
		.executeTakeFirst();
	if (round && round.finalised_at === null) return failure('notFinalised');
	const set = await prizeWinners(db, roundId, now);
	return set ? certificatesPdf(set) : null;
}
