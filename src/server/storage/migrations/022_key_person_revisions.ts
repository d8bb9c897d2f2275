/** Migration 022 (issue #19): key-person lists numbered by revision, so a tablet's config pull carries only what changed. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * `key_person_revisions`: per checkpoint, the list as last sent to its tablets (imported rows and arrivals together, as
 * tablets hold it): the derivation it is sealed with, its revision, the lowest revision a delta can start from (raised
 * when removals are forgotten, and to the revision of a new salt) and the config version it was computed at.
 * `key_person_tags`: that list, one row per tag with the revision it last changed at; `box` null for a removal (a
 * tombstone), kept a bounded time and number (tablets/keyPersonDeltas.ts). `said`: a digest of the category and note
 * the box holds, so a person sealed again with the same (an arrival, by another process or after a restart: a box has a
 * random IV) is no change. Integers: a checkpoint's revisions stay small.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createTable('key_person_revisions')
    .addColumn('checkpoint_id', 'text', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('kdf', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('delta_from', 'integer', (c) => c.notNull())
    .addColumn('config_version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createTable('key_person_tags')
    .addColumn('checkpoint_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('box', 'text')
    .addColumn('said', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_person_tags_pkey', ['checkpoint_id', 'tag'])
    .execute();
  await db.schema.createIndex('key_person_tags_by_revision').on('key_person_tags').columns(['checkpoint_id', 'revision']).execute();
}
