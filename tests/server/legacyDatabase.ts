/** A database exactly as Kadian made it before migrations (commit ea24255): that commit's DDL, and rows in every table. */

// The DDL is copied verbatim from src/server/storage/sqliteSchema.ts, postgresSchema.ts and postgresLead.ts of ea24255.
import Database from 'better-sqlite3';
import pg from 'pg';
import { seal } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import type { DeviceReport, PolicyChangeRecord, StoredCheckIn, StoredEntry } from '../../src/server/storage/storage.ts';

// ---- ea24255:src/server/storage/sqliteSchema.ts (TABLES) ----
export const SQLITE_DDL = `
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

// ---- ea24255:src/server/storage/postgresSchema.ts (TABLES) ----
export const POSTGRES_DDL = `
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

// ---- ea24255:src/server/storage/postgresLead.ts (LEAD_TABLES) ----
export const POSTGRES_LEAD_DDL = `
CREATE TABLE IF NOT EXISTS lead_pins (
  checkpoint_id text PRIMARY KEY REFERENCES checkpoints(id),
  salt          text NOT NULL,
  hash          text NOT NULL,
  iterations    integer NOT NULL,
  set_at        text NOT NULL,
  set_by        text,
  lead_key      jsonb
);
ALTER TABLE lead_pins ADD COLUMN IF NOT EXISTS lead_key jsonb;
CREATE TABLE IF NOT EXISTS seal_keys (
  checkpoint_id text PRIMARY KEY REFERENCES checkpoints(id),
  public_key    text NOT NULL,
  private_key   text NOT NULL
);
CREATE TABLE IF NOT EXISTS policy_changes (
  checkpoint_id text NOT NULL REFERENCES checkpoints(id),
  version       integer NOT NULL,
  device_id     text,
  device_label  text,
  changed_at    text NOT NULL,
  received_at   text NOT NULL,
  policy_before jsonb NOT NULL,
  policy_after  jsonb NOT NULL,
  PRIMARY KEY (checkpoint_id, version)
);
CREATE TABLE IF NOT EXISTS key_person_lists (
  checkpoint_id text PRIMARY KEY REFERENCES checkpoints(id),
  salt          text NOT NULL,
  updated_at    text
);
CREATE TABLE IF NOT EXISTS key_persons (
  checkpoint_id text NOT NULL REFERENCES checkpoints(id),
  person_id     text NOT NULL,
  id_hash       text NOT NULL,
  category      text NOT NULL,
  note          text NOT NULL,
  PRIMARY KEY (checkpoint_id, person_id)
);
`;

/** What the old server stored, as the Storage API gives it back; the rows below are written from it. */
export const LEGACY = {
  checkpoint: { id: 'gate-east', name: '东门', communityId: 'c-east', communityName: '东区' },
  policy: { ...DEFAULT_POLICY, capacity: 120 },
  configVersion: 7,
  /** Token hashes of an active and a revoked tablet. */
  devices: [
    { id: 'dev-a', tokenHash: 'token-hash-a', label: '东门 1', enrolledAt: '2026-11-01T08:00:00.000Z', revokedAt: null, lastSeenAt: '2026-11-22T09:00:00.000Z', waiting: 3 },
    { id: 'dev-b', tokenHash: 'token-hash-b', label: null, enrolledAt: '2026-11-02T08:00:00.000Z', revokedAt: '2026-11-20T08:00:00.000Z', lastSeenAt: null, waiting: null },
  ],
  enrolmentCodes: [
    { codeHash: 'code-used', createdAt: '2026-11-01T07:00:00.000Z', expiresAt: '2026-11-01T09:00:00.000Z', usedAt: '2026-11-01T08:00:00.000Z' },
    { codeHash: 'code-open', createdAt: '2026-11-22T07:00:00.000Z', expiresAt: '2099-01-01T00:00:00.000Z', usedAt: null },
  ],
  receivedAt: '2026-11-22T09:00:01.000Z',
  checkIns: [
    { personId: '11010519491231002X', day: '2026-11-21', name: '张三', temperature: 36.6, isolated: false, symptoms: false, at: '2026-11-21T01:00:00.000Z' },
    { personId: '11010519491231002X', day: '2026-11-22', name: '张三', temperature: 37.9, isolated: true, symptoms: true, at: '2026-11-22T01:00:00.000Z' },
  ] satisfies StoredCheckIn[],
  leadPin: { salt: 'c2FsdA==', hash: 'aGFzaA==', iterations: 210_000, key: { salt: 'd3JhcA==', iv: 'aXZpdml2aXZpdml2', data: 'c2VhbGVk' } },
  policyChanges: [
    { checkpointId: 'gate-east', version: 6, deviceId: 'dev-a', deviceLabel: '东门 1', changedAt: '2026-11-20T10:00:00+08:00', receivedAt: '2026-11-20T02:00:01.000Z', before: DEFAULT_POLICY, after: { ...DEFAULT_POLICY, capacity: 100 }, restoredFrom: null },
    { checkpointId: 'gate-east', version: 7, deviceId: null, deviceLabel: null, changedAt: '2026-11-21T02:00:00.000Z', receivedAt: '2026-11-21T02:00:00.000Z', before: { ...DEFAULT_POLICY, capacity: 100 }, after: { ...DEFAULT_POLICY, capacity: 120 }, restoredFrom: null },
  ] satisfies PolicyChangeRecord[],
  keyPersonSalt: 'a3Atc2FsdA==',
  keyPersons: [
    { personId: '110105194912310011', idHash: 'aGFzaC0x', category: 'close-contact', note: '' },
    { personId: '11010519491231002X', idHash: 'aGFzaC0y', category: 'from-wuhan', note: '11-20 返回' },
  ],
  sealKey: { publicKey: 'cHVibGlj', privateKey: 'cHJpdmF0ZQ==' },
  dccSigners: [
    { id: 'a'.repeat(64), kid: 'a2lkLTE=', certificate: 'Y2VydC0x', country: 'DE', addedAt: '2026-11-01T00:00:00.000Z' },
    { id: 'b'.repeat(64), kid: 'a2lkLTI=', certificate: 'Y2VydC0y', addedAt: '2026-11-02T00:00:00.000Z' },
  ],
  trust: { version: 4, fingerprint: 'fp-of-the-list', updatedAt: '2026-11-02T00:00:00.000Z' },
} as const;

