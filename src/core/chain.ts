/** The log's hash chain: each entry commits to its fields and to the hash of the entry before it. */
import { GENESIS_HASH, type Entry } from './entry.ts';
import { sha256Hex } from './sha256.ts';

const CHAIN_VERSION = 'kadian-entry-v1';

/** Fixed field order, so the tablet and the server hash the same bytes (the server hashes it with node:crypto, synchronously). */
export function canonical(e: Omit<Entry, 'hash'>): string {
  return JSON.stringify([
    CHAIN_VERSION, e.prevHash, e.id, e.deviceId, e.seq, e.checkpointId, e.at, e.direction, e.source,
    e.personId, e.name, e.colour, e.temperature, e.verdict, e.reasons, e.operator,
  ]);
}

/** The hash an entry must carry. */
export function entryHash(entry: Omit<Entry, 'hash'>): Promise<string> {
  return sha256Hex(canonical(entry));
}

/** Seals an entry into the chain after `prev` (null for a device's first entry). */
export async function seal(fields: Omit<Entry, 'hash' | 'prevHash'>, prev: Pick<Entry, 'hash' | 'seq'> | null): Promise<Entry> {
  if (fields.seq !== (prev ? prev.seq + 1 : 1)) throw new RangeError(`sequence ${fields.seq} does not follow ${prev?.seq ?? 0}`);
  const unsealed = { ...fields, prevHash: prev ? prev.hash : GENESIS_HASH };
  return { ...unsealed, hash: await entryHash(unsealed) };
}

export type ChainBreak = { seq: number; problem: 'hash' | 'link' | 'gap' };

/** Checks a device's entries, sorted by sequence; returns every break found (none: the chain holds). */
export async function verifyChain(entries: readonly Entry[]): Promise<ChainBreak[]> {
  const breaks: ChainBreak[] = [];
  let prev: Entry | undefined;
  for (const e of entries) {
    if (e.hash !== (await entryHash(e))) breaks.push({ seq: e.seq, problem: 'hash' });
    if (prev && e.seq !== prev.seq + 1) breaks.push({ seq: e.seq, problem: 'gap' });
    else if (prev ? e.prevHash !== prev.hash : e.seq === 1 && e.prevHash !== GENESIS_HASH) breaks.push({ seq: e.seq, problem: 'link' });
    prev = e;
  }
  return breaks;
}
