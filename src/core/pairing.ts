/** A resident code and a health code shown one after the other belong together: this finds the pair to compare. */
import { entryFieldsOf, type Reading } from './scan.ts';

/**
 * Returns, for each reading, the ID number of the reading it pairs with (an identity then a
 * health code, or the other way round, within `windowMs`), or undefined. A pair is used once,
 * so the next person's code is never compared with the last person's.
 */
export function createPairing(windowMs: number): (reading: Reading, nowMs: number) => string | undefined {
  let previous: { personId: string; signed: boolean; atMs: number } | undefined;
  return (reading, nowMs) => {
    const { personId } = entryFieldsOf(reading);
    const signed = reading.kind === 'signed';
    const pair = previous && previous.signed !== signed && nowMs - previous.atMs <= windowMs ? previous.personId : undefined;
    previous = personId && !pair ? { personId, signed, atMs: nowMs } : undefined;
    return personId ? pair : undefined;
  };
}