/** Each tablet's chain, sealed with core's chain code: 5 entries from the active tablet, 2 from the revoked one. */
export async function legacyEntries(): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  for (const [deviceId, count] of [['dev-a', 5], ['dev-b', 2]] as const) {
    let prev: Entry | null = null;
    for (let seq = 1; seq <= count; seq++) {
      prev = await seal({
        id: `00000000-0000-4000-8000-${deviceId === 'dev-a' ? 'a' : 'b'}${seq.toString(16).padStart(11, '0')}`,
        deviceId, seq, checkpointId: LEGACY.checkpoint.id, at: `2026-11-22T08:0${seq}:00.000+08:00`,
        direction: seq % 2 ? 'in' : 'out', source: seq === 3 ? 'manual' : 'KDR1', personId: seq === 4 ? null : '11010519491231002X',
        name: seq === 4 ? null : '张三', colour: seq === 2 ? 'yellow' : seq === 4 ? null : 'green', temperature: seq === 5 ? 37.4 : 36.5,
        verdict: seq === 2 || seq === 5 ? 'stop' : 'pass', reasons: seq === 2 ? ['colour-yellow'] : seq === 5 ? ['fever', 'key-person'] : [],
        operator: seq === 1 ? '王' : null,
      }, prev);
      out.push({ ...prev, receivedAt: LEGACY.receivedAt });
    }
  }
  return out;
}

/** The device report the old rows must give: `missing` and gaps from the chains above, no skew beyond what `at` says. */
export function legacyReports(): Array<Omit<DeviceReport, 'clockSkewMs'>> {
  return LEGACY.devices.map((d) => ({
    id: d.id, checkpointId: LEGACY.checkpoint.id, label: d.label, enrolledAt: d.enrolledAt, revokedAt: d.revokedAt, lastSeenAt: d.lastSeenAt,
    waiting: d.waiting, entries: d.id === 'dev-a' ? 5 : 2, highestSeq: d.id === 'dev-a' ? 5 : 2, missing: 0, gaps: [], gapsTruncated: false, conflicts: 0, doubleEntries: 0,
  }));
}

type Value = string | number | boolean | null;

/** Every table's rows in the old columns; `json` and `flag` values are turned into each database's form on write. */
type Column = Value | { json: unknown } | { flag: boolean };
type TableRow = [table: string, row: Record<string, Column>];

