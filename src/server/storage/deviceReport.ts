/** What the server knows of each tablet for the operator: its bookkeeping, what it has received, and what is missing. */
import { sql } from './kysely.ts';
import { epochMs, type Db } from './db.ts';
import { stillDouble } from './doubleEntries.ts';

/** Sequence numbers first…last (inclusive) not received from a device, below its highest one received. */
export interface SeqGap {
  first: number;
  last: number;
}

export interface DeviceReport {
  id: string;
  checkpointId: string;
  label: string | null;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** Entries the tablet said were still queued at its last push. */
  waiting: number | null;
  /** Entries received (stored) from it. */
  entries: number;
  /** Its highest seq received; null before its first entry. */
  highestSeq: number | null;
  /**
   * Sequence numbers below `highestSeq` not received, since seqs are unique per device: `highestSeq - entries`, counted
   * above the newest seq retention deleted (what it deleted was received, not missing).
   */
  missing: number;
  /** The first MAX_GAPS gaps, lowest first; `gapsTruncated` when there are more. */
  gaps: SeqGap[];
  gapsTruncated: boolean;
  /**
   * Tablet clock minus server clock, in ms: the largest `at - received_at` among its last SKEW_SAMPLE entries
   * (by seq). An upload's delay only makes `at - received_at` smaller than the true offset, so the largest is
   * the entry sent soonest after its scan and the closest estimate; a tablet hours off shows as hours.
   * Null without entries whose `at` is a plain instant.
   */
  clockSkewMs: number | null;
  /**
   * Entries refused because this device had already used their seq for another entry (entry_conflicts): a tablet
   * never does that, so another holder of its token (a copy) or a tablet restored from a backup did. Above 0 the
   * operator sees "possible copied token"; `kadian devices conflicts ID` shows both versions.
   */
  conflicts: number;
  /**
   * Flagged double entries (issue #17, storage/doubleEntries.ts) one of whose two entries is this device's: a person let
   * in twice at its place with no exit between, mostly while tablets were offline. `kadian anomalies` lists them.
   */
  doubleEntries: number;
}

/** Which devices a report covers: those of these checkpoints (all when absent), or the one device named. */
export interface DeviceSelection {
  checkpointIds?: readonly string[];
  deviceId?: string;
}

/** Gaps listed per device; a chain that is mostly holes (a damaged tablet) is summed up by `missing`. */
export const MAX_GAPS = 50;

/** Recent entries the clock skew is estimated from: recent, so a clock set right shows as right soon after. */
export const SKEW_SAMPLE = 20;

/** The gap rows a query returned (one more than MAX_GAPS asked for, to tell truncation). */
export function gapsOf(rows: ReadonlyArray<{ first: number; last: number }>): { gaps: SeqGap[]; gapsTruncated: boolean } {
  return { gaps: rows.slice(0, MAX_GAPS).map((r) => ({ first: r.first, last: r.last })), gapsTruncated: rows.length > MAX_GAPS };
}

/** A device's row of the report query, as both databases answer it. */
export interface DeviceReportRow {
  id: string;
  checkpoint_id: string;
  label: string | null;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  waiting: number | null;
  entries: number;
  highest_seq: number | null;
  skew_ms: number | null;
  conflicts: number;
  double_entries: number;
  /** The newest seq retention deleted (null: none), and the entries still stored at or below it. */
  retained_seq: number | null;
  retained_left: number;
}

/** Sequence numbers below the highest received that never arrived; 0 means the gaps need not be read. */
export function missingOf(r: DeviceReportRow): number {
  if (r.highest_seq === null) return 0;
  const floor = r.retained_seq === null ? 0 : Number(r.retained_seq);
  return Math.max(0, Number(r.highest_seq) - floor - (Number(r.entries) - Number(r.retained_left)));
}

/** The report of one device from its row and its holes (the gap query's rows, empty when nothing is missing). */
export function toDeviceReport(r: DeviceReportRow, holes: ReadonlyArray<{ first: number; last: number }>): DeviceReport {
  return {
    id: r.id, checkpointId: r.checkpoint_id, label: r.label, enrolledAt: r.enrolled_at, revokedAt: r.revoked_at,
    lastSeenAt: r.last_seen_at, waiting: r.waiting, entries: r.entries, highestSeq: r.highest_seq, missing: missingOf(r),
    ...gapsOf(holes), clockSkewMs: r.skew_ms, conflicts: Number(r.conflicts), doubleEntries: Number(r.double_entries),
  };
}

/**
 * Per device, count and highest seq from the primary key's index (a range per device, never the table), and the skew
 * from its last SKEW_SAMPLE rows only. received_at is ISO text written by the server: epochMs reads it.
 */
