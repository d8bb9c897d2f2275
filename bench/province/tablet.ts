/** A simulated tablet of the province: its own chain, small batches of sealed scans, and what its config pull holds. */
import { seal } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { sealPerson } from '../../src/core/personSeal.ts';

export interface SimTablet {
  deviceId: string;
  token: string;
  checkpointId: string;
  /** The last entry made, the chain's head. */
  head: Entry | null;
  /** What its last config pull gave: null before the first (a full pull). */
  version: number | null;
  revision: number | undefined;
}

/** Person `k` of a province: a valid ID number from k, so no entry is refused for its person. */
function person(k: number): { personId: string; name: string } {
  const year = 1940 + (k % 60);
  const month = 1 + (Math.floor(k / 60) % 12);
  const day = 1 + (Math.floor(k / 720) % 28);
  const order = Math.floor(k / 20_160) % 1000;
  const first17 = `410102${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(order).padStart(3, '0')}`;
  return { personId: first17 + checkCharacter(first17), name: `居民${k}` };
}

/**
 * The tablet's next `count` entries as its uploader sends them (persons sealed to the checkpoint's key), the scans `at`
 * spread back from `lastAtMs`: each pair is one person in, then out, as at a real gate.
 */
export async function nextEntries(tablet: SimTablet, index: number, count: number, lastAtMs: number, spreadMs: number, sealKey: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const seq = (tablet.head?.seq ?? 0) + 1;
    const atMs = lastAtMs - Math.round(((count - 1 - i) * spreadMs) / Math.max(1, count));
    const who = person((index * 7919 + Math.ceil(seq / 2)) % 20_000_000);
    const { sealed, personCommit } = await sealPerson(who, sealKey, atMs);
    const entry = seal({
      id: crypto.randomUUID(), deviceId: tablet.deviceId, seq, checkpointId: tablet.checkpointId, at: new Date(atMs).toISOString(),
      direction: seq % 2 ? 'in' : 'out', source: 'KDR1', ...who, colour: 'green', temperature: 36.5, verdict: 'pass', reasons: [], operator: null, personCommit,
    }, tablet.head);
    tablet.head = entry;
    const { personId: _p, name: _n, ...wire } = entry;
    out.push({ ...wire, sealed });
  }
  return out;
}