async function legacyRows(): Promise<TableRow[]> {
  const cp = LEGACY.checkpoint.id;
  return [
    ['schema_version', { version: 1 }],
    ['communities', { id: LEGACY.checkpoint.communityId, name: LEGACY.checkpoint.communityName }],
    ['checkpoints', { id: cp, community_id: LEGACY.checkpoint.communityId, name: LEGACY.checkpoint.name, policy: { json: LEGACY.policy }, config_version: LEGACY.configVersion }],
    ...LEGACY.enrolmentCodes.map((c) => ['enrolment_codes', { code_hash: c.codeHash, checkpoint_id: cp, created_at: c.createdAt, expires_at: c.expiresAt, used_at: c.usedAt }] satisfies TableRow),
    ...LEGACY.devices.map((d) => ['devices', {
      id: d.id, checkpoint_id: cp, token_hash: d.tokenHash, label: d.label, enrolled_at: d.enrolledAt, revoked_at: d.revokedAt, last_seen_at: d.lastSeenAt, waiting: d.waiting,
    }] satisfies TableRow),
    ...(await legacyEntries()).map((e) => ['entries', {
      checkpoint_id: e.checkpointId, device_id: e.deviceId, seq: e.seq, id: e.id, at: e.at, at_ms: Date.parse(e.at), direction: e.direction, source: e.source,
      person_id: e.personId, name: e.name, colour: e.colour, temperature: e.temperature, verdict: e.verdict, reasons: { json: e.reasons },
      operator: e.operator, prev_hash: e.prevHash, hash: e.hash, received_at: e.receivedAt,
    }] satisfies TableRow),
    ...LEGACY.checkIns.map((c) => ['checkins', {
      person_id: c.personId, day: c.day, name: c.name, temperature: c.temperature, isolated: { flag: c.isolated }, symptoms: { flag: c.symptoms }, at: c.at,
    }] satisfies TableRow),
    ...LEGACY.dccSigners.map((s) => ['dcc_signers', { id: s.id, kid: s.kid, certificate: s.certificate, country: 'country' in s ? s.country : null, added_at: s.addedAt }] satisfies TableRow),
    ['lead_pins', {
      checkpoint_id: cp, salt: LEGACY.leadPin.salt, hash: LEGACY.leadPin.hash, iterations: LEGACY.leadPin.iterations, set_at: '2026-11-21T00:00:00.000Z', set_by: null,
      lead_key: { json: LEGACY.leadPin.key },
    }],
    ['seal_keys', { checkpoint_id: cp, public_key: LEGACY.sealKey.publicKey, private_key: LEGACY.sealKey.privateKey }],
    ...LEGACY.policyChanges.map((p) => ['policy_changes', {
      checkpoint_id: p.checkpointId, version: p.version, device_id: p.deviceId, device_label: p.deviceLabel, changed_at: p.changedAt, received_at: p.receivedAt,
      policy_before: { json: p.before }, policy_after: { json: p.after },
    }] satisfies TableRow),
    ['key_person_lists', { checkpoint_id: cp, salt: LEGACY.keyPersonSalt, updated_at: '2026-11-20T00:00:00.000Z' }],
    ...LEGACY.keyPersons.map((p) => ['key_persons', { checkpoint_id: cp, person_id: p.personId, id_hash: p.idHash, category: p.category, note: p.note }] satisfies TableRow),
    ['trust_list', { id: 1, version: LEGACY.trust.version, fingerprint: LEGACY.trust.fingerprint, updated_at: LEGACY.trust.updatedAt }],
  ];
}

function stored(value: Column, flagsAsIntegers: boolean): Value {
  if (value === null || typeof value !== 'object') return value;
  if ('json' in value) return JSON.stringify(value.json);
  return flagsAsIntegers ? (value.flag ? 1 : 0) : value.flag;
}

/** The old SQLite file: its DDL, then the rows, as the old server wrote them (JSON as text, flags as 0/1). */
export async function writeLegacySqlite(file: string): Promise<void> {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(SQLITE_DDL);
    for (const [table, row] of await legacyRows()) {
      const columns = Object.keys(row);
      db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
        .run(...Object.values(row).map((v) => stored(v, true)));
    }
  } finally {
    db.close();
  }
}

/** The old PostgreSQL schema `schema`: its DDL (both parts, as the old migration ran them), then the rows. */
export async function writeLegacyPostgres(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path = ${schema}`);
    await client.query(POSTGRES_DDL);
    await client.query(POSTGRES_LEAD_DDL);
    for (const [table, row] of await legacyRows()) {
      const columns = Object.keys(row);
      await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        Object.values(row).map((v) => stored(v, false)));
    }
  } finally {
    await client.end();
  }
}
