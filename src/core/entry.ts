/** The log entry: one scan at one gate, as stored on the tablet, sent to the server and exported. */
import type { Static } from '@sinclair/typebox';
import type { EntrySchema } from './wire.ts';

export const DIRECTIONS = ['in', 'out'] as const;
export const VERDICTS = ['pass', 'stop', 'check'] as const;
export const COLOURS = ['green', 'yellow', 'red'] as const;
/** Where the person's identity came from; later code kinds are listed now so old servers accept them. */
export const SOURCES = ['KDR1', 'KDH1', 'HC1', 'manual', 'unknown'] as const;

export type Direction = (typeof DIRECTIONS)[number];
export type Verdict = (typeof VERDICTS)[number];
export type Colour = (typeof COLOURS)[number];
export type Source = (typeof SOURCES)[number];

/** An entry as the wire carries it; its JSON Schema is EntrySchema in wire.ts. */
export type Entry = Static<typeof EntrySchema>;

/** The chain starts from this link, so the first entry of a device is checked like every other. */
export const GENESIS_HASH = '0'.repeat(64);