async function reportRows(db: Db, { checkpointIds, deviceId }: DeviceSelection): Promise<DeviceReportRow[]> {
  return db.kysely.selectFrom('devices as d')
    .select(['d.id', 'd.checkpoint_id', 'd.label', 'd.enrolled_at', 'd.revoked_at', 'd.last_seen_at', 'd.waiting', 'd.retained_seq'])
    .select((eb) => {
      // Joins a device to its entries on the entries' primary key prefix.
      const ofDevice = () => eb.selectFrom('entries as e').whereRef('e.checkpoint_id', '=', 'd.checkpoint_id').whereRef('e.device_id', '=', 'd.id');
      const recent = ofDevice().select(['e.at_ms', epochMs(db, 'e.received_at').as('received_ms')]).orderBy('e.seq', 'desc').limit(SKEW_SAMPLE).as('r');
      return [
        ofDevice().select((e) => e.fn.countAll<number>().as('n')).$asScalar().as('entries'),
        ofDevice().select((e) => e.fn.max('e.seq').as('s')).$asScalar().$castTo<number | null>().as('highest_seq'),
        // Entries retention left at or below the newest seq it deleted (a tablet clock set back): almost always none.
        ofDevice().whereRef('e.seq', '<=', 'd.retained_seq').select((e) => e.fn.countAll<number>().as('n')).$asScalar().$castTo<number>().as('retained_left'),
        eb.selectFrom(recent).select(sql<number | null>`max(r.at_ms - r.received_ms)`.as('k')).$asScalar().as('skew_ms'),
        // On entry_conflicts' primary key prefix; almost always no row at all.
        eb.selectFrom('entry_conflicts as c').whereRef('c.checkpoint_id', '=', 'd.checkpoint_id').whereRef('c.device_id', '=', 'd.id')
          .select((c) => c.fn.countAll<number>().as('n')).$asScalar().as('conflicts'),
        // As first entry on the key's prefix, as second on double_entries_by_second_device (a pair of its own entries once); almost always none.
        sql<number>`(${eb.selectFrom('double_entries as x').whereRef('x.first_checkpoint_id', '=', 'd.checkpoint_id').whereRef('x.first_device_id', '=', 'd.id')
          .where(stillDouble(db, 'x')).select((x) => x.fn.countAll<number>().as('n'))}) + (${eb.selectFrom('double_entries as x')
          .whereRef('x.second_checkpoint_id', '=', 'd.checkpoint_id').whereRef('x.second_device_id', '=', 'd.id')
          .where((x) => x.or([x('x.first_checkpoint_id', '<>', x.ref('d.checkpoint_id')), x('x.first_device_id', '<>', x.ref('d.id'))]))
          .where(stillDouble(db, 'x')).select((x) => x.fn.countAll<number>().as('n'))})`.as('double_entries'),
      ];
    })
    .$if(checkpointIds !== undefined, (q) => q.where('d.checkpoint_id', 'in', checkpointIds ?? []))
    .$if(deviceId !== undefined, (q) => q.where('d.id', '=', deviceId ?? ''))
    .orderBy('d.checkpoint_id').orderBy('d.enrolled_at').orderBy('d.id')
    .execute();
}

/**
 * Each hole between neighbours in seq order (LAG's default, 0 or the newest seq retention deleted, makes a missing start
 * a hole too), found in one pass over the device's index range; only the holes leave the database, and only MAX_GAPS + 1
 * of them. SQLite: no outer ORDER BY, the rows come out in the window's order, and sorting them again cost a temporary
 * B-tree of the whole range (2.4× the time on 2 million entries); PostgreSQL keeps it (its plan sorts nothing again,
 * and promises no order without it).
 */
async function holes(db: Db, checkpointId: string, deviceId: string, retainedSeq: number | null): Promise<Array<{ first: number; last: number }>> {
  // Above what retention deleted, which was received: the first hole may start right after it.
  const floor = retainedSeq === null ? 0 : Number(retainedSeq);
  const neighbours = db.kysely.selectFrom('entries')
    .select(['seq', sql<number>`LAG(seq, 1, CAST(${floor} AS BIGINT)) OVER (ORDER BY seq)`.as('prev')])
    .where('checkpoint_id', '=', checkpointId).where('device_id', '=', deviceId).where('seq', '>', floor).as('h');
  return db.kysely.selectFrom(neighbours)
    .select([sql<number>`prev + 1`.as('first'), sql<number>`seq - 1`.as('last')])
    .where(sql<boolean>`seq > prev + 1`)
    .$if(db.dialect === 'postgres', (q) => q.orderBy('seq'))
    .limit(MAX_GAPS + 1)
    .execute();
}

export async function listDevices(db: Db, selection: DeviceSelection): Promise<DeviceReport[]> {
  // `in ()` is no SQL: no checkpoint, no device.
  if (selection.checkpointIds?.length === 0) return [];
  const rows = await reportRows(db, selection);
  // A chain without holes (the usual case) is not read a second time.
  return Promise.all(rows.map(async (r) => toDeviceReport(r, missingOf(r) === 0 ? [] : await holes(db, r.checkpoint_id, r.id, r.retained_seq))));
}
