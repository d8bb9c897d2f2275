/** Offline double entries (issue #17), flagged by the push as the second copy arrives: the entry and its person's neighbours at the place, never dropping either. */
import { randomBytes } from 'node:crypto';
import { doubleEntries } from '../../core/doubleEntry.ts';
import type { Entry } from '../../core/entry.ts';
import type { HeldPassage, NeighbourPassage, NewDoubleEntry } from '../storage/doubleEntries.ts';
import type { Storage } from '../storage/storage.ts';

const newId = (): string => `de-${randomBytes(12).toString('base64url')}`;

const keyOf = (p: { checkpointId: string; deviceId: string; seq: number }): string => `${p.checkpointId}\u0000${p.deviceId}\u0000${p.seq}`;

/** The entries that can be the second (or first) of a double entry: let in, with an ID number, at a real instant. */
function entriesIn(held: readonly Entry[]): Array<{ entry: Entry & { personId: string }; atMs: number }> {
  const seen = new Set<string>();
  const out: Array<{ entry: Entry & { personId: string }; atMs: number }> = [];
  for (const entry of held) {
    const atMs = Date.parse(entry.at);
    const { personId } = entry;
    // A batch may hold one entry twice (sent twice in it): looked up once.
    if (entry.verdict !== 'pass' || entry.direction !== 'in' || personId === null || !Number.isFinite(atMs) || seen.has(keyOf(entry))) continue;
    seen.add(keyOf(entry));
    out.push({ entry: { ...entry, personId }, atMs });
  }
  return out;
}

/**
 * Called by the push after the insert, with the entries it stored or found already stored. Each passed entry with an
 * ID number is looked at beside its person's passed passages at the same place right before and right after it (one
 * query for the batch, whatever arrived earlier or later: tablets sync in any order); two entries in a row there, less
 * than 12 h apart, are flagged, once per pair whichever copy comes again (a retried push finds what a failed one
 * missed). A place none of whose gates logs exits has no "without an exit": its repeat visits are not flagged.
 * Returns how many pairs were flagged now.
 */
export async function flagDoubleEntries(storage: Storage, held: readonly Entry[], now: Date): Promise<number> {
  const asked = entriesIn(held);
  if (asked.length === 0) return 0;
  const passages: HeldPassage[] = asked.map(({ entry, atMs }) => ({ personId: entry.personId, checkpointId: entry.checkpointId, deviceId: entry.deviceId, seq: entry.seq, atMs }));
  const around = await storage.passageNeighbours(passages);
  const found = new Map<string, NewDoubleEntry>();
  asked.forEach(({ entry, atMs }, i) => {
    const { placeId, before, after } = around[i] ?? { placeId: null, before: null, after: null };
    if (placeId === null) return;
    const self: NeighbourPassage = { checkpointId: entry.checkpointId, deviceId: entry.deviceId, seq: entry.seq, at: entry.at, atMs, direction: 'in' };
    const row = [before, self, after].filter((p): p is NeighbourPassage => p !== null);
    for (const { first, second } of doubleEntries(row)) {
      const key = `${keyOf(first)}\u0001${keyOf(second)}`;
      if (found.has(key)) continue;
      found.set(key, {
        id: newId(), placeId, personId: entry.personId, detectedAt: now.toISOString(),
        first: { checkpointId: first.checkpointId, deviceId: first.deviceId, seq: first.seq, at: first.at, atMs: first.atMs },
        second: { checkpointId: second.checkpointId, deviceId: second.deviceId, seq: second.seq, at: second.at, atMs: second.atMs },
      });
    }
  });
  if (found.size === 0) return 0;
  // Only when something was found (rarely): whether the places log exits at all, from their gates' rules.
  const city = await storage.traceCity({ placeIds: [...new Set([...found.values()].map((d) => d.placeId))] });
  return storage.recordDoubleEntries([...found.values()].filter((d) => city.places.get(d.placeId)?.logsExits !== false));
}
