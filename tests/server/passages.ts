/** For the inside-count tests (issue #17): a tablet's passages in and out at chosen times and verdicts, sealed into its chain; and a place with two gates. */
import type { Entry, Verdict } from '../../src/core/entry.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import type { Tablet } from './helpers.ts';

export interface Passage {
  at: string;
  direction: 'in' | 'out';
  /** Default 'pass'. */
  verdict?: Verdict;
}

let serial = 0;

/** The next entries of a tablet's chain after `prev`, one per passage, each with an id of its own. */
export function passages(tablet: Pick<Tablet, 'deviceId' | 'checkpointId'>, steps: readonly Passage[], prev: Entry | null = null): Entry[] {
  return sealedChain(tablet, steps.map((s) => ({
    id: `00000000-0000-4000-9000-${String(++serial).padStart(12, '0')}`, at: s.at, direction: s.direction, verdict: s.verdict ?? 'pass',
    reasons: s.verdict === 'stop' ? ['fever'] : s.verdict === 'check' ? ['unverified'] : [],
  })), prev);
}

/** `n` passages in one direction, a minute apart from `first` (an ISO instant). */
export const every = (first: string, n: number, direction: 'in' | 'out', verdict: Verdict = 'pass'): Passage[] =>
  Array.from({ length: n }, (_, i) => ({ at: new Date(Date.parse(first) + i * 60_000).toISOString(), direction, verdict }));

/** One area holding places of two gates each (`<place>-a`, `<place>-b`), a capacity of 1,000 each. */
export async function placesWithTwoGates(storage: Storage, placeIds: readonly string[]): Promise<void> {
  await storage.applyCityChanges({
    newAreas: [{ id: 'a-zq', parentId: null, level: 'city', name: '肇庆市', code: null }], renamedAreas: [],
    newPlaces: placeIds.map((id) => ({ id, areaId: 'a-zq', name: `星湖 ${id}`, kind: 'scenic', capacity: 1000, code: null })), changedPlaces: [],
    newCheckpoints: placeIds.flatMap((id) => ['a', 'b'].map((g) => ({ id: `${id}-${g}`, placeId: id, name: `${g} 门`, code: null, capacity: 1000 }))),
    renamedCheckpoints: [],
  });
}
