/** Migration 001: the gate's schema as Kadian made it before migrations, and its adoption of such a database. */
import type { ColumnDataType, Kysely } from 'kysely';
import { sql } from '../kysely.ts';
import type { Dialect } from '../schema.ts';

/** Column types where the two databases differ; every other column is text or integer on both. */
function typesOf(dialect: Dialect): Record<'json' | 'flag' | 'int8' | 'float8', ColumnDataType> {
  return dialect === 'postgres'
    ? { json: 'jsonb', flag: 'boolean', int8: 'bigint', float8: 'double precision' }
    : { json: 'text', flag: 'integer', int8: 'integer', float8: 'real' };
}

/**
 * Every statement is IF NOT EXISTS: a database made by Kadian before migrations (with `schema_version` 1) already has
 * these tables, and this migration only adds what such a database may lack, so it is adopted without touching a row.
 * The migration runs in one transaction (migrations/index.ts), so a half-made schema is never left behind.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = typesOf(dialect);
  const schema = db.schema;
  await schema.createTable('schema_version').ifNotExists()
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await schema.createTable('communities').ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await schema.createTable('checkpoints').ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('policy', t.json, (c) => c.notNull())
    .addColumn('config_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await schema.createTable('enrolment_codes').ifNotExists()
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await schema.createTable('devices').ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text')
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('waiting', 'integer')
    .execute();
  await schema.createTable('entries').ifNotExists()
    // PostgreSQL: no foreign key. Its per-row check locks the checkpoint's row (FOR KEY SHARE) in every concurrent
    // push and was half the time of a 500-entry insert, and Citus could not move the table; the batch insert checks
    // the checkpoints itself (entryInsert.ts). SQLite keeps it: one writer at a time, so it costs no waiting there.
    .addColumn('checkpoint_id', 'text', (c) => (dialect === 'sqlite' ? c.notNull().references('checkpoints.id') : c.notNull()))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', t.int8, (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('at_ms', t.int8)
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('name', 'text')
    .addColumn('colour', 'text')
    .addColumn('temperature', t.float8)
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('reasons', t.json, (c) => c.notNull())
    .addColumn('operator', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    // Citus: the distribution column (checkpoint_id) leads every key of a distributed table.
    .addPrimaryKeyConstraint('entries_pkey', ['checkpoint_id', 'device_id', 'seq'])
    .execute();
  await schema.createIndex('entries_by_time').ifNotExists().on('entries').columns(['checkpoint_id', 'at_ms']).execute();
  await schema.createTable('checkins').ifNotExists()
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('temperature', t.float8, (c) => c.notNull())
    .addColumn('isolated', t.flag, (c) => c.notNull())
    .addColumn('symptoms', t.flag, (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkins_pkey', ['person_id', 'day'])
    .execute();
  await schema.createTable('dcc_signers').ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('certificate', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await schema.createTable('trust_list').ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await leadTables(db, dialect);
  // A database of any version before migrations has schema_version 1; a new one gets it here.
  await sql`INSERT INTO schema_version (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM schema_version)`.execute(db);
}

/** Lead mode's tables: every key starts with the checkpoint (reference-sized, or co-located with entries on Citus). */
async function leadTables(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = typesOf(dialect);
  const schema = db.schema;
  await schema.createTable('lead_pins').ifNotExists()
    .addColumn('checkpoint_id', 'text', (c) => c.primaryKey().references('checkpoints.id'))
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('iterations', 'integer', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text')
    .addColumn('lead_key', t.json)
    .execute();
  // A lead_pins table from before sealing lacks lead_key, and CREATE … IF NOT EXISTS leaves an existing table as it was.
  if (!(await hasColumn(db, dialect, 'lead_pins', 'lead_key'))) await schema.alterTable('lead_pins').addColumn('lead_key', t.json).execute();
  // The checkpoint's key pair for sealed personal fields: tablets get the public key, the lead a PIN-wrapped private key.
  await schema.createTable('seal_keys').ifNotExists()
    .addColumn('checkpoint_id', 'text', (c) => c.primaryKey().references('checkpoints.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .execute();
  await schema.createTable('policy_changes').ifNotExists()
    .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('device_label', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('policy_before', t.json, (c) => c.notNull())
    .addColumn('policy_after', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_changes_pkey', ['checkpoint_id', 'version'])
    .execute();
  await schema.createTable('key_person_lists').ifNotExists()
    .addColumn('checkpoint_id', 'text', (c) => c.primaryKey().references('checkpoints.id'))
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await schema.createTable('key_persons').ifNotExists()
    .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_persons_pkey', ['checkpoint_id', 'person_id'])
    .execute();
}

/** Whether `table` (in the schema being migrated) has `column`. */
async function hasColumn(db: Kysely<unknown>, dialect: Dialect, table: string, column: string): Promise<boolean> {
  const { rows } = dialect === 'postgres'
    ? await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table}`.execute(db)
    : await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db);
  return rows.some((r) => r.name === column);
}
