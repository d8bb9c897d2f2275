/** The PostgreSQL schema, created on open; Citus-ready: every key of a distributed table includes its distribution column. */
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { LEAD_TABLES } from './postgresLead.ts';

export const PG_SCHEMA_VERSION = 1;

/** What PostgresStorage lends the modules it delegates to: its pool (each call waits for the schema) and its transactions. */
export interface PgAccess {
  query<R extends QueryResultRow>(text: string, values?: unknown[], name?: string): Promise<QueryResult<R>>;
  transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T>;
  /** A connection of its own, for a cursor; the caller releases it. */
  connect(): Promise<PoolClient>;
}

/**
 * Same tables and keys as SQLite. On Citus, `entries` is distributed by checkpoint_id (its key is
 * (checkpoint_id, device_id, seq)), `checkins` by person_id, and the small, rarely written tables are
 * reference tables (README-postgres.md). Times stay ISO 8601 text as in SQLite: `at` is covered by the
 * entry hash and must come back byte for byte; `at_ms` is what time filters use.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS schema_version (
  version integer NOT NULL
);
CREATE TABLE IF NOT EXISTS communities (
  id   text PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
  id             text PRIMARY KEY,
  community_id   text NOT NULL REFERENCES communities(id),
  name           text NOT NULL,
  policy         jsonb NOT NULL,
  config_version integer NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS enrolment_codes (
  code_hash     text PRIMARY KEY,
  checkpoint_id text NOT NULL REFERENCES checkpoints(id),
  created_at    text NOT NULL,
  expires_at    text NOT NULL,
  used_at       text
);
CREATE TABLE IF NOT EXISTS devices (
  id            text PRIMARY KEY,
  checkpoint_id text NOT NULL REFERENCES checkpoints(id),
  token_hash    text NOT NULL UNIQUE,
  label         text,
  enrolled_at   text NOT NULL,
  revoked_at    text,
  last_seen_at  text,
  waiting       integer
);
-- No foreign key on checkpoint_id: its per-row check locks the checkpoint's row (FOR KEY SHARE) in every
-- concurrent push and was half the time of a 500-entry insert; the batch insert checks the checkpoints itself.
CREATE TABLE IF NOT EXISTS entries (
  checkpoint_id text NOT NULL,
  device_id     text NOT NULL,
  seq           bigint NOT NULL,
  id            text NOT NULL,
  at            text NOT NULL,
  at_ms         bigint,
  direction     text NOT NULL,
  source        text NOT NULL,
  person_id     text,
  name          text,
  colour        text,
  temperature   double precision,
  verdict       text NOT NULL,
  reasons       jsonb NOT NULL,
  operator      text,
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  received_at   text NOT NULL,
  PRIMARY KEY (checkpoint_id, device_id, seq)
);
CREATE INDEX IF NOT EXISTS entries_by_time ON entries (checkpoint_id, at_ms);
CREATE TABLE IF NOT EXISTS checkins (
  person_id   text NOT NULL,
  day         text NOT NULL,
  name        text NOT NULL,
  temperature double precision NOT NULL,
  isolated    boolean NOT NULL,
  symptoms    boolean NOT NULL,
  at          text NOT NULL,
  PRIMARY KEY (person_id, day)
);
CREATE TABLE IF NOT EXISTS dcc_signers (
  id          text PRIMARY KEY,
  kid         text NOT NULL,
  certificate text NOT NULL,
  country     text,
  added_at    text NOT NULL
);
CREATE TABLE IF NOT EXISTS trust_list (
  id          integer PRIMARY KEY CHECK (id = 1),
  version     integer NOT NULL,
  fingerprint text NOT NULL,
  updated_at  text NOT NULL
);
`;

/** Any constant: it only has to be the same in every Kadian process migrating this database. */
const MIGRATION_LOCK = 0x6b6164;

/**
 * Creates what is missing (in `schema` when given) and refuses a database written by a newer Kadian.
 * The advisory lock makes two servers starting at once take turns: CREATE … IF NOT EXISTS alone can race.
 */
export async function migratePostgres(client: PoolClient, schema: string | null): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema !== null) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(TABLES);
    await client.query(LEAD_TABLES);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const found = rows[0];
    if (!found) {
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [PG_SCHEMA_VERSION]);
    } else if (found.version > PG_SCHEMA_VERSION) {
      throw new Error(
        `The database has schema version ${found.version}, newer than this server's ${PG_SCHEMA_VERSION}: upgrade Kadian, or point DATABASE_URL at another database.`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
