/** Bench fixtures: tablets enrolled straight into a fresh database, and their sealed entries as ready-to-send push bodies. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { seal } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { sealPerson } from '../../src/core/personSeal.ts';
import { MAX_BATCH } from '../../src/core/protocol.ts';
import { secretHash } from '../../src/server/secrets.ts';
import { openStorage } from '../../src/server/settings.ts';
import type { SealKeyPair } from '../../src/server/storage/storage.ts';

export interface BenchDevice {
  deviceId: string;
  token: string;
  /** JSON bodies of POST /entries, in the order the tablet sends them. */
  bodies: string[];
  entries: number;
}

export const CHECKPOINT = 'demo-gate';

/** A number of its own for each tablet, so two tablets' people differ. */
function tabletNumber(deviceId: string): number {
  let n = 0;
  for (const c of deviceId) n = (n * 31 + c.charCodeAt(0)) % 1_000_003;
  return n;
}

/**
 * Person `k` of about 20 million: a valid ID number (birth year, month, day and order number taken from k, check character
 * computed). Every pair of scans is one person coming in and going out, as at a real gate: one person at every gate at
 * once made each push a storm of double entries (issue #17) that no place sees.
 */
function person(k: number): { personId: string; name: string } {
  const year = 1940 + (k % 60);
  const month = 1 + (Math.floor(k / 60) % 12);
  const day = 1 + (Math.floor(k / 720) % 28);
  const order = Math.floor(k / 20_160) % 1000;
  const first17 = `110105${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(order).padStart(3, '0')}`;
  return { personId: first17 + checkCharacter(first17), name: `居民${k}` };
}

/** One scan's fields as the scan screen makes them: a scan every few seconds, mostly residents passing, in and then out. */
function scanFields(deviceId: string, seq: number): Omit<Entry, 'hash' | 'prevHash'> {
  const start = Date.parse('2026-11-23T00:00:00.000Z');
  return {
    id: `00000000-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`,
    deviceId, seq, checkpointId: CHECKPOINT,
    at: new Date(start + seq * 3000).toISOString(),
    direction: seq % 2 ? 'in' : 'out', source: 'KDR1', ...person((tabletNumber(deviceId) * 7919 + Math.ceil(seq / 2)) % 20_160_000),
    colour: seq % 10 ? 'green' : 'yellow', temperature: 36.5, verdict: seq % 10 ? 'pass' : 'stop',
    reasons: seq % 10 ? [] : ['colour-yellow'], operator: null,
  };
}

/**
 * A tablet's chain from seq 1 as it goes on the wire. With the checkpoint's key (`sealKey`), as tablets send now: each
 * entry commits to its person (chain v2) and the person travels sealed with the commitment's salt; a tablet seals a whole
 * hour of scans under one sender key, so sealPerson's clock is given and the fixture does too. Without: in clear (v1).
 */
async function onTheWire(deviceId: string, count: number, sealKey: string | null): Promise<unknown[]> {
  const out: unknown[] = [];
  let prev: Entry | null = null;
  for (let seq = 1; seq <= count; seq++) {
    const fields = scanFields(deviceId, seq);
    if (!sealKey) {
      prev = seal(fields, prev);
      out.push(prev);
      continue;
    }
    const { sealed, personCommit } = await sealPerson({ personId: fields.personId, name: fields.name }, sealKey, Date.parse(fields.at));
    prev = seal({ ...fields, personCommit }, prev);
    const { personId: _p, name: _n, ...wire } = prev;
    out.push({ ...wire, sealed });
  }
  return out;
}

/** Batches of MAX_BATCH with `waiting` counting down, as the uploader sends them. */
export async function benchDevice(deviceId: string, count: number, sealKey: string | null = null): Promise<BenchDevice> {
  const entries = await onTheWire(deviceId, count, sealKey);
  const bodies: string[] = [];
  for (let i = 0; i < entries.length; i += MAX_BATCH) {
    const batch = entries.slice(i, i + MAX_BATCH);
    bodies.push(JSON.stringify({ entries: batch, waiting: entries.length - i - batch.length }));
  }
  return { deviceId, token: `bench-token-${deviceId}`, bodies, entries: count };
}

/** Where one configuration keeps its data: a fresh DATA_DIR, and for PostgreSQL a fresh schema. */
export interface BenchDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function freshDatabase(kind: 'sqlite' | 'postgres', adminUrl: string | null): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-bench-'));
  if (kind === 'sqlite') {
    return { env: { DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  if (!adminUrl) throw new Error('no PostgreSQL URL');
  const schema = `kadian_bench_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  // The server takes DATABASE_URL as an operator would write it; the schema rides along as a connection option.
  const url = new URL(adminUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async drop() {
      await admin(`DROP SCHEMA ${schema} CASCADE`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Enrols the tablets directly in storage (ids and tokens of our choosing) and gives the checkpoint the bench's seal key
 * pair, so the fixtures, chained and sealed once, fit every database.
 */
export async function enrolAll(env: Record<string, string>, devices: readonly BenchDevice[], sealKey: SealKeyPair): Promise<void> {
  const storage = openStorage(env.DATA_DIR ?? '', env);
  try {
    await storage.ensureDemo();
    await storage.ensureSealKey(CHECKPOINT, sealKey);
    const now = new Date().toISOString();
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    for (const d of devices) {
      const codeHash = await secretHash(`code-${d.deviceId}`);
      await storage.createEnrolmentCode({ codeHash, checkpointId: CHECKPOINT, createdAt: now, expiresAt: expires });
      const redeemed = await storage.redeemEnrolmentCode({ codeHash, now, device: { id: d.deviceId, tokenHash: await secretHash(d.token), label: d.deviceId } });
      if (!redeemed.ok) throw new Error(`could not enrol ${d.deviceId}: ${redeemed.error}`);
    }
  } finally {
    await storage.close();
  }
}
