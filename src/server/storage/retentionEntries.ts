/** Retention of the log: entries (and their alerts and conflicts) older than the cutoff, deleted in batches, each tablet's newest deleted link kept. */
import type { RawBuilder } from 'kysely';
import { sql, type Kysely } from './kysely.ts';
import type { Db } from './db.ts';
import { oldDoubleEntries } from './doubleEntries.ts';
import { betweenBatches, deleteSome, markRetained, RETENTION_BATCH, stopIfAsked } from './retentionBatch.ts';
import type { Database } from './schema.ts';

type DeletedLink = { device_id: string; seq: number; hash: string; prev_hash: string };

/**
 * Keeps, per device, the newest link this batch deleted unless a newer one is kept already: the push checks the next
 * entries against it (tablets/push.ts), so a tablet idle past the retention still links its next batch, and an entry it
 * sends again is known for what it is instead of being stored a second time.
 */
async function keepNewestLinks(trx: Kysely<Database>, checkpointId: string, deleted: readonly DeletedLink[]): Promise<void> {
  const newest = new Map<string, DeletedLink>();
  for (const row of deleted) {
    const seen = newest.get(row.device_id);
    if (!seen || Number(row.seq) > Number(seen.seq)) newest.set(row.device_id, row);
  }
  for (const link of newest.values()) {
    const seq = Number(link.seq);
    await trx.updateTable('devices').set({ retained_seq: seq, retained_hash: link.hash, retained_prev_hash: link.prev_hash })
      .where('id', '=', link.device_id).where('checkpoint_id', '=', checkpointId)
      .where((eb) => eb.or([eb('retained_seq', 'is', null), eb('retained_seq', '<', seq)]))
      .execute();
  }
}

/** Where a run is: its cutoff (for the mark) and the signal that stops it between batches. */
export interface RetentionPass {
  cutoffMs: number;
  cutoff: string;
  signal?: AbortSignal;
}

/** Deletes batches of one checkpoint's entries matching `where` until none is left; returns how many. */
async function deleteEntriesWhere(db: Db, pass: RetentionPass, checkpointId: string, where: RawBuilder<unknown>): Promise<number> {
  let total = 0;
  for (;;) {
    stopIfAsked(pass.signal);
    const deleted = await db.kysely.transaction().execute(async (trx) => {
      const rows = await deleteSome<DeletedLink>(trx, db.dialect, 'entries', where, ['device_id', 'seq', 'hash', 'prev_hash']);
      if (rows.length === 0) return 0;
      await keepNewestLinks(trx, checkpointId, rows);
      await markRetained(trx, pass.cutoff);
      return rows.length;
    });
    total += deleted;
    if (deleted < RETENTION_BATCH) return total;
    await betweenBatches();
  }
}

/** Deletes batches of `table`'s rows matching `where` (one statement each, nothing to keep beside them) until none is left. */
async function deleteAllWhere(db: Db, pass: RetentionPass, table: string, where: RawBuilder<unknown>, returning = 'seq'): Promise<number> {
  let total = 0;
  for (;;) {
    stopIfAsked(pass.signal);
    const deleted = (await deleteSome(db.kysely, db.dialect, table, where, [returning])).length;
    total += deleted;
    if (deleted < RETENTION_BATCH) return total;
    await betweenBatches();
  }
}

export interface EntryRetention {
  entries: number;
  alerts: number;
  conflicts: number;
  /** Flagged double entries (storage/doubleEntries.ts) whose first entry was older than the cutoff. */
  doubleEntries: number;
}

/**
 * Entries whose tablet time is before `cutoffMs` (an entry without one, from before the push refused such times: by when
 * it was received), checkpoint by checkpoint: `checkpoint_id = ? AND at_ms < ?` is a range of the `entries_by_time` index
 * the table already has, so retention adds no index the push would keep up. A checkpoint without old entries costs one
 * probe of it. Alerts carry the person's name and masked ID number, conflicts the whole entry as sent, double entries
 * the whole ID number: they go with the entries. The roll-ups (entry_hours, area_hours) stay: they name no one, and old days' figures still add up.
 * Adds to `counts` as it goes, so a run stopped halfway still says what it deleted.
 */
export async function deleteOldEntries(db: Db, pass: RetentionPass, counts: EntryRetention): Promise<void> {
  const { cutoffMs, cutoff } = pass;
  const checkpoints = await db.kysely.selectFrom('checkpoints').select('id').orderBy('id').execute();
  for (const { id } of checkpoints) {
    counts.entries += await deleteEntriesWhere(db, pass, id, sql`checkpoint_id = ${id} AND at_ms < ${cutoffMs}`);
    counts.entries += await deleteEntriesWhere(db, pass, id, sql`checkpoint_id = ${id} AND at_ms IS NULL AND received_at < ${cutoff}`);
    // A checkpoint's alerts are a prefix of alerts' primary key, and few: the rest of the condition filters them.
    counts.alerts += await deleteAllWhere(db, pass, 'alerts',
      sql`checkpoint_id = ${id} AND (at_ms < ${cutoffMs} OR (at_ms IS NULL AND received_at < ${cutoff}))`);
  }
  // Conflicts are rare (a copied token, a tablet restored from a backup): the table is small enough to read whole.
  counts.conflicts += await deleteAllWhere(db, pass, 'entry_conflicts', sql`received_at < ${cutoff}`);
  counts.doubleEntries += await deleteAllWhere(db, pass, 'double_entries', oldDoubleEntries(cutoffMs), 'id');
}
