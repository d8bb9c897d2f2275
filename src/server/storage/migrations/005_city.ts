/** Migration 005 (issue #14): the city above the gates (areas, places), accounts with their sessions and passkeys, and the append-only audit log. */
import type { ColumnDataType, Kysely } from 'kysely';
import { sql } from '../kysely.ts';
import type { Dialect } from '../schema.ts';

/**
 * Today's communities become areas at the community level, each with one place of the same id and name that holds the
 * community's checkpoints: the `communities` table is renamed `places` and `checkpoints.community_id` `place_id`, so
 * every id, name and foreign key stays as it was (SQLite rewrites the references to a renamed table itself), and no
 * row of any table keyed by checkpoint is touched. An area row is added per community.
 *
 * Citus: every table here is small and read by every request (reference tables) except `audit_log`, which grows with
 * every operator action and tracing query and is keyed (actor, id) so it can be distributed by actor.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const json: ColumnDataType = dialect === 'postgres' ? 'jsonb' : 'text';
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  const schema = db.schema;

  // A tree of any depth. `path` is the ids from the root down, joined and closed by '/': a subtree is every row whose
  // path starts with its root's, one comparison on any database, and a move rewrites the moved rows' prefix.
  await schema.createTable('areas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('areas.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.unique())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .execute();
  await schema.createIndex('areas_by_parent').on('areas').columns(['parent_id', 'name']).execute();
  await sql`INSERT INTO areas (id, parent_id, level, name, code, path)
    SELECT id, NULL, 'community', name, NULL, '/' || id || '/' FROM communities`.execute(db);

  await schema.alterTable('communities').renameTo('places').execute();
  await schema.alterTable('checkpoints').renameColumn('community_id', 'place_id').execute();
  // SQLite cannot add a NOT NULL column with a foreign key to a table that has rows: there it is NOT NULL by the code
  // that writes it (storage/city.ts); PostgreSQL says so itself below.
  await schema.alterTable('places').addColumn('area_id', 'text', (c) => c.references('areas.id')).execute();
  await schema.alterTable('places').addColumn('kind', 'text', (c) => c.notNull().defaultTo('other')).execute();
  await schema.alterTable('places').addColumn('capacity', 'integer').execute();
  // SQLite adds no UNIQUE column: unique indexes instead, on both.
  await schema.alterTable('places').addColumn('code', 'text').execute();
  await schema.createIndex('places_code_key').on('places').column('code').unique().execute();
  await sql`UPDATE places SET area_id = id, kind = 'compound'`.execute(db);
  if (dialect === 'postgres') await sql`ALTER TABLE places ALTER COLUMN area_id SET NOT NULL`.execute(db);
  await schema.createIndex('places_by_area').on('places').columns(['area_id', 'name']).execute();
  await schema.alterTable('checkpoints').addColumn('code', 'text').execute();
  await schema.createIndex('checkpoints_code_key').on('checkpoints').column('code').unique().execute();
  await schema.createIndex('checkpoints_by_place').on('checkpoints').columns(['place_id', 'name']).execute();

  // Enrolment codes get a public id (the code itself is kept only as a hash), the sheet they were printed on, who made
  // them, and a revocation.
  await schema.alterTable('enrolment_codes').addColumn('id', 'text').execute();
  await schema.createIndex('enrolment_codes_id_key').on('enrolment_codes').column('id').unique().execute();
  await schema.alterTable('enrolment_codes').addColumn('sheet', 'text').execute();
  await schema.alterTable('enrolment_codes').addColumn('created_by', 'text').execute();
  await schema.alterTable('enrolment_codes').addColumn('revoked_at', 'text').execute();

  await accounts(db, int8, json);
  await auditLog(db, dialect, int8, json);
}

/** Accounts, their passkeys and sessions, and the challenges of passkey ceremonies under way (shared by every server process). */
async function accounts(db: Kysely<unknown>, int8: ColumnDataType, json: ColumnDataType): Promise<void> {
  const schema = db.schema;
  await schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    // The root of the user's subtree (null for an admin: the whole city); a lead of one place has its place too.
    .addColumn('area_id', 'text', (c) => c.references('areas.id'))
    .addColumn('place_id', 'text', (c) => c.references('places.id'))
    // scrypt record (server/accounts/passwords.ts); null until one is set: passkeys only.
    .addColumn('password', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    // Failed sign-ins since the last good one, and until when the account refuses every attempt (backoff).
    .addColumn('failed_signins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .execute();
  await schema.createTable('passkeys')
    .addColumn('credential_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', int8, (c) => c.notNull())
    .addColumn('transports', json, (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await schema.createIndex('passkeys_by_user').on('passkeys').column('user_id').execute();
  await schema.createTable('sessions')
    // SHA-256 of the cookie's token: a leaked table signs no one in.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .execute();
  await schema.createIndex('sessions_by_user').on('sessions').column('user_id').execute();
  await schema.createTable('webauthn_challenges')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

/** Append-only: rows are only ever inserted (the storage has no other path), and the database refuses the rest itself. */
async function auditLog(db: Kysely<unknown>, dialect: Dialect, int8: ColumnDataType, json: ColumnDataType): Promise<void> {
  await db.schema.createTable('audit_log')
    .addColumn('actor', 'text', (c) => c.notNull())
    // Time-ordered (the time in ms, then random): one order for `kadian audit` on both databases.
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('at_ms', int8, (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    // The area whose subtree the action concerns (null: the whole city), as its path, so an hq user reads their subtree's.
    .addColumn('area_path', 'text')
    .addColumn('target', 'text')
    .addColumn('detail', json, (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_log_pkey', ['actor', 'id'])
    .execute();
  await db.schema.createIndex('audit_by_time').on('audit_log').columns(['at_ms', 'id']).execute();
  if (dialect === 'sqlite') {
    for (const what of ['UPDATE', 'DELETE']) {
      await sql.raw(`CREATE TRIGGER audit_log_no_${what.toLowerCase()} BEFORE ${what} ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`).execute(db);
    }
    return;
  }
  await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
}
