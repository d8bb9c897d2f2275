/**
 * Issue #19: several server processes, one truth. Two real server processes (bin/server.js) on one PostgreSQL schema:
 * one tablet's batches sent alternately and concurrently to both, retries overtaking; a forked chain pushed to both at
 * once; an alert made in one reaching a console in the other; an enrolment limit counted across both; SERVER_PROCESSES.
 * PostgreSQL parts run only with TEST_DATABASE_URL; the SQLite refusal always.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/core/consoleOps.ts';
import type { Entry } from '../../src/core/entry.ts';
import type { EnrolResponse, PushResponse, PushResult } from '../../src/core/wire.ts';
import { createAccount } from '../../src/server/accounts/users.ts';
import { noticesOf } from '../../src/server/console/alertBus.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import { chainLockKey } from '../../src/server/storage/deviceChain.ts';
import { issueEnrolmentCode } from '../../src/server/tablets/enrolment.ts';
import { FEVER_STOP, KEY_PERSON, sealedChain } from './consoleOpsFixture.ts';
import { freePort } from '../e2e/support/server.ts';
import { chain, entryFields, storedOf, type Tablet } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() ?? '';
const SKIP = TEST_DATABASE_URL ? '' : ' (skipped: TEST_DATABASE_URL is not set, e.g. postgres://kadian:kadian@127.0.0.1/kadian_test)';
const PASSWORD = 'correct horse battery staple';
/** Enrolments per minute and IP, counted across both processes. */
const ENROL_LIMIT = 8;

/** One `node bin/server.js` process (or the primary of several), its output kept for the failure message. */
interface ServerProcess {
  base: string;
  output: () => string;
  /** SIGTERM, and its exit code. */
  stop(): Promise<number | null>;
}

async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/server.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', APP_DIR: join(ROOT, '.no-app'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const base = `http://127.0.0.1:${port}`;
  // A ceiling, not a wait: a loaded 2-core machine takes many seconds to start a server (tsx, migrations).
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
    if (i === 1199) throw new Error(`the server did not answer:\n${output}`);
  }
  return {
    base,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A run of the server that is expected to refuse to start: its exit code and what it said. */
function refusedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/server.js')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => done({ code, output }));
  });
}

