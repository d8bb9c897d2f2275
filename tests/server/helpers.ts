/** Shared set-up for server tests: a throwaway DATA_DIR, a real app over real SQLite (or each database of databases.ts), an enrolled tablet, sealed entries. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { seal } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import type { EnrolResponse, PushResponse } from '../../src/core/wire.ts';
import { buildApp, type AppOptions } from '../../src/server/app.ts';
import { issueEnrolmentCode } from '../../src/server/tablets/enrolment.ts';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import type { Storage, StoredEntry } from '../../src/server/storage/storage.ts';
import type { DatabaseKind, TestDatabase } from './databases.ts';

export const PUBLIC_URL = 'http://kadian.test';

export interface Harness {
  dataDir: string;
  storage: Storage;
  app: FastifyInstance;
  checkpointId: string;
  close(): Promise<void>;
}

/** What a test may set of the app; the rate limits are off unless given (tests enrol many tablets from one address). */
type HarnessOptions = Pick<AppOptions, 'staticDir' | 'rateLimits' | 'logger' | 'trustProxy' | 'now' | 'console' | 'residentVerifier' | 'requestTimeoutMs'>;

const NO_RATE_LIMITS = { enrolPerMinute: 0, residentPerMinute: 0, selfCheckInPerMinute: 0 };

/** `database`: a kind from databases.ts for tests that run on each storage; default SQLite in the throwaway DATA_DIR. */
export async function harness({ database, ...given }: HarnessOptions & { database?: DatabaseKind } = {}): Promise<Harness> {
  const options = { rateLimits: NO_RATE_LIMITS, ...given };
  if (database) return harnessOn(await database.create(), options);
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-server-'));
  const storage = openStorage(dataDir);
  const { checkpoint } = await storage.ensureDemo();
  const app = await buildApp({ storage, dataDir, publicUrl: PUBLIC_URL, ...options });
  await app.ready();
  return {
    dataDir,
    storage,
    app,
    checkpointId: checkpoint.id,
    async close() {
      await app.close();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function harnessOn(db: TestDatabase, options: HarnessOptions): Promise<Harness> {
  const { checkpoint } = await db.storage.ensureDemo();
  const app = await buildApp({ storage: db.storage, dataDir: db.dataDir, publicUrl: PUBLIC_URL, ...options });
  await app.ready();
  return {
    dataDir: db.dataDir,
    storage: db.storage,
    app,
    checkpointId: checkpoint.id,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export interface Tablet {
  deviceId: string;
  token: string;
  checkpointId: string;
}

export async function enrol(h: Harness, checkpointId = h.checkpointId): Promise<Tablet> {
  const { code } = await issueEnrolmentCode(h.storage, checkpointId);
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code, label: 'test tablet' } });
  if (res.statusCode !== 200) throw new Error(`enrolment failed: ${res.statusCode} ${res.body}`);
  const body = res.json<EnrolResponse>();
  return { deviceId: body.deviceId, token: body.token, checkpointId: body.config.checkpoint.id };
}

export function entryFields(tablet: Pick<Tablet, 'deviceId' | 'checkpointId'>, seq: number): Omit<Entry, 'hash' | 'prevHash'> {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    deviceId: tablet.deviceId,
    seq,
    checkpointId: tablet.checkpointId,
    at: `2026-11-23T08:${String(seq % 60).padStart(2, '0')}:00.000+08:00`,
    direction: 'in',
    source: 'KDR1',
    personId: '11010519491231002X',
    name: '张三',
    colour: 'green',
    temperature: 36.5,
    verdict: 'pass',
    reasons: [],
    operator: null,
  };
}

/** The next `count` entries of a tablet's chain, sealed after `prev` (null: from the start). */
export async function chain(tablet: Pick<Tablet, 'deviceId' | 'checkpointId'>, count: number, prev: Entry | null = null): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const before = entries.at(-1) ?? prev;
    entries.push(await seal(entryFields(tablet, (before?.seq ?? 0) + 1), before));
  }
  return entries;
}

export async function push(h: Harness, tablet: Tablet, entries: unknown[], waiting?: number) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/entries',
    headers: { authorization: `Bearer ${tablet.token}` },
    payload: waiting === undefined ? { entries } : { entries, waiting },
  });
  return { status: res.statusCode, body: res.json<PushResponse>() };
}

/** A second checkpoint (and its community: an area with one place of the same id, as migration 005 made them) straight into the SQLite file. */
export function addCheckpoint(dataDir: string, checkpoint: { id: string; name: string; communityId: string; communityName: string }): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    const { communityId: id, communityName: name } = checkpoint;
    db.prepare("INSERT OR IGNORE INTO areas (id, parent_id, level, name, code, path) VALUES (?, NULL, 'community', ?, NULL, ?)").run(id, name, `/${id}/`);
    db.prepare("INSERT OR IGNORE INTO places (id, name, area_id, kind) VALUES (?, ?, ?, 'compound')").run(id, name, id);
    db.prepare("INSERT INTO checkpoints (id, place_id, name, policy, config_version) VALUES (?, ?, ?, '{}', 1)")
      .run(checkpoint.id, id, checkpoint.name);
  } finally {
    db.close();
  }
}

/** Seals `fields` one after another, each after the one before it (even if the server will refuse that one). */
export function sealAll(fields: ReadonlyArray<Omit<Entry, 'hash' | 'prevHash'>>, prev: Entry | null = null): Entry[] {
  const out: Entry[] = [];
  for (const f of fields) out.push(seal(f, out.at(-1) ?? prev));
  return out;
}

/** One tablet's entries as the server holds them, read the way its export reads them. */
export async function storedOf(h: Pick<Harness, 'storage'>, deviceId: string): Promise<StoredEntry[]> {
  const entries: StoredEntry[] = [];
  for await (const e of h.storage.exportEntries({})) if (e.deviceId === deviceId) entries.push(e);
  return entries;
}
