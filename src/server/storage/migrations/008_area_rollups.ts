/** Migration 008 (issue #15): the hourly roll-up per area (`area_hours`), so an area's figures read its own rows instead of summing each checkpoint under it. */
import type { ColumnDataType, Kysely } from 'kysely';
import { sql } from '../kysely.ts';
import type { Dialect } from '../schema.ts';
import { counters } from './006_rollups.ts';

/**
 * The backfill: entry_hours summed per (area, hour) for each area's own places, then added into every area whose path
 * is a prefix of that area's (its ancestors and itself), as the push counts an entry (storage/areaHours.ts). The pairs
 * of (area, ancestor) are materialized first: a city has a few thousand areas, and the prefix test, which no index
 * serves, then runs once per pair instead of once per roll-up row. Exported for the benchmark's seeding, which fills
 * the table the same way.
 */
export const BACKFILL = `WITH ancestry AS MATERIALIZED (
  SELECT a.id AS area_id, up.id AS ancestor_id FROM areas a JOIN areas up ON substr(a.path, 1, length(up.path)) = up.path
), by_area AS (
  SELECT p.area_id, e.hour, ${counters.map((c) => `sum(e.${c}) AS ${c}`).join(', ')}
  FROM entry_hours e JOIN checkpoints c ON c.id = e.checkpoint_id JOIN places p ON p.id = c.place_id
  GROUP BY p.area_id, e.hour
)
INSERT INTO area_hours (area_id, hour, ${counters.join(', ')})
SELECT x.ancestor_id, b.hour, ${counters.map((c) => `sum(b.${c})`).join(', ')}
FROM by_area b JOIN ancestry x ON x.area_id = b.area_id
GROUP BY x.ancestor_id, b.hour`;

/**
 * Keyed (area_id, hour) like entry_hours by checkpoint: an area's figures over a range of hours are one index range.
 * The counters are migration 006's columns, not entryHours.ts's list as it may grow later: this table is filled from
 * entry_hours as 006 made it, and a later counter is added to both tables by its own migration.
 *
 * On Citus this table cannot sit beside entries (it has no checkpoint): it would be a reference or a local table, and
 * the push's CTE would cross nodes. A single PostgreSQL, as deployed, has no such question.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  let table = db.schema.createTable('area_hours')
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('hour', int8, (c) => c.notNull());
  for (const counter of counters) table = table.addColumn(counter, int8, (c) => c.notNull().defaultTo(0));
  await table.addPrimaryKeyConstraint('area_hours_pkey', ['area_id', 'hour']).execute();
  await sql.raw(BACKFILL).execute(db);
}
