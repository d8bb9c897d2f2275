/** Migrations on SQLite and (with TEST_DATABASE_URL) PostgreSQL: a database of Kadian before migrations is adopted whole, once; a newer one is refused. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/core/base64.ts';
import { verifyChain } from '../../src/core/chain.ts';
import { deriveKeyPerson, KEY_PERSON_KDF, openKeyPersonBox } from '../../src/core/keyPersonLookup.ts';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import type { Storage, StoredEntry } from '../../src/server/storage/storage.ts';
import { DATABASES, title, type DatabaseKind } from './databases.ts';
import { LEGACY, legacyEntries, legacyReports, writeLegacyPostgres, writeLegacySqlite } from './legacyDatabase.ts';
import { MIGRATION_NAMES } from '../../src/server/storage/migrations/index.ts';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() ?? '';

/** Tables, their columns and primary keys, as the database itself describes them (Kysely's own tables left out). */
type Shape = Record<string, { columns: string[]; primaryKey: string[] }>;

/** A database of one kind to build by hand: its raw SQL, a storage on it, its shape, and its end. */
interface RawDatabase {
  exec(text: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
  open(): Storage;
  shape(): Promise<Shape>;
  drop(): Promise<void>;
}

async function rawDatabase(kind: DatabaseKind['name']): Promise<RawDatabase & { writeLegacy(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-migrate-'));
  if (kind === 'sqlite') {
    const file = join(dataDir, DATABASE_FILE);
    const exec = async (text: string, values: unknown[] = []) => {
      const db = new Database(file);
      try {
        const statement = db.prepare(text);
        return statement.reader ? (statement.all(...values) as Array<Record<string, unknown>>) : (statement.run(...values), []);
      } finally {
        db.close();
      }
    };
    return {
      exec,
      writeLegacy: () => writeLegacySqlite(file),
      open: () => openStorage(dataDir, {}),
      async shape() {
        const tables = await exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%'");
        const shape: Shape = {};
        for (const { name } of tables as Array<{ name: string }>) {
          const columns = await exec('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid', [name]) as Array<{ name: string; pk: number }>;
          shape[name] = { columns: columns.map((c) => c.name), primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name) };
        }
        return shape;
      },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const schema = `kadian_migrate_${randomBytes(6).toString('hex')}`;
  const exec = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      return (await client.query<Record<string, unknown>>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    exec,
    writeLegacy: () => writeLegacyPostgres(TEST_DATABASE_URL, schema),
    open: () => DatabaseStorage.postgres(TEST_DATABASE_URL, { schema, poolSize: 2 }),
    async shape() {
      const columns = await exec(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = $1 AND table_name NOT LIKE 'kysely_%' ORDER BY table_name, ordinal_position`, [schema],
      ) as Array<{ table_name: string; column_name: string }>;
      const keys = await exec(
        `SELECT k.table_name, k.column_name FROM information_schema.table_constraints c
         JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
         WHERE c.table_schema = $1 AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.table_name, k.ordinal_position`, [schema],
      ) as Array<{ table_name: string; column_name: string }>;
      const shape: Shape = {};
      for (const c of columns) (shape[c.table_name] ??= { columns: [], primaryKey: [] }).columns.push(c.column_name);
      for (const k of keys) shape[k.table_name]?.primaryKey.push(k.column_name);
      return shape;
    },
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function collect(storage: Storage): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  for await (const e of storage.exportEntries({})) out.push(e);
  return out;
}

/** Opens, does `work`, and closes, whatever happens. */
async function using<T>(storage: Storage, work: (storage: Storage) => Promise<T>): Promise<T> {
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('migrations', kind), () => {
    it('adopts a database made before migrations: every row reads back as it was, and the entries still verify', async () => {
      const db = await rawDatabase(kind.name);
      try {
        await db.writeLegacy();
        await using(db.open(), async (storage) => {
          // Migration 005 made each legacy community a place of kind compound, which a tablet's config now names.
          const checkpoint = { ...LEGACY.checkpoint, placeKind: 'compound' };
          expect(await storage.listCheckpoints()).toEqual([checkpoint]);
          expect(await storage.getConfig(LEGACY.checkpoint.id)).toEqual({ version: LEGACY.configVersion, checkpoint, policy: LEGACY.policy });
          const entries = await collect(storage);
          expect(entries).toEqual(await legacyEntries());
          for (const device of ['dev-a', 'dev-b']) expect(await verifyChain(entries.filter((e) => e.deviceId === device))).toEqual([]);
          expect(await storage.countEntries(LEGACY.checkpoint.id)).toBe(7);
          expect((await storage.listDevices()).map(({ clockSkewMs, ...report }) => report)).toEqual(legacyReports());
          const [active, revoked] = LEGACY.devices;
          // Seen within the minute of the stored last_seen_at: read, not rewritten.
          expect(await storage.authenticateDevice(active.tokenHash, '2026-11-22T09:00:30.000Z')).toEqual({
            id: active.id, checkpointId: LEGACY.checkpoint.id, label: active.label, enrolledAt: active.enrolledAt, lastSeenAt: active.lastSeenAt, waiting: active.waiting,
          });
          expect(await storage.authenticateDevice(revoked.tokenHash, '2026-11-22T09:00:30.000Z')).toBeNull();
          expect(await storage.revokedDeviceOf(revoked.tokenHash)).toBe(revoked.id);
          expect(await storage.listCheckIns('11010519491231002X')).toEqual(LEGACY.checkIns);
          expect(await storage.getLeadPin(LEGACY.checkpoint.id)).toEqual(LEGACY.leadPin);
          expect(await storage.listPolicyChanges(LEGACY.checkpoint.id)).toEqual(LEGACY.policyChanges);
          // The list from before is sealed (migration 004) under a new salt: each person opens with their own derivation.
          const list = await storage.ensureKeyPersonList(LEGACY.checkpoint.id, { salt: 'bmV3LXNhbHQ=', kdf: KEY_PERSON_KDF });
          expect(list.salt).not.toBe(LEGACY.keyPersonSalt);
          expect(list.kdf).toEqual(KEY_PERSON_KDF);
          const sealed = await storage.listKeyPersons(LEGACY.checkpoint.id);
          expect(sealed.map(({ personId, category, note }) => ({ personId, category, note }))).toEqual(LEGACY.keyPersons.map(({ idHash: _, ...p }) => p));
          for (const p of sealed) {
            const { tag, key } = deriveKeyPerson(fromBase64(list.salt)!, p.personId, list.kdf);
            expect(p.tag).toBe(tag);
            expect(await openKeyPersonBox(key, p.box)).toEqual({ category: p.category, note: p.note });
          }
          expect(await storage.ensureSealKey(LEGACY.checkpoint.id, { publicKey: 'bmV3', privateKey: 'bmV3' })).toEqual(LEGACY.sealKey);
          expect(await storage.listDccSigners()).toEqual(LEGACY.dccSigners);
          expect(await storage.recordTrustList(LEGACY.trust.fingerprint, '2026-11-23T00:00:00.000Z')).toEqual({ version: LEGACY.trust.version, updatedAt: LEGACY.trust.updatedAt });
          // Nothing above wrote: the config version is the old one still.
          expect((await storage.getConfig(LEGACY.checkpoint.id))?.version).toBe(LEGACY.configVersion);
          const redeem = (codeHash: string) => storage.redeemEnrolmentCode({ codeHash, now: '2026-11-23T00:00:00.000Z', device: { id: `dev-${codeHash}`, tokenHash: `t-${codeHash}`, label: null } });
          expect(await redeem(LEGACY.enrolmentCodes[0].codeHash)).toEqual({ ok: false, error: 'enrol-code-used' });
          expect((await redeem(LEGACY.enrolmentCodes[1].codeHash)).ok).toBe(true);
        });
        expect(await db.exec('SELECT version FROM schema_version')).toEqual([{ version: 1 }]);
      } finally {
        await db.drop();
      }
    });

    it('gives an adopted database the shape of a new one, and a second open changes nothing', async () => {
      const fresh = await rawDatabase(kind.name);
      const adopted = await rawDatabase(kind.name);
      try {
        await using(fresh.open(), (storage) => storage.ensureDemo());
        await adopted.writeLegacy();
        await using(adopted.open(), (storage) => storage.listCheckpoints());
        const shape = await fresh.shape();
        expect(await adopted.shape()).toEqual(shape);
        const ran = await adopted.exec('SELECT name, timestamp FROM kysely_migration');
        expect(ran.map((r) => r.name)).toEqual(MIGRATION_NAMES);
        await using(adopted.open(), (storage) => storage.listCheckpoints());
        expect(await adopted.exec('SELECT name, timestamp FROM kysely_migration')).toEqual(ran);
        expect(await adopted.shape()).toEqual(shape);
      } finally {
        await fresh.drop();
        await adopted.drop();
      }
    });

    it('refuses a database migrated by a newer Kadian, saying what to do, and leaves it as it was', async () => {
      const db = await rawDatabase(kind.name);
      try {
        await using(db.open(), (storage) => storage.ensureDemo());
        await db.exec("INSERT INTO kysely_migration (name, timestamp) VALUES ('999_from_the_future', '2027-01-01T00:00:00.000Z')");
        await using(db.open(), async (storage) => {
          await expect(storage.listCheckpoints()).rejects.toThrow(
            new RegExp(`migrated by a newer Kadian \\(migration 999_from_the_future, unknown to this server\\): upgrade Kadian, or point ${kind.name === 'sqlite' ? 'DATA_DIR' : 'DATABASE_URL'} at another`),
          );
        });
        expect((await db.exec('SELECT name FROM kysely_migration ORDER BY name')).map((r) => r.name)).toEqual([...MIGRATION_NAMES, '999_from_the_future']);
      } finally {
        await db.drop();
      }
    });
  });
}

describe.skipIf(DATABASES.some((k) => k.skip !== null))('one schema', () => {
  it('has the same tables, columns (in order) and primary keys on SQLite and PostgreSQL', async () => {
    const shapes: Shape[] = [];
    for (const kind of ['sqlite', 'postgres'] as const) {
      const db = await rawDatabase(kind);
      try {
        await using(db.open(), (storage) => storage.ensureDemo());
        shapes.push(await db.shape());
      } finally {
        await db.drop();
      }
    }
    const [sqlite, postgres] = shapes;
    expect(Object.keys(sqlite ?? {}).sort()).toEqual([
      'alerts', 'area_hours', 'areas', 'arrival_rules', 'arrivals', 'audit_log', 'checkin_states', 'checkins', 'checkpoints', 'code_revocations', 'colour_rules', 'dcc_signers', 'devices', 'double_entries', 'enrolment_codes', 'entries', 'entry_conflicts', 'entry_hours',
      'issued_codes', 'key_person_lists', 'key_person_revisions', 'key_person_tags', 'key_persons',
      'lead_pins', 'lead_proofs', 'passkeys', 'place_count_corrections', 'places', 'policy_changes', 'rate_limits', 'rebind_codes',
      'resident_passkeys', 'resident_persons', 'resident_phones', 'resident_requests', 'resident_trips', 'revocation_revision', 'schema_version', 'seal_keys',
      'self_passage_hours', 'self_passages', 'self_places', 'server_settings', 'sessions', 'trust_list', 'users', 'webauthn_challenges',
    ]);
    expect(postgres).toEqual(sqlite);
  });
});
