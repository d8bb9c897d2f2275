/** Migration 017 (issue #18): the colour from the comparison (对比) and codes that change when the colour does. */
import type { ColumnDataType, Kysely } from 'kysely';
import { sql } from '../kysely.ts';
import type { Dialect } from '../schema.ts';

/**
 * `colour_rules`: the operator's colour and days per key-person category (`kadian colour-rules set`); empty, the defaults
 * of core/colourFromLists.ts apply. `key_persons.added_at`: when the person was put on that list in that category, from
 * which a category's days count; a list imported before is dated by its last import (the best this database knows).
 * `key_persons_by_person`: a resident's colour asks every list for them by ID number.
 *
 * `issued_codes`: per person the colour and expiry of the last code issued, what a worse colour is compared with.
 * `code_revocations`: per person the instant before which their codes are revoked (tablets get it with their config);
 * rows older than a code's lifetime are deleted as new ones are written (server/issuer/revocations.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.createTable('colour_rules')
    .addColumn('category', 'text', (c) => c.primaryKey())
    .addColumn('colour', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull().check(sql`days >= 1`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('key_persons').addColumn('added_at', 'text').execute();
  await sql`UPDATE key_persons SET added_at = (SELECT l.updated_at FROM key_person_lists l WHERE l.checkpoint_id = key_persons.checkpoint_id)`.execute(db);
  await sql`UPDATE key_persons SET added_at = ${new Date().toISOString()} WHERE added_at IS NULL`.execute(db);
  await db.schema.createIndex('key_persons_by_person').on('key_persons').columns(['person_id']).execute();
  await db.schema.createTable('issued_codes')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('colour', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_ms', int8, (c) => c.notNull())
    .execute();
  await db.schema.createTable('code_revocations')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('not_before_ms', int8, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('code_revocations_by_time').on('code_revocations').columns(['not_before_ms']).execute();
}
