/** Migration 021 (issue #19): revocations numbered, so a tablet's config pull asks only for those revised since it last asked. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * `code_revocations.revision`: the revocation counter's value when the row was last written; rows from before are 0, so a
 * tablet that has never asked by revision gets every one. `revocation_revision`: the counter, one row. A writer takes it
 * first in its transaction, so on PostgreSQL two revocations commit in their revision's order: whoever reads the counter
 * can read every row at or below it.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('code_revocations').addColumn('revision', int8, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('code_revocations_by_revision').on('code_revocations').columns(['revision']).execute();
  await db.schema.createTable('revocation_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('revision', int8, (c) => c.notNull())
    .execute();
  await db.insertInto('revocation_revision' as never).values({ id: 1, revision: 0 } as never).execute();
}
