/**
 * One timed run: each tablet pushes a small batch (1–20 scans) at jittered intervals and pulls its config after each
 * push, as its uploader does; some come back from a day offline and send their backlog first. Loopback only.
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { nextEntries, type SimTablet } from './tablet.ts';

export interface RunShape {
  /** How long tablets keep pushing, ms. */
  durationMs: number;
  /** Mean time between one tablet's pushes, ms (each wait is 50–150 % of it). */
  intervalMs: number;
  /** Tablets that come back from a day offline during the run, and the scans each brings. */
  returning: number;
  backlog: number;
}

export interface RunResult {
  seconds: number;
  pushes: number;
  stored: number;
  refused: number;
  pushMs: number[];
  /** Conditional pulls (the tablet held a version): 304, or the revocations that changed. */
  configMs: number[];
  notModified: number;
  /** Pulls answered 200: `unchanged` with revocations, or a whole config. */
  unchanged: number;
  full: number;
  /** First pulls of each tablet: the whole config. */
  fullConfigMs: number[];
  /** Backlog pushes (500 scans each), apart: they are the large ones. */
  backlogMs: number[];
  errors: string[];
}

const MAX_BATCH = 500;
const DAY_MS = 86_400_000;

interface Answer { status: number; ms: number; body: string }

function call(agent: Agent, port: number, method: 'GET' | 'POST', path: string, token: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    const req = request({ agent, host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Each tablet's first pull, untimed: the whole config, and on a checkpoint's first the salt and seal key the server makes
 * then. Tablets of a province are enrolled over weeks; the bench measures the steady state, not that first morning.
 */
export async function firstPulls(port: number, tablets: readonly SimTablet[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  try {
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < tablets.length) {
        const tablet = tablets[next++]!;
        if (tablet.version !== null) continue;
        const answer = await call(agent, port, 'GET', '/api/v1/config', tablet.token);
        if (answer.status !== 200) throw new Error(`first config ${answer.status}: ${answer.body.slice(0, 200)}`);
        const config = JSON.parse(answer.body) as { version: number; revocations?: { revision?: number } };
        tablet.version = config.version;
        tablet.revision = config.revocations?.revision;
      }
    }));
  } finally {
    agent.destroy();
  }
}

/** Runs `tablets` against the server on `port` for `shape.durationMs`; `sealKey` is every checkpoint's public key. */
export async function runProvince(port: number, tablets: readonly SimTablet[], shape: RunShape, sealKey: string): Promise<RunResult> {
  // A pool, not one socket per tablet: 20,000 sockets on one loopback would measure the kernel, not the server.
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const result: RunResult = { seconds: 0, pushes: 0, stored: 0, refused: 0, pushMs: [], configMs: [], notModified: 0, unchanged: 0, full: 0, fullConfigMs: [], backlogMs: [], errors: [] };
  const started = Date.now();
  const endAt = started + shape.durationMs;
  const fail = (what: string) => {
    if (result.errors.length < 20) result.errors.push(what);
  };

  const push = async (tablet: SimTablet, entries: unknown[], into: number[]): Promise<void> => {
    const body = JSON.stringify({ entries, waiting: 0 });
    const answer = await call(agent, port, 'POST', '/api/v1/entries', tablet.token, body);
    if (answer.status !== 200) return fail(`push ${answer.status}: ${answer.body.slice(0, 200)}`);
    into.push(answer.ms);
    result.pushes++;
    for (const r of (JSON.parse(answer.body) as { results: Array<{ status: string }> }).results) {
      if (r.status === 'stored') result.stored++;
      else result.refused++;
    }
  };

  const pull = async (tablet: SimTablet): Promise<void> => {
    const held = tablet.version === null ? '' : `?since=${tablet.version}&keyPersons=2${tablet.revision === undefined ? '' : `&revocations=${tablet.revision}`}`;
    const answer = await call(agent, port, 'GET', `/api/v1/config${held}`, tablet.token);
    if (answer.status === 304) {
      result.configMs.push(answer.ms);
      result.notModified++;
      return;
    }
    if (answer.status !== 200) return fail(`config ${answer.status}: ${answer.body.slice(0, 200)}`);
    (tablet.version === null ? result.fullConfigMs : result.configMs).push(answer.ms);
    const config = JSON.parse(answer.body) as { version: number; unchanged?: true; revocations?: { revision?: number } };
    if (config.unchanged) result.unchanged++;
    else result.full++;
    tablet.version = config.version;
    if (config.revocations?.revision !== undefined) tablet.revision = config.revocations.revision;
  };

  const regular = async (tablet: SimTablet, index: number, firstAt: number): Promise<void> => {
    let next = firstAt;
    while (next < endAt) {
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      const entries = await nextEntries(tablet, index, 1 + Math.floor(Math.random() * 20), Date.now(), 60_000, sealKey);
      await push(tablet, entries, result.pushMs);
      await pull(tablet);
      next += shape.intervalMs * (0.5 + Math.random());
    }
  };

  const comeBack = async (tablet: SimTablet, index: number, at: number): Promise<void> => {
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
    const backlog = await nextEntries(tablet, index, shape.backlog, Date.now() - 60_000, DAY_MS - 120_000, sealKey);
    for (let i = 0; i < backlog.length; i += MAX_BATCH) await push(tablet, backlog.slice(i, i + MAX_BATCH), result.backlogMs);
    await pull(tablet);
    await regular(tablet, index, Date.now() + shape.intervalMs * (0.5 + Math.random()));
  };

  try {
    await Promise.all(tablets.map((tablet, index) => {
      const guard = (p: Promise<void>) => p.catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
      // The returning tablets are the first ones, coming back over the first half of the run.
      if (index < shape.returning) return guard(comeBack(tablet, index, started + Math.random() * shape.durationMs / 2));
      return guard(regular(tablet, index, started + Math.random() * shape.intervalMs));
    }));
  } finally {
    agent.destroy();
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