it('refuses SERVER_PROCESSES=2 on SQLite at start, in Chinese and English, with the configuration exit code', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-processes-'));
  try {
    const run = await refusedStart({ SERVER_PROCESSES: '2', DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1' });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain('SERVER_PROCESSES=2 needs PostgreSQL');
    expect(run.output).toContain('SERVER_PROCESSES=2 需要 PostgreSQL');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);

describe.skipIf(!TEST_DATABASE_URL)(`two server processes on one PostgreSQL${SKIP}`, () => {
  const schema = `kadian_test_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kadian-processes-'));
  let storage: DatabaseStorage;
  let a: ServerProcess;
  let b: ServerProcess;
  let databaseUrl: string;

  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(`CREATE SCHEMA ${schema}`);
    // As an operator writes it: the schema rides along as a connection option (README, PostgreSQL and scale).
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    storage = DatabaseStorage.postgres(TEST_DATABASE_URL, { schema, poolSize: 4 });
    await storage.ensureDemo();
    const made = await createAccount(storage, { name: 'admin', role: 'admin', password: PASSWORD }, 'test');
    if (!made.ok) throw new Error(made.error);
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, RATE_LIMIT_ENROL: String(ENROL_LIMIT) };
    // One after the other: the first makes DATA_DIR's issuer key, which two starting at once would each make.
    a = await startServer(env);
    b = await startServer(env);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await storage?.close();
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const enrolAt = async (server: ServerProcess): Promise<Tablet> => {
    const { code } = await issueEnrolmentCode(storage, 'demo-gate');
    const res = await fetch(`${server.base}/api/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label: 'two processes' }) });
    const body = (await res.json()) as EnrolResponse;
    expect(res.status, JSON.stringify(body)).toBe(200);
    return { deviceId: body.deviceId, token: body.token, checkpointId: body.config.checkpoint.id };
  };

  const pushTo = async (server: ServerProcess, tablet: Tablet, entries: readonly Entry[]): Promise<PushResult[]> => {
    const res = await fetch(`${server.base}/api/v1/entries`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tablet.token}` }, body: JSON.stringify({ entries }),
    });
    const body = (await res.json()) as PushResponse;
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body.results;
  };

  /** Every stored entry whose predecessor is stored too links to it. */
  const chainIntact = (stored: ReadonlyArray<Pick<Entry, 'seq' | 'hash' | 'prevHash'>>): void => {
    const bySeq = new Map(stored.map((e) => [e.seq, e]));
    for (const e of stored) {
      const before = bySeq.get(e.seq - 1);
      if (before) expect(e.prevHash, `entry ${e.seq} links to entry ${e.seq - 1}`).toBe(before.hash);
    }
  };

  let tablet: Tablet;
  let sent: Entry[];

  /** An entry at `seq` that is never pushed: what the entries sealed after it link to, another one each time. */
  const notStored = (t: Tablet, seq: number): Entry => ({ ...entryFields(t, seq), prevHash: randomBytes(32).toString('hex'), hash: randomBytes(32).toString('hex') });

  it('stores exactly one tablet\'s chain sent alternately and concurrently to both, with batches overtaking and old ones sent again', async () => {
    tablet = await enrolAt(a);
    sent = await chain(tablet, 240);
    const batches = Array.from({ length: 12 }, (_, k) => sent.slice(20 * k, 20 * k + 20));
    const answers: Array<Promise<PushResult[]>> = [];
    for (let k = 0; k < batches.length; k += 2) {
      // Batch k+1 goes before batch k, each to another process, neither waiting for the other's answer…
      answers.push(pushTo(b, tablet, batches[k + 1]!), pushTo(a, tablet, batches[k]!));
      // …and the two before them go again, each to the process it did not go to.
      if (k >= 2) answers.push(pushTo(a, tablet, batches[k - 1]!), pushTo(b, tablet, batches[k - 2]!));
    }
    const results = (await Promise.all(answers)).flat();
    expect(results.filter((r) => r.status !== 'stored' && r.status !== 'duplicate')).toEqual([]);
    // Each entry stored by exactly one push; every other push of it was told duplicate.
    const storedSeqs = results.filter((r) => r.status === 'stored').map((r) => r.seq).sort((x, y) => (x ?? 0) - (y ?? 0));
    expect(storedSeqs).toEqual(sent.map((e) => e.seq));

    const stored = await storedOf({ storage }, tablet.deviceId);
    expect(stored.map((e) => [e.seq, e.hash])).toEqual(sent.map((e) => [e.seq, e.hash]));
    chainIntact(stored);
  }, 240_000);

  it('keeps a forked chain (a copied token) whole when its two halves reach both processes at once: one side\'s link is refused, never both stored', async () => {
    const copied = await enrolAt(b);
    for (let round = 0; round < 8; round++) {
      const at = 100 * (round + 1);
      // The genuine tablet's seqs at+1 … at+5, and the copy's at+6 … at+10, which follow another entry at+5.
      const genuine = sealedChain(copied, [{}, {}, {}, {}, {}], notStored(copied, at));
      const copy = sealedChain(copied, [{}, {}, {}, {}, {}], notStored(copied, at + 5));
      const [fromGenuine, fromCopy] = await Promise.all([pushTo(a, copied, genuine), pushTo(b, copied, copy)]);
      const refused = [...fromGenuine, ...fromCopy].filter((r) => r.status !== 'stored');
      // Whichever came second found the other's entries: only the entry at the seam is refused.
      expect(refused, `round ${round}`).toHaveLength(1);
      expect(refused[0]).toMatchObject({ status: 'refused', reason: 'entry-link' });
      expect([at + 5, at + 6]).toContain(refused[0]?.seq);
    }
    chainIntact(await storedOf({ storage }, copied.deviceId));
  }, 240_000);

  /** A console's alert stream over a real socket, read alert by alert. */
  async function openStream(server: ServerProcess, cookie: string) {
    const abort = new AbortController();
    const res = await fetch(`${server.base}/api/v1/console/alerts/stream`, { headers: { cookie: `kadian_session=${cookie}` }, signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    return {
      async alert(): Promise<Alert> {
        for (;;) {
          while (!buffer.includes('\n\n')) {
            const { value, done } = await reader.read();
            if (done) throw new Error('the stream ended');
            buffer += value;
          }
          const end = buffer.indexOf('\n\n');
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^event: alert\ndata: (.*)$/.exec(block);
          if (data?.[1] !== undefined) return JSON.parse(data[1]) as Alert;
        }
      },
      close: () => abort.abort(),
    };
  }

  it('delivers an alert made by a push to one process to the console streams open on both, each once', async () => {
    const signin = await fetch(`${b.base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password: PASSWORD }) });
    expect(signin.status, await signin.clone().text()).toBe(200);
    const cookie = /kadian_session=([^;]+)/.exec(signin.headers.get('set-cookie') ?? '')?.[1];
    if (!cookie) throw new Error('no session cookie');
    const onA = await openStream(a, cookie);
    const onB = await openStream(b, cookie);
    try {
      const [stop, keyPerson] = sealedChain(tablet, [FEVER_STOP, KEY_PERSON], sent.at(-1));
      expect((await pushTo(a, tablet, [stop!])).map((r) => r.status)).toEqual(['stored']);
      const first = await onB.alert();
      expect(first).toMatchObject({ kind: 'stop', checkpointId: 'demo-gate', at: stop!.at });
      expect(await onA.alert()).toEqual(first);
      // The next alert each stream gets is the next one made, from the other process: none came twice.
      expect((await pushTo(b, tablet, [keyPerson!])).map((r) => r.status)).toEqual(['stored']);
      const second = await onA.alert();
      expect(second).toMatchObject({ kind: 'key-person', at: keyPerson!.at });
      expect(await onB.alert()).toEqual(second);
    } finally {
      onA.close();
      onB.close();
    }
  }, 120_000);

  it('counts the enrolment limit across both processes: the first refusal on one is a refusal on the other too', async () => {
    // Sent alternately with a code that does not exist; counted per IP whatever the answer. Counted per process, each
    // would let ENROL_LIMIT through before refusing (2 × ENROL_LIMIT in all); counted together, at most ENROL_LIMIT.
    const statuses: number[] = [];
    for (let i = 0; i < 2 * ENROL_LIMIT + 2 && !statuses.includes(429); i++) {
      const res = await fetch(`${(i % 2 === 0 ? a : b).base}/api/v1/enrol`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'AAAAAAAAAA', label: 'limited' }),
      });
      statuses.push(res.status);
    }
    expect(statuses.indexOf(429), statuses.join(' ')).toBeGreaterThanOrEqual(0);
    expect(statuses.indexOf(429), statuses.join(' ')).toBeLessThanOrEqual(ENROL_LIMIT);
    const other = statuses.length % 2 === 0 ? a : b;
    const next = await fetch(`${other.base}/api/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'AAAAAAAAAA', label: 'limited' }) });
    expect(next.status).toBe(429);
  }, 60_000);

  it('holds a device\'s chain in the database: a second holder, in another pool, waits until the first has committed', async () => {
    const other = DatabaseStorage.postgres(TEST_DATABASE_URL, { schema, poolSize: 2 });
    const watcher = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await watcher.connect();
    try {
      const [entry] = await chain({ deviceId: 'dev-held', checkpointId: 'demo-gate' }, 1);
      let release = (): void => undefined;
      const released = new Promise<void>((r) => (release = r));
      let inserted = (): void => undefined;
      const holding = new Promise<void>((r) => (inserted = r));
      const first = storage.withChain('dev-held', async (held) => {
        await held.insertEntries([entry!], new Date().toISOString());
        inserted();
        await released;
      });
      await holding;
      // Until the first commits, the second is seen waiting for the device's advisory lock; then it reads what the first stored.
      const second = other.withChain('dev-held', (held) => held.getLinks('demo-gate', 'dev-held', [1]));
      const key = BigInt.asUintN(64, chainLockKey('dev-held'));
      for (;;) {
        const { rows } = await watcher.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid::text::int8 = $1 AND objid::text::int8 = $2 AND objsubid = 1",
          [String(key >> 32n), String(key & 0xffffffffn)],
        );
        if (Number(rows[0]?.n) > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      release();
      await first;
      expect((await second).get(1)?.hash).toBe(entry!.hash);
    } finally {
      await watcher.end();
      await other.close();
    }
  }, 60_000);

  it('runs SERVER_PROCESSES=2 on one port, and closes them all on SIGTERM', async () => {
    const cluster = await startServer({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, SERVER_PROCESSES: '2' });
    for (let i = 0; i < 4; i++) expect((await fetch(`${cluster.base}/api/v1/health`)).status).toBe(200);
    expect(await cluster.stop(), cluster.output()).toBe(0);
    expect(cluster.output()).toContain('starting 2 server processes');
  }, 240_000);
});

it('packs alerts into notices under the payload limit, each whole once, and names by id an alert too large for any', () => {
  const alert = (id: string, person: string): Alert => ({
    id, kind: 'stop', at: '2026-11-23T08:00:00.000+08:00', receivedAt: '2026-11-23T00:00:01.000Z', checkpointId: 'demo-gate', checkpointName: '东门卡点',
    placeId: 'demo-community', placeName: '示范社区', areaIds: ['demo-community'], areaNames: ['示范社区'], reasons: ['fever'], colour: 'green', person,
    acknowledgedAt: null, acknowledgedBy: null,
  });
  const alerts = [...Array.from({ length: 40 }, (_, i) => alert(`al-${i}`, '张三')), alert('al-big', '张'.repeat(3000))];
  const notices = noticesOf('me', alerts, 2000);
  for (const n of notices) expect(Buffer.byteLength(JSON.stringify(n))).toBeLessThanOrEqual(2000);
  expect(notices.length).toBeGreaterThan(1);
  expect(notices.flatMap((n) => ('alerts' in n ? n.alerts.map((a) => a.id) : []))).toEqual(alerts.slice(0, 40).map((a) => a.id));
  expect(notices.flatMap((n) => ('ids' in n ? n.ids : []))).toEqual(['al-big']);
});
