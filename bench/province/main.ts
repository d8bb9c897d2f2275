/**
 * `npm run bench:province`: a province's tablets against 1 and 2 server processes on one PostgreSQL and against SQLite —
 * sustained entries/s, push and config latencies, CPU per process, and the largest tablet count each setup serves with a
 * push p99 of at most 1 s. Bounded in time and count, on loopback only.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newCheckpointKey } from '../../src/core/personSeal.ts';
import { secretHash } from '../../src/server/secrets.ts';
import { openStorage } from '../../src/server/settings.ts';
import { CITY, cityChanges } from '../figures/seed.ts';
import { freshDatabase } from '../server/fixture.ts';
import { freePort, percentile, startServer } from '../server/load.ts';
import { benchSource } from '../source.ts';
import { postgresCpu, processTreeCpu } from './cpu.ts';
import { report, SERVED_P99_MS, type StepResult } from './report.ts';
import { firstPulls, runProvince, type RunShape } from './run.ts';
import type { SimTablet } from './tablet.ts';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '5000,10000,20000' },
    seconds: { type: 'string', default: '60' },
    interval: { type: 'string', default: '60' },
    returning: { type: 'string', default: '0.1' },
    backlog: { type: 'string', default: '2000' },
    setups: { type: 'string', default: 'sqlite:1,postgres:1,postgres:2' },
    out: { type: 'string', default: 'bench/results-province.md' },
  },
});

const MAX_TABLETS = 100_000;
const number = (name: string, text: string | undefined, max: number): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name} must be a number above 0 and at most ${max}, not ${text}`);
  return n;
};
const steps = (args.steps ?? '').split(',').map((s) => Math.round(number('steps', s, MAX_TABLETS))).sort((a, b) => a - b);
const seconds = number('seconds', args.seconds, 600);
const shapeFor = (tablets: number): RunShape => ({
  durationMs: seconds * 1000,
  intervalMs: number('interval', args.interval, 3600) * 1000,
  // A share of the tablets come back from a day offline within the run (returning 0.1: 10 % of them).
  returning: Math.round(tablets * number('returning', args.returning, 1)),
  backlog: Math.round(number('backlog', args.backlog, 20_000)),
});
const setups = (args.setups ?? '').split(',').map((s) => {
  const [kind, processes] = s.split(':');
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`--setups: ${s} is not sqlite:N or postgres:N`);
  return { kind, processes: Math.round(number('setups', processes, 16)) } as const;
});
const pgUrl = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || null;
if (!pgUrl && setups.some((s) => s.kind === 'postgres')) throw new Error('PostgreSQL setups need BENCH_DATABASE_URL (or TEST_DATABASE_URL)');

/** A city of Sanmenxia's shape (4,136 checkpoints) and `count` tablets spread over its checkpoints, enrolled in storage. */
async function enrolProvince(env: Record<string, string>, count: number, sealKey: { publicKey: string; privateKey: string }): Promise<SimTablet[]> {
  const storage = openStorage(env.DATA_DIR ?? '', env);
  const tablets: SimTablet[] = [];
  try {
    await storage.applyCityChanges(cityChanges(CITY).changes);
    const checkpoints = Array.from({ length: CITY.checkpoints }, (_, i) => `cp-${i + 1}`);
    for (const id of checkpoints) await storage.ensureSealKey(id, sealKey);
    const now = new Date().toISOString();
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    const enrolOne = async (i: number): Promise<void> => {
      const deviceId = `dev-p-${String(i).padStart(6, '0')}`;
      const token = `bench-token-${deviceId}`;
      const checkpointId = checkpoints[i % checkpoints.length]!;
      const codeHash = await secretHash(`code-${deviceId}`);
      await storage.createEnrolmentCode({ codeHash, checkpointId, createdAt: now, expiresAt: expires });
      const redeemed = await storage.redeemEnrolmentCode({ codeHash, now, device: { id: deviceId, tokenHash: await secretHash(token), label: deviceId } });
      if (!redeemed.ok) throw new Error(`could not enrol ${deviceId}: ${redeemed.error}`);
      tablets.push({ deviceId, token, checkpointId, head: null, version: null, revision: undefined });
    };
    for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => enrolOne(i + j)));
  } finally {
    await storage.close();
  }
  return tablets.sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));
}

const loadBefore = loadavg()[0] ?? 0;
const sealKey = await newCheckpointKey();
const results: StepResult[] = [];
for (const setup of setups) {
  const db = await freshDatabase(setup.kind, pgUrl);
  try {
    const largest = steps.at(-1)!;
    console.log(`${setup.kind} × ${setup.processes}: enrolling ${largest} tablets over ${CITY.checkpoints} checkpoints…`);
    const tablets = await enrolProvince(db.env, largest, sealKey);
    const server = await startServer(resolve('.'), await freePort(), { ...db.env, SERVER_PROCESSES: String(setup.processes) });
    try {
      for (const count of steps) {
        const shape = shapeFor(count);
        await firstPulls(server.port, tablets.slice(0, count));
        const cpuBefore = processTreeCpu(server.pid);
        const pgBefore = setup.kind === 'postgres' ? postgresCpu() : 0;
        const run = await runProvince(server.port, tablets.slice(0, count), shape, sealKey.publicKey);
        const cpuAfter = processTreeCpu(server.pid);
        const cpu = [...cpuAfter].map(([pid, s]) => s - (cpuBefore.get(pid) ?? 0));
        const step: StepResult = { ...setup, tablets: count, shape, run, cpuSeconds: cpu, postgresCpuSeconds: setup.kind === 'postgres' ? postgresCpu() - pgBefore : null };
        results.push(step);
        console.log(`${setup.kind} × ${setup.processes}, ${count} tablets: ${Math.round(run.stored / run.seconds)} entries/s, ${run.errors.length} errors${run.errors[0] ? ` (${run.errors[0]})` : ''}`);
        if (run.errors.length > 0) throw new Error(`the run had errors: ${run.errors.join('; ')}`);
        // Past the count this setup serves, a larger one only queues longer: the next setup's turn.
        if (percentile(run.pushMs, 99) > SERVED_P99_MS) break;
      }
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}

const pgVersion = pgUrl ? execFileSync('psql', [pgUrl, '-qAtc', 'SHOW server_version'], { encoding: 'utf8' }).trim() : 'not run';
const argv = process.argv.slice(2).join(' ');
const markdown = report(results, {
  command: `npm run bench:province${argv ? ` -- ${argv}` : ''}`,
  machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, PostgreSQL ${pgVersion}, ${new Date().toISOString().slice(0, 10)}, ${benchSource()}; `
    + `load average ${loadBefore.toFixed(1)} before the run, ${(loadavg()[0] ?? 0).toFixed(1)} after`,
  cores: cpus().length,
});
console.log(`\n${markdown}`);
if (args.out) writeFileSync(args.out, markdown);
