/** Migration 007 (issue #15): the console's alerts, one per alerting entry and kind, made as tablets push. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Keyed like the entry it comes from, plus its kind (checkpoint first: the distribution column on Citus, beside
 * entries), so the push inserts it with ON CONFLICT DO NOTHING and a re-sent batch makes no second alert. `id` is the
 * public name the console acknowledges by. `person` is the name and the masked ID number only: the table is read by
 * every open console, and the whole ID number stays in `entries`. `at_ms` orders alerts of one push by the tablet's
 * time, which `at` (text with the tablet's offset) cannot.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const json: ColumnDataType = dialect === 'postgres' ? 'jsonb' : 'text';
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.createTable('alerts')
    // Like entries on PostgreSQL: no foreign key to checkpoints, so Citus can place it beside them.
    .addColumn('checkpoint_id', 'text', (c) => (dialect === 'sqlite' ? c.notNull().references('checkpoints.id') : c.notNull()))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', int8, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('at_ms', int8)
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('reasons', json, (c) => c.notNull())
    .addColumn('colour', 'text')
    .addColumn('person', 'text')
    .addColumn('acknowledged_at', 'text')
    // The user's id; the console shows their name.
    .addColumn('acknowledged_by', 'text')
    .addPrimaryKeyConstraint('alerts_pkey', ['checkpoint_id', 'device_id', 'seq', 'kind'])
    .execute();
  await db.schema.createIndex('alerts_id_key').on('alerts').column('id').unique().execute();
  // The console reads the newest first.
  await db.schema.createIndex('alerts_by_received').on('alerts').columns(['received_at', 'at_ms']).execute();
}
