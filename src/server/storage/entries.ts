/** The log: a device's chain links for the push's checks, counts, and the export streamed without holding it in memory. */
import { sql } from './kysely.ts';
import type { Colour, Direction, Entry, Outcome, Source, Verdict, VehicleRole } from '../../core/entry.ts';
import { compiledOnce, inNumbers, numberList, runPrepared, type Db, type NumberList } from './db.ts';
import { readJson, type EntryTable } from './schema.ts';
import type { ChainLink, ExportFilter, StoredEntry } from './storage.ts';

type LinkRow = { seq: number; hash: string; prev_hash: string };

/**
 * A batch's neighbours are a run of seqs, read as one index range: on PostgreSQL `seq = ANY(…)` alone was planned as a
 * scan of all the device's entries (19,498 rows read for 502 wanted) until the table had statistics. Seqs spread far
 * apart (a damaged or hostile batch) are looked up one by one instead, so no batch reads more than it asks for: on
 * PostgreSQL a lateral lookup per seq; SQLite probes the index once per value of IN by itself.
 */
const linksInRange = compiledOnce((db, checkpointId: string, deviceId: string, lo: number, hi: number, seqs: NumberList) =>
  db.kysely.selectFrom('entries').select(['seq', 'hash', 'prev_hash'])
    .where('checkpoint_id', '=', checkpointId).where('device_id', '=', deviceId)
    .where('seq', '>=', lo).where('seq', '<=', hi).where(inNumbers(db, 'seq', seqs)));

const linksAnywhere = compiledOnce((db, checkpointId: string, deviceId: string, seqs: NumberList) =>
  db.kysely.selectFrom('entries').select(['seq', 'hash', 'prev_hash'])
    .where('checkpoint_id', '=', checkpointId).where('device_id', '=', deviceId).where(inNumbers(db, 'seq', seqs)));

export async function getLinks(db: Db, checkpointId: string, deviceId: string, seqs: readonly number[]): Promise<Map<number, ChainLink>> {
  const links = new Map<number, ChainLink>();
  if (seqs.length === 0) return links;
  const lo = Math.min(...seqs);
  const hi = Math.max(...seqs);
  const list = numberList(db, seqs);
  const { rows } = hi - lo <= 4 * seqs.length + 16
    ? await linksInRange(db, [checkpointId, deviceId, lo, hi, list])
    : db.dialect === 'sqlite'
      ? await linksAnywhere(db, [checkpointId, deviceId, list])
      : await runPrepared(db, sql<LinkRow>`SELECT l.seq, l.hash, l.prev_hash FROM unnest(${list}::int8[]) AS k(seq)
          CROSS JOIN LATERAL (SELECT seq, hash, prev_hash FROM entries e
            WHERE e.checkpoint_id = ${checkpointId} AND e.device_id = ${deviceId} AND e.seq = k.seq LIMIT 1) l`.compile(db.kysely));
  for (const r of rows) links.set(r.seq, { hash: r.hash, prevHash: r.prev_hash });
  return links;
}

export async function countEntries(db: Db, checkpointId?: string): Promise<number> {
  const row = await db.kysely.selectFrom('entries').select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(checkpointId !== undefined, (q) => q.where('checkpoint_id', '=', checkpointId ?? ''))
    .executeTakeFirst();
  return row?.n ?? 0;
}

/** A stored follow-up's `followUp`, none on a scan: the hash covers it, so a follow-up without it would not verify. */
export function storedFollowUp(row: Pick<EntryTable, 'follow_up_of' | 'outcome' | 'outcome_note'>): Pick<Entry, 'followUp'> {
  if (row.follow_up_of === null) return {};
  // Written only from validated Entries: the outcome is one of OUTCOMES.
  return { followUp: { of: row.follow_up_of, outcome: row.outcome as Outcome, note: row.outcome_note } };
}

/** A stored entry's `vehicle`, none on foot: the hash covers it, so an entry without it would not verify. */
export function storedVehicle(row: Pick<EntryTable, 'vehicle_plate' | 'vehicle_id' | 'vehicle_role'>): Pick<Entry, 'vehicle'> {
  if (row.vehicle_plate === null || row.vehicle_id === null) return {};
  // Written only from validated Entries: the role is one of VEHICLE_ROLES.
  return { vehicle: { plate: row.vehicle_plate, id: row.vehicle_id, role: row.vehicle_role as VehicleRole } };
}

