/** Migration 018 (issue #20): arrivals (入市登记) and the operator's table that puts them on the key-person lists. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * `arrivals`: one row per registration, as the person gave it, with the category and end the operator's table gave
 * it. A listed arrival is merged into the key-person list of every checkpoint under its community while `ends_at` is
 * ahead (tablets/config.ts); `expired_at` is set once, by the first server process to see it past (which moves those
 * checkpoints' config version, so tablets drop the person at their next pull, and writes the audit line).
 * `arrival_rules`: one row (id 1), the operator's table as JSON; no row: core/arrivalRules.ts's defaults.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createTable('arrivals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('from_province', 'text', (c) => c.notNull())
    .addColumn('from_city', 'text', (c) => c.notNull())
    .addColumn('arrival_day', 'text', (c) => c.notNull())
    .addColumn('means', 'text', (c) => c.notNull())
    .addColumn('means_detail', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('health_yes', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('until_day', 'text')
    .addColumn('since', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('expired_at', 'text')
    .execute();
  await db.schema.createIndex('arrivals_by_area').on('arrivals').columns(['area_id', 'registered_at']).execute();
  await db.schema.createIndex('arrivals_by_person').on('arrivals').columns(['person_id']).execute();
  await db.schema.createIndex('arrivals_by_end').on('arrivals').columns(['ends_at']).execute();
  await db.schema.createTable('arrival_rules')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
