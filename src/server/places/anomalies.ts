/** The listing of anomalies (issue #17) for the console and the CLI: the flagged double entries of a subtree or a place, named, the person masked. */
import type { Anomalies, DoubleEntryWire, FlaggedEntry } from '../../core/anomalyWire.ts';
import { localDateTime } from '../../core/calendar.ts';
import { maskedPerson } from '../console/alerts.ts';
import type { CheckpointRecord } from '../storage/cityTypes.ts';
import type { DoubleEntryRecord, PassageKey } from '../storage/doubleEntries.ts';
import type { Storage } from '../storage/storage.ts';

export interface AnomalyQuery {
  /** Area ids from the root down to the area whose subtree is listed; null: the whole city. */
  within: readonly string[] | null;
  /** Only this place. */
  placeId?: string;
  sinceMs?: number;
  limit: number;
}

function flagged(entry: PassageKey, checkpoints: ReadonlyMap<string, CheckpointRecord>, timeZone: string): FlaggedEntry {
  return {
    checkpointId: entry.checkpointId, checkpointName: checkpoints.get(entry.checkpointId)?.name ?? entry.checkpointId,
    deviceId: entry.deviceId, seq: entry.seq, at: entry.at, local: localDateTime(new Date(entry.atMs), timeZone),
  };
}

/** One flag on the wire; its place is named by either gate's record (a flag whose gates are both gone keeps its ids). */
export function doubleEntryWire(d: DoubleEntryRecord, checkpoints: ReadonlyMap<string, CheckpointRecord>, timeZone: string): DoubleEntryWire {
  const gate = checkpoints.get(d.second.checkpointId) ?? checkpoints.get(d.first.checkpointId);
  const place = gate?.placeId === d.placeId ? gate : undefined;
  return {
    id: d.id, kind: 'double-entry', placeId: d.placeId, placeName: place?.placeName ?? d.placeId,
    areaIds: place?.areaIds ?? [], areaNames: place?.areaPath ?? [],
    person: maskedPerson({ personId: d.personId, name: d.name }),
    first: flagged(d.first, checkpoints, timeZone), second: flagged(d.second, checkpoints, timeZone),
    minutesApart: Math.floor((d.second.atMs - d.first.atMs) / 60_000), detectedAt: d.detectedAt,
  };
}

/** The newest `limit` flags that still hold, and whether there were more; times on TIME_ZONE's wall clock. */
export async function listAnomalies(storage: Storage, query: AnomalyQuery, timeZone: string): Promise<Anomalies> {
  const records = await storage.listDoubleEntries({
    ...(query.within !== null && { within: query.within }), ...(query.placeId !== undefined && { placeId: query.placeId }),
    ...(query.sinceMs !== undefined && { sinceMs: query.sinceMs }), limit: query.limit + 1,
  });
  const truncated = records.length > query.limit;
  const shown = records.slice(0, query.limit);
  if (shown.length === 0) return { doubleEntries: [], truncated, timeZone };
  // One read of the subtree's gates names them all.
  const checkpoints = new Map((await storage.listCheckpointRecords(query.within?.at(-1) ?? null)).map((c) => [c.id, c]));
  return { doubleEntries: shown.map((d) => doubleEntryWire(d, checkpoints, timeZone)), truncated, timeZone };
}
