/**
 * Issue #14's CLI tests: a fresh database of each kind (SQLite in a DATA_DIR; PostgreSQL in a schema of its own, named
 * to the CLI by DATABASE_URL's search_path), the `kadian` CLI run against it as a real process, as an operator runs it,
 * and an app over the same database to enrol tablets and push entries.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import type { CliRun } from './cliRunner.ts';
import { DATABASES, title } from './databases.ts';
import { PUBLIC_URL, type Harness } from './helpers.ts';

const KADIAN = fileURLToPath(new URL('../../bin/kadian.js', import.meta.url));
export const EXAMPLE_CSV = fileURLToPath(new URL('../../examples/city.csv', import.meta.url));
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() ?? '';

export interface City {
  kind: 'sqlite' | 'postgres';
  dataDir: string;
  storage: Storage;
  /** `kadian ARGS…` against this database; `input` is its standard input. */
  kadian(...args: string[]): Promise<CliRun>;
  kadianWith(input: string, ...args: string[]): Promise<CliRun>;
  /** Writes a file beside the database (a city file to import) and gives its path. */
  file(name: string, content: string | Uint8Array): string;
  /** Runs one SQL statement as another client of the database would (raw, past the storage). */
  exec(text: string): Promise<void>;
  /** An app over this database, to enrol tablets and push entries (closing it leaves the database). */
  app(): Promise<Harness>;
  drop(): Promise<void>;
}

function run(env: NodeJS.ProcessEnv, input: string | null, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [KADIAN, ...args], { env, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), bytes: stdout });
    });
    child.stdin?.end(input ?? '');
  });
}

export async function openCity(kind: 'sqlite' | 'postgres'): Promise<City> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-city-'));
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, DATA_DIR: dataDir, PUBLIC_URL, TIME_ZONE: 'Asia/Shanghai' };
  let storage: Storage;
  let exec: (text: string) => Promise<void>;
  let dropDatabase = async (): Promise<void> => {};
  if (kind === 'sqlite') {
    storage = openStorage(dataDir, {});
    exec = async (text) => {
      const db = new Database(join(dataDir, DATABASE_FILE));
      try { db.prepare(text).run(); } finally { db.close(); }
    };
  } else {
    const schema = `kadian_city_${randomBytes(6).toString('hex')}`;
    storage = DatabaseStorage.postgres(TEST_DATABASE_URL, { schema, poolSize: 2 });
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = url.toString();
    const client = async (work: (c: pg.Client) => Promise<unknown>): Promise<void> => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
      await c.connect();
      try { await work(c); } finally { await c.end(); }
    };
    exec = (text) => client((c) => c.query(text));
    dropDatabase = () => client((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  }
  // Migrated before the first command runs.
  await storage.listAreas(null);
  const apps: Harness[] = [];
  return {
    kind, dataDir, storage, exec,
    kadian: (...args) => run(env, null, args),
    kadianWith: (input, ...args) => run(env, input, args),
    file(name, content) {
      const path = join(dataDir, name);
      writeFileSync(path, content);
      return path;
    },
    async app() {
      const app = await buildApp({ storage, dataDir, publicUrl: PUBLIC_URL, rateLimits: { enrolPerMinute: 0, residentPerMinute: 0 } });
      await app.ready();
      const h: Harness = { dataDir, storage, app, checkpointId: '', close: () => app.close() };
      apps.push(h);
      return h;
    },
    async drop() {
      for (const h of apps) await h.close();
      await storage.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Each test runs the CLI as a process a few times (one to a few seconds each on a busy 2-core machine): room to run. */
export const SLOW = 180_000;

/** Declares `body` once per database kind (PostgreSQL skipped without TEST_DATABASE_URL), on a fresh, empty city. */
export function onEachCity(name: string, body: (city: () => City) => void): void {
  for (const kind of DATABASES) {
    describe.skipIf(kind.skip !== null)(title(name, kind), { timeout: SLOW }, () => {
      let city: City | undefined;
      beforeAll(async () => { city = await openCity(kind.name); }, SLOW);
      afterAll(() => city?.drop(), SLOW);
      body(() => {
        if (!city) throw new Error('the city is not open yet');
        return city;
      });
    });
  }
}

/** A CSV from rows of cells (the first row its header). */
export const csv = (rows: ReadonlyArray<readonly string[]>): string => `${rows.map((r) => r.join(',')).join('\n')}\n`;

/** What `kadian areas import` says it did (its one line of JSON on stdout). */
export const counts = (run: CliRun): Record<string, number> => JSON.parse(run.stdout) as Record<string, number>;
