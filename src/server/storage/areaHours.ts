/** The roll-up per area and UTC hour (`area_hours`, migration 008): each entry counted in every area above its checkpoint, kept by the push and corrected when the city changes shape. */
import type { Kysely } from 'kysely';
import { addToCounters, ROLLUP_COLUMNS, type RollupGroup } from './entryHours.ts';
import { sql } from './kysely.ts';
import type { Database, Dialect } from './schema.ts';

const COUNTERS = ROLLUP_COLUMNS.join(', ');

/** The area ids of a path (`/city/district/` → city, district): the same split as storage/city.ts's. */
export const pathIds = (path: string): string[] => path.split('/').filter((id) => id !== '');

/**
 * PostgreSQL: the CTE after entryHours.ts's POSTGRES_ROLLUP_CTE, in the push's one statement: its (checkpoint, hour)
 * counts `g` joined to the checkpoint's place's area, whose path names every ancestor (the area itself included), and
 * added to each (ancestor, hour). The statement's snapshot is the city as it is when the push runs; a move locks the
 * table first (lockAreaHours), so a push never counts into ancestors a move has just corrected. In key order, as
 * entry_hours: two pushes under one district share its rows (and the city's), and wait for each other instead of
 * deadlocking. A checkpoint whose place has no area counts in none, as the figures' checkpoint lists leave it out.
 */
export const POSTGRES_AREA_ROLLUP_CTE = `a AS (
  INSERT INTO area_hours (area_id, hour, ${COUNTERS})
  SELECT x.area_id, g.hour, ${ROLLUP_COLUMNS.map((c) => `sum(g.${c})`).join(', ')}
  FROM g JOIN checkpoints c ON c.id = g.checkpoint_id JOIN places p ON p.id = c.place_id JOIN areas ar ON ar.id = p.area_id
  CROSS JOIN LATERAL unnest(string_to_array(trim(BOTH '/' FROM ar.path), '/')) AS x(area_id)
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (area_id, hour) DO UPDATE SET ${addToCounters('area_hours')}
)`;

/** SQLite: the path of a checkpoint's area, for the ancestors its entries count in. */
export const SQLITE_AREA_PATH = `SELECT a.path AS path FROM checkpoints c JOIN places p ON p.id = c.place_id JOIN areas a ON a.id = p.area_id WHERE c.id = ?`;

/** SQLite: one (area, hour) group's counts added to its row (made if missing), in the push's IMMEDIATE transaction. */
export const SQLITE_AREA_UPSERT = `INSERT INTO area_hours (area_id, hour, ${COUNTERS})
VALUES (?, ?, ${ROLLUP_COLUMNS.map(() => '?').join(', ')})
ON CONFLICT (area_id, hour) DO UPDATE SET ${addToCounters('area_hours')}`;

/** One area row's worth of additions: the counts in ROLLUP_COLUMNS order. */
export interface AreaGroup {
  areaId: string;
  hour: number;
  counts: number[];
}

/**
 * A batch's (checkpoint, hour) groups summed per (ancestor area, hour): a batch is one tablet's, so one checkpoint and
 * a few hours, times its ≤ 5 levels of areas. `ancestorsOf` gives a checkpoint's areas, root first (none: counted nowhere).
 */
export function areaGroups(groups: readonly RollupGroup[], ancestorsOf: (checkpointId: string) => readonly string[]): AreaGroup[] {
  const sums = new Map<string, AreaGroup>();
  for (const g of groups) {
    for (const areaId of ancestorsOf(g.checkpointId)) {
      const key = `${areaId}\u0000${g.hour}`;
      let sum = sums.get(key);
      if (!sum) {
        sum = { areaId, hour: g.hour, counts: ROLLUP_COLUMNS.map(() => 0) };
        sums.set(key, sum);
      }
      const { counts } = sum;
      g.counts.forEach((n, i) => { counts[i] = (counts[i] ?? 0) + n; });
    }
  }
  return [...sums.values()];
}

/**
 * First in a transaction that moves part of the city (PostgreSQL): pushes wait until it commits, and one already
 * running is waited for. A push's statement takes its snapshot after its table locks, so the one that waited sees the
 * new paths; without the lock it could count into the old ancestors after the move had read their sums. Reads (the
 * console's figures) go on. SQLite needs nothing: its IMMEDIATE transactions already take turns.
 */
export async function lockAreaHours(trx: Kysely<Database>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`LOCK TABLE area_hours IN EXCLUSIVE MODE`.execute(trx);
}

/** What moved: some checkpoints (summed from entry_hours) or an area's whole subtree (its own area_hours rows). */
export type Moved = { checkpointIds: readonly string[] } | { areaId: string };

/**
 * A move's correction: what moved, hour by hour, taken from each area it left and added to each it joined. Areas
 * above both (the city, usually) keep their rows; a row the move empties is removed, so an area's rows stay exactly
 * the hours it has entries in, as summing its checkpoints' would give. One statement per area: a move crosses at most
 * the tree's depth of them on each side.
 */
export async function shiftAreaHours(trx: Kysely<Database>, moved: Moved, oldAreas: readonly string[], newAreas: readonly string[]): Promise<void> {
  const left = oldAreas.filter((id) => !newAreas.includes(id));
  const joined = newAreas.filter((id) => !oldAreas.includes(id));
  if (left.length + joined.length === 0) return;
  const source = 'checkpointIds' in moved
    ? sql`entry_hours WHERE checkpoint_id IN (${sql.join(moved.checkpointIds.length ? moved.checkpointIds : [''])})`
    : sql`area_hours WHERE area_id = ${moved.areaId}`;
  for (const [areas, sign] of [[left, '-'], [joined, '']] as const) {
    for (const areaId of areas) {
      await sql`INSERT INTO area_hours (area_id, hour, ${sql.raw(COUNTERS)})
        SELECT ${areaId}, hour, ${sql.raw(ROLLUP_COLUMNS.map((c) => `${sign}sum(${c})`).join(', '))} FROM ${source} GROUP BY hour
        ON CONFLICT (area_id, hour) DO UPDATE SET ${sql.raw(addToCounters('area_hours'))}`.execute(trx);
    }
  }
  if (left.length > 0) {
    await sql`DELETE FROM area_hours WHERE area_id IN (${sql.join(left)}) AND ${sql.raw(ROLLUP_COLUMNS.map((c) => `${c} = 0`).join(' AND '))}`.execute(trx);
  }
}
