/** A resident code and a health code shown one after the other belong together: this finds the pair to compare. */
import type { Source } from './entry.ts';
import { entryFieldsOf, type Reading } from './scan.ts';

/** The person of the code a reading pairs with: the volunteer sees both when they differ. */
export interface PairedPerson {
  personId: string;
  name: string | null;
  source: Source;
}

/**
 * Returns, for each reading, the person of the reading it pairs with (an identity then a health code, or the other
 * way round, within `windowMs`), or undefined. A pair is used once, so the next person's code is never compared with
 * the last person's.
 */
export function createPairing(windowMs: number): (reading: Reading, nowMs: number) => PairedPerson | undefined {
  let previous: { person: PairedPerson; signed: boolean; atMs: number } | undefined;
  return (reading, nowMs) => {
    const { personId, name, source } = entryFieldsOf(reading);
    const signed = reading.kind === 'signed';
    const pair = previous && previous.signed !== signed && nowMs - previous.atMs <= windowMs ? previous.person : undefined;
    previous = personId && !pair ? { person: { personId, name, source }, signed, atMs: nowMs } : undefined;
    return personId ? pair : undefined;
  };
}
