/** The SQLite schema, created on open; keys mirror the PostgreSQL/Citus plan (checkpoint in every entry key). */
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

const TABLES = `
CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS communities (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
  id             TEXT PRIMARY KEY,
  community_id   TEXT NOT NULL REFERENCES communities(id),
  name           TEXT NOT NULL,
  policy         TEXT NOT NULL,
  config_version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS enrolment_codes (
  code_hash     TEXT PRIMARY KEY,
  checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  used_at       TEXT
);
CREATE TABLE IF NOT EXISTS devices (
  id            TEXT PRIMARY KEY,
  checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
  token_hash    TEXT NOT NULL UNIQUE,
  label         TEXT,
  enrolled_at   TEXT NOT NULL,
  revoked_at    TEXT,
  last_seen_at  TEXT,
  waiting       INTEGER
);
CREATE TABLE IF NOT EXISTS entries (
  checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
  device_id     TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  id            TEXT NOT NULL,
  at            TEXT NOT NULL,
  at_ms         INTEGER,
  direction     TEXT NOT NULL,
  source        TEXT NOT NULL,
  person_id     TEXT,
  name          TEXT,
  colour        TEXT,
  temperature   REAL,
  verdict       TEXT NOT NULL,
  reasons       TEXT NOT NULL,
  operator      TEXT,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL,
  received_at   TEXT NOT NULL,
  PRIMARY KEY (checkpoint_id, device_id, seq)
);
CREATE INDEX IF NOT EXISTS entries_by_time ON entries (checkpoint_id, at_ms);
-- Keyed by person first: the distribution column when check-ins move to Citus.
CREATE TABLE IF NOT EXISTS checkins (
  person_id   TEXT NOT NULL,
  day         TEXT NOT NULL,
  name        TEXT NOT NULL,
  temperature REAL NOT NULL,
  isolated    INTEGER NOT NULL,
  symptoms    INTEGER NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (person_id, day)
);
CREATE TABLE IF NOT EXISTS dcc_signers (
  id          TEXT PRIMARY KEY,
  kid         TEXT NOT NULL,
  certificate TEXT NOT NULL,
  country     TEXT,
  added_at    TEXT NOT NULL
);
-- Lead mode. New tables only, so a database of an earlier version gains them on open; every key starts with the checkpoint.
CREATE TABLE IF NOT EXISTS lead_pins (
  checkpoint_id TEXT PRIMARY KEY REFERENCES checkpoints(id),
  salt          TEXT NOT NULL,
  hash          TEXT NOT NULL,
  iterations    INTEGER NOT NULL,
  set_at        TEXT NOT NULL,
  set_by        TEXT,
  lead_key      TEXT
);
-- The checkpoint's key pair for sealed personal fields: tablets get the public key, the lead a PIN-wrapped private key.
CREATE TABLE IF NOT EXISTS seal_keys (
  checkpoint_id TEXT PRIMARY KEY REFERENCES checkpoints(id),
  public_key    TEXT NOT NULL,
  private_key   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS policy_changes (
  checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
  version       INTEGER NOT NULL,
  device_id     TEXT,
  device_label  TEXT,
  changed_at    TEXT NOT NULL,
  received_at   TEXT NOT NULL,
  policy_before TEXT NOT NULL,
  policy_after  TEXT NOT NULL,
  PRIMARY KEY (checkpoint_id, version)
);
CREATE TABLE IF NOT EXISTS key_person_lists (
  checkpoint_id TEXT PRIMARY KEY REFERENCES checkpoints(id),
  salt          TEXT NOT NULL,
  updated_at    TEXT
);
CREATE TABLE IF NOT EXISTS key_persons (
  checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
  person_id     TEXT NOT NULL,
  id_hash       TEXT NOT NULL,
  category      TEXT NOT NULL,
  note          TEXT NOT NULL,
  PRIMARY KEY (checkpoint_id, person_id)
);
CREATE TABLE IF NOT EXISTS trust_list (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  version     INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
`;

/** Creates what is missing and refuses a database written by a newer Kadian rather than guess at it. */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(TABLES);
    // Columns added since a table was first made: CREATE TABLE IF NOT EXISTS leaves an older table as it was.
    const leadPinColumns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('lead_pins')").all().map((c) => c.name);
    if (!leadPinColumns.includes('lead_key')) db.exec('ALTER TABLE lead_pins ADD COLUMN lead_key TEXT');
    const row = db.prepare<[], { version: number }>('SELECT version FROM schema_version').get();
    if (!row) {
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
    } else if (row.version > SCHEMA_VERSION) {
      throw new Error(
        `The database has schema version ${row.version}, newer than this server's ${SCHEMA_VERSION}: upgrade Kadian, or point DATA_DIR at another directory.`,
      );
    }
  }).immediate();
}
