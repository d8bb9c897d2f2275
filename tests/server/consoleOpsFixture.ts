/** For the console's alerts, tablets and export tests: a tablet's entries with chosen verdicts, reasons and times, sealed into its chain. */
import { seal } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import { entryFields, type Tablet } from './helpers.ts';

/** What the gate writes for a key person (core/verdict.ts judgeAtGate): a check, `key-person` and the category. */
export const KEY_PERSON: Partial<Entry> = { verdict: 'check', reasons: ['key-person', 'kp-close-contact'] };
export const FEVER_STOP: Partial<Entry> = { verdict: 'stop', reasons: ['fever'], temperature: 38.6 };
/** Stopped by the capacity rule alone. */
export const FULL: Partial<Entry> = { verdict: 'stop', reasons: ['capacity-full'] };

/** The next entries of a tablet's chain after `prev`, each the default entry with `changes` over it. */
export function sealedChain(tablet: Pick<Tablet, 'deviceId' | 'checkpointId'>, changes: ReadonlyArray<Partial<Entry>>, prev: Entry | null = null): Entry[] {
  const entries: Entry[] = [];
  for (const change of changes) {
    const before = entries.at(-1) ?? prev;
    const seq = (before?.seq ?? 0) + 1;
    entries.push(seal({ ...entryFields(tablet, seq), ...change, seq }, before));
  }
  return entries;
}
