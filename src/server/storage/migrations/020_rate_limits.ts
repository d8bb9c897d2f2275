/** Migration 020 (issue #19): per-IP request counters that every server process on one PostgreSQL shares. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * `rate_limits`: one row per limited route and client IP (`key`), its requests in the current window (`count`) and
 * when the window ends (`reset_at_ms`, the database's clock): one UPSERT counts a request and starts a new window once
 * the old one has ended (storage/rateLimitCounts.ts). Made on SQLite too (one schema), where one process counts in memory
 * and the table stays empty. Rows of ended windows are deleted now and then by the counting itself.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', int8, (c) => c.notNull())
    .addColumn('reset_at_ms', int8, (c) => c.notNull())
    .execute();
}
