/** The storages the contract tests run against: SQLite always, PostgreSQL when TEST_DATABASE_URL is set, each run in a fresh schema. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStorage } from '../../src/server/settings.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import type { Storage } from '../../src/server/storage/storage.ts';

/** A fresh, empty database of one kind, and the means to open it again and to throw it away. */
export interface TestDatabase {
  /** DATA_DIR for whatever else the server keeps on disk (issuer keys); SQLite's file is in it too. */
  dataDir: string;
  storage: Storage;
  /** A second storage on the same database, as another process would open it. */
  reopen(): Storage;
  /** Closes `storage` and drops the database. */
  drop(): Promise<void>;
}

export interface DatabaseKind {
  name: 'sqlite' | 'postgres';
  /** Why this kind is skipped here; null: it runs. */
  skip: string | null;
  create(): Promise<TestDatabase>;
}

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() ?? '';

function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'kadian-db-'));
}

const sqlite: DatabaseKind = {
  name: 'sqlite',
  skip: null,
  async create() {
    const dataDir = freshDataDir();
    // An explicit empty environment: a developer's DATABASE_URL must not send the SQLite run to PostgreSQL.
    const storage = openStorage(dataDir, {});
    return {
      dataDir,
      storage,
      reopen: () => openStorage(dataDir, {}),
      async drop() {
        await storage.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: DatabaseKind = {
  name: 'postgres',
  skip: TEST_DATABASE_URL ? null : 'TEST_DATABASE_URL is not set (e.g. postgres://kadian:kadian@127.0.0.1/kadian_test); .ci/run sets it',
  async create() {
    const dataDir = freshDataDir();
    // A schema of its own per run: test files run in parallel against one database without seeing each other.
    const schema = `kadian_test_${randomBytes(6).toString('hex')}`;
    const storage = DatabaseStorage.postgres(TEST_DATABASE_URL, { schema, poolSize: 4 });
    return {
      dataDir,
      storage,
      reopen: () => DatabaseStorage.postgres(TEST_DATABASE_URL, { schema, poolSize: 2 }),
      async drop() {
        await storage.close();
        const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await admin.connect();
        try {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await admin.end();
        }
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const DATABASES: readonly DatabaseKind[] = [sqlite, postgres];

if (postgres.skip) console.warn(`PostgreSQL runs of the storage contract skipped: ${postgres.skip}`);

/** The describe title: a skipped PostgreSQL run says why, in the test list itself. */
export const title = (what: string, kind: DatabaseKind): string => `${what} on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`;

/** What a contract test reads: the database of its kind, made fresh before the block's tests and dropped after. */
export interface OnDatabase {
  db: TestDatabase;
  storage: Storage;
}

/**
 * Declares `body` once per database kind, each as its own describe block (skipped where the kind cannot run), on a
 * fresh database with the demo checkpoint (unless `demo: false`).
 */
export function onEachDatabase(name: string, body: (t: OnDatabase) => void, { demo = true } = {}): void {
  for (const kind of DATABASES) {
    describe.skipIf(kind.skip !== null)(title(name, kind), () => {
      const t = {} as OnDatabase;
      beforeAll(async () => {
        t.db = await kind.create();
        t.storage = t.db.storage;
        if (demo) await t.storage.ensureDemo();
      });
      afterAll(() => t.db.drop());
      body(t);
    });
  }
}
