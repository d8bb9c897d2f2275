/** The log's hash chain: each entry commits to its fields and to the hash of the entry before it. */
import { GENESIS_HASH, type Entry } from './entry.ts';
import { sha256Hex } from './sha256.ts';

/**
 * Fixed field order, so the tablet and the server hash the same bytes (the server hashes it with node:crypto,
 * synchronously). An entry that carries `personCommit` (v2, every entry a sealing tablet writes) is hashed over that
 * commitment instead of the ID number and name: the plain person must never be testable against what the tablet keeps
 * in clear (personSeal.ts). Entries without it (v1) come from tablets' older logs and hash the person in clear.
 * A follow-up (处置) appends its three values at the end, and only then: every entry written before follow-ups existed,
 * and every scan since, hashes exactly as it did, so old logs and old tablets keep verifying. A vehicle (road checkpoints)
 * appends its plate, passage id and role after them by the same rule: a person on foot hashes as before vehicles.
 */
export function canonical(e: Omit<Entry, 'hash'>): string {
  const followUp = e.followUp === undefined ? [] : [e.followUp.of, e.followUp.outcome, e.followUp.note];
  const vehicle = e.vehicle === undefined ? [] : [e.vehicle.plate, e.vehicle.id, e.vehicle.role];
  if (e.personCommit !== undefined) {
    return JSON.stringify([
      'kadian-entry-v2', e.prevHash, e.id, e.deviceId, e.seq, e.checkpointId, e.at, e.direction, e.source,
      e.personCommit, e.colour, e.temperature, e.verdict, e.reasons, e.operator, ...followUp, ...vehicle,
    ]);
  }
  return JSON.stringify([
    'kadian-entry-v1', e.prevHash, e.id, e.deviceId, e.seq, e.checkpointId, e.at, e.direction, e.source,
    e.personId, e.name, e.colour, e.temperature, e.verdict, e.reasons, e.operator, ...followUp, ...vehicle,
  ]);
}

/** The hash an entry must carry. */
export function entryHash(entry: Omit<Entry, 'hash'>): string {
  return sha256Hex(canonical(entry));
}

/** Seals an entry into the chain after `prev` (null for a device's first entry). */
export function seal(fields: Omit<Entry, 'hash' | 'prevHash'>, prev: Pick<Entry, 'hash' | 'seq'> | null): Entry {
  if (fields.seq !== (prev ? prev.seq + 1 : 1)) throw new RangeError(`sequence ${fields.seq} does not follow ${prev?.seq ?? 0}`);
  const unsealed = { ...fields, prevHash: prev ? prev.hash : GENESIS_HASH };
  return { ...unsealed, hash: entryHash(unsealed) };
}

export type ChainBreak = { seq: number; problem: 'hash' | 'link' | 'gap' };

/** Checks a device's entries, sorted by sequence; returns every break found (none: the chain holds). */
export function verifyChain(entries: readonly Entry[]): ChainBreak[] {
  const breaks: ChainBreak[] = [];
  let prev: Entry | undefined;
  for (const e of entries) {
    if (e.hash !== entryHash(e)) breaks.push({ seq: e.seq, problem: 'hash' });
    if (prev && e.seq !== prev.seq + 1) breaks.push({ seq: e.seq, problem: 'gap' });
    else if (prev ? e.prevHash !== prev.hash : e.seq === 1 && e.prevHash !== GENESIS_HASH) breaks.push({ seq: e.seq, problem: 'link' });
    prev = e;
  }
  return breaks;
}
