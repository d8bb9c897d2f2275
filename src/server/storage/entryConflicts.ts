/** Entries refused as conflicts (a seq its device had already used for another entry), kept for the operator to compare. */
import type { Selectable } from 'kysely';
import type { Colour, Direction, Entry, Source, Verdict } from '../../core/entry.ts';
import type { Db } from './db.ts';
import { storedFollowUp, storedVehicle } from './entries.ts';
import { readJson, type EntryTable } from './schema.ts';
import type { ConflictPair, EntryConflict, StoredEntry } from './storage.ts';

export async function recordEntryConflicts(db: Db, conflicts: readonly EntryConflict[]): Promise<void> {
  if (conflicts.length === 0) return;
  // A refused entry is not sent again by its tablet, but a copy of the token may send it again and again: kept once.
  await db.kysely.insertInto('entry_conflicts')
    .values(conflicts.map((c) => ({
      checkpoint_id: c.checkpointId, device_id: c.deviceId, seq: c.seq, hash: c.hash, received_at: c.receivedAt, entry: JSON.stringify(c.entry),
    })))
    .onConflict((oc) => oc.columns(['checkpoint_id', 'device_id', 'seq', 'hash']).doNothing()).execute();
}

type EntryRow = Pick<Selectable<EntryTable>, 'checkpoint_id' | 'device_id' | 'seq' | 'id' | 'at' | 'direction' | 'source' | 'person_id' | 'name'
  | 'colour' | 'temperature' | 'verdict' | 'reasons' | 'operator' | 'prev_hash' | 'hash' | 'received_at' | 'chain_version' | 'person_commit'
  | 'follow_up_of' | 'outcome' | 'outcome_note' | 'vehicle_plate' | 'vehicle_id' | 'vehicle_role'>;

/** Rows were validated against the Entry schema before insert, so the narrowing casts hold. */
const toStored = (row: EntryRow): StoredEntry => ({
  id: row.id, deviceId: row.device_id, seq: row.seq, checkpointId: row.checkpoint_id, at: row.at,
  direction: row.direction as Direction, source: row.source as Source, personId: row.person_id, name: row.name,
  colour: row.colour as Colour | null, temperature: row.temperature, verdict: row.verdict as Verdict,
  reasons: readJson(row.reasons), operator: row.operator, prevHash: row.prev_hash, hash: row.hash, receivedAt: row.received_at,
  ...(row.chain_version === 2 ? { personCommit: row.person_commit } : {}),
  ...storedFollowUp(row),
  ...storedVehicle(row),
});

/** Read by the operator, rarely: the device's checkpoint first, so both reads use their primary key's prefix. */
export async function listEntryConflicts(db: Db, deviceId: string): Promise<ConflictPair[]> {
  const device = await db.kysely.selectFrom('devices').select('checkpoint_id').where('id', '=', deviceId).executeTakeFirst();
  if (!device) return [];
  const rows = await db.kysely.selectFrom('entry_conflicts').selectAll()
    .where('checkpoint_id', '=', device.checkpoint_id).where('device_id', '=', deviceId).orderBy('seq').orderBy('received_at').execute();
  if (rows.length === 0) return [];
  const seqs = [...new Set(rows.map((r) => r.seq))];
  const stored = await db.kysely.selectFrom('entries')
    .select(['checkpoint_id', 'device_id', 'seq', 'id', 'at', 'direction', 'source', 'person_id', 'name', 'colour', 'temperature',
      'verdict', 'reasons', 'operator', 'prev_hash', 'hash', 'received_at', 'chain_version', 'person_commit', 'follow_up_of', 'outcome', 'outcome_note',
      'vehicle_plate', 'vehicle_id', 'vehicle_role'])
    .where('checkpoint_id', '=', device.checkpoint_id).where('device_id', '=', deviceId).where('seq', 'in', seqs).execute();
  const bySeq = new Map(stored.map((r) => [r.seq, toStored(r)]));
  return rows.map((r) => ({
    conflict: { checkpointId: r.checkpoint_id, deviceId: r.device_id, seq: r.seq, hash: r.hash, receivedAt: r.received_at, entry: readJson<Entry>(r.entry) },
    stored: bySeq.get(r.seq) ?? null,
  }));
}
