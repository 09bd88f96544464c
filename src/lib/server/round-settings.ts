// The JSON `settings` column of a round: its blueprint, the pools it draws from and the
// optional tie-break question. Parsed here and nowhere else.
import { z } from 'zod';

export const blueprintCell = z.object({
	topic: z.string().min(1),
	difficulty: z.number().int().min(1).max(3),
	count: z.number().int().min(1).max(200)
});

export const roundSettings = z.object({
	blueprint: z.array(blueprintCell).default([]),
	poolIds: z.array(z.string()).default([]),
	/** A number to predict; the answer closest to `truth` wins a tie. */
	tiebreak: z
		.object({ prompt: z.string().min(1), truth: z.number().nullable().default(null) })
		.nullable()
		.default(null)
});

export type RoundSettings = z.infer<typeof roundSettings>;

export function parseRoundSettings(json: string): RoundSettings {
	return roundSettings.parse(JSON.parse(json));
}
