/** The figures benchmark's PostgreSQL part, at a smaller scale: what the roll-up CTEs cost a 500-entry push insert (a fresh schema, dropped after). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Entry } from '../../src/core/entry.ts';
import { openPostgres } from '../../src/server/storage/db.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import { insertEntries, type Rollups } from '../../src/server/storage/entryInsert.ts';
import { CITY, cityChanges } from './seed.ts';

export type PushTimes = Record<Rollups, number[]>;

const MODES: readonly Rollups[] = ['all', 'checkpoints', 'none'];

/** `batches` pushes each way (all roll-ups, entry_hours only, none; in turning order), each 500 entries of a new tablet at one of `checkpoints` checkpoints. */
export async function postgresPush(url: string, checkpoints: number, batches: number, now: Date): Promise<PushTimes> {
  const schema = `kadian_bench_${randomBytes(4).toString('hex')}`;
  const setup = DatabaseStorage.postgres(url, { schema, poolSize: 2 });
  const times: PushTimes = { all: [], checkpoints: [], none: [] };
  try {
    await setup.applyCityChanges(cityChanges({ ...CITY, checkpoints }).changes);
    const { db, ready } = openPostgres(url, { schema, poolSize: 2 });
    await ready;
    try {
      for (let n = 0; n < batches * MODES.length; n++) {
        const round = Math.floor(n / MODES.length);
        const turned = [...MODES.slice(round % MODES.length), ...MODES.slice(0, round % MODES.length)];
        const rollups = (round % 2 ? turned.reverse() : turned)[n % MODES.length] ?? 'all';
        const checkpointId = `cp-${1 + ((n * 613) % checkpoints)}`;
        const entries = Array.from({ length: 500 }, (_, i): Entry => ({
          id: `00000000-0000-4000-9000-${String(n * 1000 + i).padStart(12, '0')}`, deviceId: `bench-${n}`, seq: i + 1, checkpointId,
          at: new Date(now.getTime() - 7_200_000 + i * 14_000).toISOString(), direction: i % 2 ? 'out' : 'in', source: 'KDR1',
          personId: '11010519491231002X', name: '张三', colour: i % 20 ? 'green' : 'yellow', temperature: 36.5, verdict: i % 25 ? 'pass' : 'check',
          reasons: i % 25 ? [] : ['key-person', 'kp-other'], operator: null, prevHash: '0'.repeat(64), hash: String(i).padStart(64, '0'), personCommit: '1'.repeat(64),
        }));
        const started = performance.now();
        await insertEntries(db, entries, now.toISOString(), { rollups });
        times[rollups].push(performance.now() - started);
      }
    } finally {
      await db.kysely.destroy();
    }
  } finally {
    await setup.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try { await admin.query(`DROP SCHEMA ${schema} CASCADE`); } finally { await admin.end(); }
  }
  return times;
}