/** Rows an export reads per round trip on PostgreSQL: enough to keep the socket busy, few enough to bound memory. */
const EXPORT_ROWS = 1000;

/**
 * Ordered by checkpoint, device, seq: the primary key's order, so the database streams it without sorting. One Kysely
 * query streamed on both databases (rows one at a time from SQLite's iterator, EXPORT_ROWS at a time from PostgreSQL's
 * cursor), on the reader db.ts gives it: a connection of its own, so a long export holds up no other request.
 */
export async function* exportEntries(db: Db, filter: ExportFilter): AsyncGenerator<StoredEntry> {
  let since: number | null = null;
  if (filter.since !== undefined) {
    since = Date.parse(filter.since);
    if (!Number.isFinite(since)) throw new RangeError(`not a date and time: ${filter.since}`);
  }
  let until: number | null = null;
  if (filter.until !== undefined) {
    until = Date.parse(filter.until);
    if (!Number.isFinite(until)) throw new RangeError(`not a date and time: ${filter.until}`);
  }
  // `in ()` is no SQL: no checkpoint, no entry.
  if (filter.checkpointIds?.length === 0) return;
  const { reader, release } = db.exportReader();
  try {
    let rootPath = '';
    if (filter.areaId !== undefined) {
      const root = await reader.selectFrom('areas').select('path').where('id', '=', filter.areaId).executeTakeFirst();
      if (!root) return;
      rootPath = root.path;
    }
    const rows = reader.selectFrom('entries')
      .select(['checkpoint_id', 'device_id', 'seq', 'id', 'at', 'direction', 'source', 'person_id', 'name', 'colour', 'temperature',
        'verdict', 'reasons', 'operator', 'prev_hash', 'hash', 'received_at', 'chain_version', 'person_commit',
        'follow_up_of', 'outcome', 'outcome_note', 'vehicle_plate', 'vehicle_id', 'vehicle_role'])
      .$if(filter.checkpointId !== undefined, (q) => q.where('checkpoint_id', '=', filter.checkpointId ?? ''))
      // An area's subtree: its checkpoints by their place's area path (a community from before areas is an area too).
      .$if(filter.areaId !== undefined, (q) => q.where('checkpoint_id', 'in', reader.selectFrom('checkpoints as c')
        .innerJoin('places as p', 'p.id', 'c.place_id').innerJoin('areas as a', 'a.id', 'p.area_id')
        .select('c.id').where(sql<boolean>`substr(a.path, 1, ${rootPath.length}) = ${rootPath}`)))
      .$if(filter.checkpointIds !== undefined, (q) => q.where('checkpoint_id', 'in', filter.checkpointIds ?? []))
      .$if(since !== null, (q) => q.where('at_ms', '>=', since ?? 0))
      .$if(until !== null, (q) => q.where('at_ms', '<', until ?? 0))
      .orderBy('checkpoint_id').orderBy('device_id').orderBy('seq')
      .stream(EXPORT_ROWS);
    // Rows were validated against the Entry schema before insert, so the narrowing casts hold.
    for await (const row of rows) {
      yield {
        id: row.id, deviceId: row.device_id, seq: row.seq, checkpointId: row.checkpoint_id, at: row.at,
        direction: row.direction as Direction, source: row.source as Source, personId: row.person_id, name: row.name,
        colour: row.colour as Colour | null, temperature: row.temperature, verdict: row.verdict as Verdict,
        reasons: readJson(row.reasons), operator: row.operator, prevHash: row.prev_hash, hash: row.hash, receivedAt: row.received_at,
        // A v2 entry's hash covers its commitment, so the entry carries it (null included) to be verified again.
        ...(row.chain_version === 2 ? { personCommit: row.person_commit } : {}),
        ...storedFollowUp(row),
        ...storedVehicle(row),
      };
    }
  } finally {
    await release();
  }
}
