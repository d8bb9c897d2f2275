/** Migration 019 (issue #20): self check-in at a place's poster (扫码登记): each place's server-owned chain, the passages by the phone's own id, and the hourly bound per phone. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * `self_places`: per place the checkpoint and device its self check-ins are logged under (made at its first poster or
 * passage), and whether its poster is withdrawn; on PostgreSQL its row is what a passage locks (FOR UPDATE) while it
 * appends to the place's chain. `self_passages`: every passage by the UUID its phone made, so a retry is answered the
 * first receipt and never logged twice; the call-back number of a short form lives here, not in the log. `self_passage_hours`:
 * passages per phone (credential, or ID number on the short form) and server hour, counted in the passage's transaction.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.createTable('self_places')
    .addColumn('place_id', 'text', (c) => c.primaryKey().references('places.id'))
    .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
    .addColumn('device_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .execute();
  await db.schema.createTable('self_passages')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('phone_key', 'text', (c) => c.notNull())
    .addColumn('place_id', 'text', (c) => c.notNull())
    .addColumn('checkpoint_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', int8, (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_ms', int8, (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .execute();
  await db.schema.createIndex('self_passages_by_time').on('self_passages').column('received_ms').execute();
  await db.schema.createTable('self_passage_hours')
    .addColumn('phone_key', 'text', (c) => c.notNull())
    .addColumn('hour', int8, (c) => c.notNull())
    .addColumn('passages', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('self_passage_hours_pkey', ['phone_key', 'hour'])
    .execute();
  await db.schema.createIndex('self_passage_hours_by_hour').on('self_passage_hours').column('hour').execute();
}
