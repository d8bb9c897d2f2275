/** Rows of the SQLite tables and their mapping to domain values, kept apart from the queries. */
import type { Entry } from '../../core/entry.ts';
import { entryFromColumns, type EntryColumns } from './entryRow.ts';
import type { DccSigner, Device, StoredCheckIn, StoredEntry } from './storage.ts';

export interface DeviceRow {
  id: string;
  checkpoint_id: string;
  label: string | null;
  enrolled_at: string;
  last_seen_at: string | null;
  waiting: number | null;
}

/** The shared entry columns, with SQLite's extra `at_ms` (for time filters) and `reasons` as JSON text. */
export type EntryRow = Omit<EntryColumns, 'reasons'> & { at_ms: number | null; reasons: string };

export const ENTRY_COLUMNS = [
  'checkpoint_id', 'device_id', 'seq', 'id', 'at', 'at_ms', 'direction', 'source', 'person_id', 'name',
  'colour', 'temperature', 'verdict', 'reasons', 'operator', 'prev_hash', 'hash', 'received_at',
] as const;

export function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    checkpointId: row.checkpoint_id,
    label: row.label,
    enrolledAt: row.enrolled_at,
    lastSeenAt: row.last_seen_at,
    waiting: row.waiting,
  };
}

/**
 * A device's last_seen_at is written at most once a minute: every push authenticates, and a write (an fsync on
 * SQLite) per push only to move "last seen" by a few seconds cost more than storing the batch.
 */
export const SEEN_RESOLUTION_MS = 60_000;

/** Whether `seenAt` is worth writing over the stored `lastSeenAt`. */
export const seenIsStale = (lastSeenAt: string | null, seenAt: string): boolean =>
  lastSeenAt === null || !(Date.parse(seenAt) - Date.parse(lastSeenAt) < SEEN_RESOLUTION_MS);

/** Device time as epoch ms for filtering; `at` itself is kept verbatim because the hash covers it. */
function atMs(at: string): number | null {
  const ms = Date.parse(at);
  // A leap second (":60") passes the date-time format but not Date.parse: kept, just not time-filterable.
  return Number.isFinite(ms) ? ms : null;
}

export function toEntryRow(e: Entry, receivedAt: string): EntryRow {
  return {
    checkpoint_id: e.checkpointId,
    device_id: e.deviceId,
    seq: e.seq,
    id: e.id,
    at: e.at,
    at_ms: atMs(e.at),
    direction: e.direction,
    source: e.source,
    person_id: e.personId,
    name: e.name,
    colour: e.colour,
    temperature: e.temperature,
    verdict: e.verdict,
    reasons: JSON.stringify(e.reasons),
    operator: e.operator,
    prev_hash: e.prevHash,
    hash: e.hash,
    received_at: receivedAt,
  };
}

/** SQLite keeps `reasons` as JSON text. */
export function toStoredEntry(row: EntryRow): StoredEntry {
  return entryFromColumns({ ...row, reasons: JSON.parse(row.reasons) as string[] });
}

export interface CheckInRow {
  person_id: string;
  day: string;
  name: string;
  temperature: number;
  isolated: number;
  symptoms: number;
  at: string;
}

export function toCheckInRow(c: StoredCheckIn): CheckInRow {
  return { person_id: c.personId, day: c.day, name: c.name, temperature: c.temperature, isolated: c.isolated ? 1 : 0, symptoms: c.symptoms ? 1 : 0, at: c.at };
}

export function toCheckIn(row: CheckInRow): StoredCheckIn {
  return { personId: row.person_id, day: row.day, name: row.name, temperature: row.temperature, isolated: row.isolated === 1, symptoms: row.symptoms === 1, at: row.at };
}

export interface DccSignerRow { id: string; kid: string; certificate: string; country: string | null; added_at: string }

export function toDccSigner(row: DccSignerRow): DccSigner {
  return { id: row.id, kid: row.kid, certificate: row.certificate, ...(row.country !== null && { country: row.country }), addedAt: row.added_at };
}
