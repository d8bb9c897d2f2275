/** `npm run bench:server`: server ingest (50 tablets pushing at once) and sync (one tablet, 100,000 entries), SQLite and PostgreSQL side by side. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newCheckpointKey } from '../../src/core/personSeal.ts';
import { benchDevice, enrolAll, freshDatabase, type BenchDevice } from './fixture.ts';
import { freePort, pushAll, startServer, type LoadResult } from './load.ts';
import { report, type Run } from './report.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '50' },
    batches: { type: 'string', default: '4' },
    sync: { type: 'string', default: '100000' },
    reps: { type: 'string', default: '3' },
    baseline: { type: 'string' },
    'baseline-sealed': { type: 'boolean', default: false },
    plain: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: 'bench/results-server.md' },
  },
});
const count = (name: string, text: string | undefined): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number, not ${text}`);
  return n;
};
const devicesN = count('devices', args.devices);
const batchesN = count('batches', args.batches);
const syncN = count('sync', args.sync);
const reps = count('reps', args.reps);
const pgUrl = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || null;
const kinds = (['sqlite', 'postgres'] as const).filter((k) => (k === 'postgres' ? pgUrl !== null : true)).filter((k) => !args.only || args.only === k);
if (!pgUrl) console.warn('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL), e.g. postgres://kadian:kadian@127.0.0.1/kadian_test');
// `current` pushes what tablets send now (persons sealed); --plain adds the same entries in clear to the same server,
// so the cost of opening the boxes shows side by side. A --baseline checkout from before sealing gets them in clear;
// with --baseline-sealed it gets the same sealed entries as `current` (a baseline that opens them too).
const projects = [
  { label: 'current', dir: resolve('.'), sealed: true },
  ...(args.plain ? [{ label: 'plain', dir: resolve('.'), sealed: false }] : []),
  ...(args.baseline ? [{ label: 'baseline', dir: resolve(args.baseline), sealed: args['baseline-sealed'] }] : []),
];

// The machine is shared: the load average before and after goes into the report with the figures.
const loadBefore = loadavg()[0] ?? 0;
console.log(`sealing ${devicesN * batchesN * 500 + syncN} entries…`);
const sealStart = Date.now();
const sealKey = await newCheckpointKey();
async function fixtures(sealed: boolean): Promise<{ ingest: BenchDevice[]; warm: BenchDevice; sync: BenchDevice }> {
  const key = sealed ? sealKey.publicKey : null;
  const ingest: BenchDevice[] = [];
  for (let i = 0; i < devicesN; i++) ingest.push(await benchDevice(`dev-bench-${String(i).padStart(3, '0')}`, batchesN * 500, key));
  return { ingest, warm: await benchDevice('dev-bench-warm', 1500, key), sync: await benchDevice('dev-bench-sync', syncN, key) };
}
const bySealing = new Map<boolean, Awaited<ReturnType<typeof fixtures>>>();
for (const sealed of new Set(projects.map((p) => p.sealed))) bySealing.set(sealed, await fixtures(sealed));
console.log(`sealed in ${((Date.now() - sealStart) / 1000).toFixed(1)} s`);

const runs: Run[] = [];
const check = (what: string, r: LoadResult, expected: number): void => {
  if (r.stored !== expected || r.other !== 0) throw new Error(`${what}: ${r.stored} stored, ${r.other} not, of ${expected}`);
};
// Configurations alternate within each repetition, so a noisy minute hurts them all alike.
for (let rep = 1; rep <= reps; rep++) {
  for (const project of projects) {
    const { ingest, warm, sync } = bySealing.get(project.sealed)!;
    for (const kind of kinds) {
      const db = await freshDatabase(kind, pgUrl);
      try {
        await enrolAll(db.env, [...ingest, warm, sync], sealKey);
        const server = await startServer(project.dir, await freePort(), db.env);
        try {
          await pushAll(server.port, [warm]); // JIT, prepared statements, pools
          const load = await pushAll(server.port, ingest);
          check('ingest', load, devicesN * batchesN * 500);
          const synced = await pushAll(server.port, [sync]);
          check('sync', synced, syncN);
          runs.push({ project: project.label, kind, rep, ingest: load, sync: synced });
          console.log(
            `rep ${rep} ${project.label} ${kind}: ingest ${Math.round(load.stored / load.seconds)} entries/s, sync ${synced.seconds.toFixed(1)} s`,
          );
        } finally {
          await server.stop();
        }
      } finally {
        await db.drop();
      }
    }
  }
}

const pgVersion = pgUrl ? execFileSync('psql', [pgUrl, '-qAtc', 'SHOW server_version'], { encoding: 'utf8' }).trim() : 'not run';
const argv = process.argv.slice(2).join(' ');
const markdown = report(runs, {
  command: `npm run bench:server${argv ? ` -- ${argv}` : ''}`,
  machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, PostgreSQL ${pgVersion}, ${new Date().toISOString().slice(0, 10)}; `
    + `load average ${loadBefore.toFixed(1)} before the run, ${(loadavg()[0] ?? 0).toFixed(1)} after`,
  devices: devicesN, batches: batchesN, sync: syncN, reps,
});
console.log(`\n${markdown}`);
if (args.out) writeFileSync(args.out, markdown);
