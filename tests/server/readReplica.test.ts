/**
 * Issue #19, reads on replicas: with DATABASE_READ_URL the console's tracing and figures read a streaming standby while
 * pushes and audit lines go to the primary, and the figures say how far behind the standby is. `.ci/run` makes the
 * standby (pg_basebackup) and sets TEST_DATABASE_READ_URL; the test pauses its replay to see where each read came from.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview } from '../../src/core/consoleFigures.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import type { PersonTrail } from '../../src/core/traceWire.ts';
import { createAccount } from '../../src/server/accounts/users.ts';
import { buildApp } from '../../src/server/app.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import { enrol, push, PUBLIC_URL, type Harness, type Tablet } from './helpers.ts';

const PRIMARY = process.env.TEST_DATABASE_URL?.trim() ?? '';
const STANDBY = process.env.TEST_DATABASE_READ_URL?.trim() ?? '';
const skip = !PRIMARY || !STANDBY ? 'TEST_DATABASE_URL and TEST_DATABASE_READ_URL (a streaming standby of it) are not both set; .ci/run sets them' : null;
if (skip) console.warn(`The read-replica test is skipped: ${skip}`);

const PASSWORD = 'correct horse battery staple';
const first17 = '11010519900101201';
const WHO = first17 + checkCharacter(first17);

/** Asks `check` again (the standby replays on its own time) until it holds; fails after a generous bound. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`the standby never came to: ${what}`);
}

describe.skipIf(skip !== null)(`the console reading a streaming standby${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const schema = `kadian_replica_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-replica-'));
  let h: Harness;
  let replica: DatabaseStorage;
  let standby: pg.Client;
  let tablet: Tablet;
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    const primary = DatabaseStorage.postgres(PRIMARY, { schema, poolSize: 4 });
    replica = DatabaseStorage.postgres(STANDBY, { schema, poolSize: 2, replica: true });
    standby = new pg.Client({ connectionString: STANDBY });
    await standby.connect();
    await primary.ensureDemo();
    await primary.applyCityChanges({
      newAreas: [{ id: 'a-city', parentId: null, level: 'city', name: '三门峡市', code: null }], renamedAreas: [],
      newPlaces: [{ id: 'p-1', areaId: 'a-city', name: '一号小区', kind: 'compound', capacity: null, code: null }], changedPlaces: [],
      newCheckpoints: [{ id: 'cp-1', placeId: 'p-1', name: '东门', code: null, capacity: null }], renamedCheckpoints: [],
    });
    const made = await createAccount(primary, { name: 'tracer', role: 'tracer', areaId: 'a-city', password: PASSWORD }, 'test');
    if (!made.ok) throw new Error(made.error);
    const app = await buildApp({
      storage: primary, reads: [replica], dataDir, publicUrl: PUBLIC_URL, rateLimits: { enrolPerMinute: 0, residentPerMinute: 0 },
      console: { idleMs: 3_600_000, maxMs: 7_200_000, signinPerMinute: 0 },
    });
    await app.ready();
    h = {
      dataDir, storage: primary, app, checkpointId: 'cp-1',
      async close() {
        await app.close();
        await primary.close();
      },
    };
    tablet = await enrol(h, 'cp-1');
    const signed = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { name: 'tracer', password: PASSWORD } });
    expect(signed.statusCode, signed.body).toBe(200);
    session = { cookie: signed.cookies.find((c) => c.name === 'kadian_session')!.value, csrf: signed.json<{ csrf: string }>().csrf };
  });

  afterAll(async () => {
    // Whatever happened: the standby replays again for the next run.
    await standby?.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
    await standby?.end();
    await replica?.close();
    await h?.close();
    const admin = new pg.Client({ connectionString: PRIMARY });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const trail = async (): Promise<PersonTrail> => {
    const res = await h.app.inject({
      method: 'POST', url: '/api/v1/console/trace/person', cookies: { kadian_session: session.cookie }, headers: { 'x-csrf-token': session.csrf },
      payload: { personId: WHO, since: '2026-11-29', until: '2026-12-01', reason: '核查副本 / replica check' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PersonTrail>();
  };
  const figures = async (): Promise<Overview> => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/console/figures?area=a-city&to=2026-11-30', cookies: { kadian_session: session.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Overview>();
  };
  const passes = (times: string[], prev: Parameters<typeof sealedChain>[2] = null) =>
    sealedChain(tablet, times.map((at, i) => ({ at, personId: WHO, name: '唐一', direction: i % 2 === 0 ? 'in' as const : 'out' as const })), prev);

  it('answers a trace from the standby while the push goes to the primary, says how far behind it is, and catches up', async () => {
    const morning = passes(['2026-11-30T01:00:00.000Z', '2026-11-30T02:00:00.000Z']);
    expect((await push(h, tablet, morning)).body.results.map((r) => r.status)).toEqual(['stored', 'stored']);
    await until('the morning replayed', async () => (await trail()).passages.length === 2);
    expect((await figures()).replicaLagSeconds).toBeGreaterThanOrEqual(0);

    await standby.query('SELECT pg_wal_replay_pause()');
    await until('replay paused', async () => (await standby.query<{ state: string }>('SELECT pg_get_wal_replay_pause_state() AS state')).rows[0]?.state === 'paused');
    const evening = passes(['2026-11-30T10:00:00.000Z', '2026-11-30T11:00:00.000Z'], morning.at(-1));
    expect((await push(h, tablet, evening)).body.results.map((r) => r.status)).toEqual(['stored', 'stored']);
    // The primary holds four passages; the console, reading the paused standby, still two, and says it is behind.
    let onPrimary = 0;
    for await (const e of h.storage.exportEntries({})) if (e.personId === WHO) onPrimary++;
    expect(onPrimary).toBe(4);
    await until('the standby received what it does not replay', async () => ((await figures()).replicaLagSeconds ?? 0) > 0);
    const audited = (await h.storage.listTraceAudit(null, 1000)).length;
    expect((await trail()).passages).toHaveLength(2);
    expect(await replica.replicaLag()).toBeGreaterThan(0);
    expect(await h.storage.replicaLag()).toBeNull();
    // The trace's audit lines were written, on the primary: a read on a standby writes nothing there.
    expect(await h.storage.listTraceAudit(null, 1000)).toHaveLength(audited + 1);

    await standby.query('SELECT pg_wal_replay_resume()');
    await until('the evening replayed', async () => (await trail()).passages.length === 4);
    await until('the standby caught up', async () => (await figures()).replicaLagSeconds === 0);
  });
});
