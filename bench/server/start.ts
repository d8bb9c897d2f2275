/**
 * How long the server takes to answer after it is started, and an operator's command to finish: this tree against a
 * baseline tree (BASELINE_DIR, a checkout with node_modules), taking turns, each on a database of its own.
 * `START_RUNS` rounds (default 7). A killed server is back this much sooner; every browser test file and every CLI
 * call of the tests pays it. Then, in a process of each tree, an app built as the server tests build theirs
 * (`tests/server/helpers.ts` `harness()`), and, where the tree has it, the background pass over the route schemas.
 *
 *   BASELINE_DIR=/tmp/kadian-base npx tsx bench/server/start.ts
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from '../scan/stats.ts';

const HERE = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BASELINE = process.env.BASELINE_DIR ? resolve(process.env.BASELINE_DIR) : null;
const RUNS = Number(process.env.START_RUNS ?? 7);

const freePort = (): Promise<number> => new Promise((done, fail) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => done(port));
  }).on('error', fail);
});

/** Milliseconds from spawning `bin/server.js` of `tree` to its first 200 from /api/v1/health. */
async function serverStart(tree: string, dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const server = spawn(process.execPath, [join(tree, 'bin/server.js')], { cwd: tree, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir }, stdio: 'ignore' });
  try {
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server of ${tree} exited with ${server.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
}

/** Milliseconds for `kadian policy` of `tree` to print the rules and exit. */
function cliRun(tree: string, dataDir: string): number {
  const started = performance.now();
  execFileSync(process.execPath, [join(tree, 'bin/kadian.js'), 'policy'], { cwd: tree, env: { ...process.env, DATA_DIR: dataDir }, stdio: 'ignore' });
  return performance.now() - started;
}

/** In a tsx process of `tree`: the ms of each of `runs` test apps built, ready and closed, and of one compileSchemas pass (null: none). */
function appBuilds(tree: string, runs: number): { builds: number[]; compileAll: number | null } {
  const script = join(mkdtempSync(join(tmpdir(), 'kadian-apps-')), 'apps.mts');
  writeFileSync(script, `import { harness } from ${JSON.stringify(join(tree, 'tests/server/helpers.ts'))};
const builds = [];
for (let i = 0; i < ${runs}; i++) { const t = performance.now(); const h = await harness(); builds.push(performance.now() - t); await h.close(); }
const h = await harness();
let compileAll = null;
if (typeof h.app.compileSchemas === 'function') { const t = performance.now(); await h.app.compileSchemas(); compileAll = performance.now() - t; }
await h.close();
console.log(JSON.stringify({ builds, compileAll }));`);
  try {
    const out = execFileSync(process.execPath, [join(tree, 'node_modules/tsx/dist/cli.mjs'), script], { cwd: tree, encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').at(-1)!) as { builds: number[]; compileAll: number | null };
  } finally {
    rmSync(join(script, '..'), { recursive: true, force: true });
  }
}

const trees = [{ name: 'this tree', dir: HERE }, ...(BASELINE ? [{ name: 'baseline', dir: BASELINE }] : [])];
const times = new Map(trees.map((t) => [t.name, { server: [] as number[], cli: [] as number[] }]));
const dirs = new Map(trees.map((t) => [t.name, mkdtempSync(join(tmpdir(), 'kadian-start-'))]));
try {
  // A first start of each makes its database and keys, and fills tsx's cache of compiled sources: not counted.
  for (const t of trees) await serverStart(t.dir, dirs.get(t.name)!);
  for (let round = 0; round < RUNS; round++) {
    for (const t of round % 2 === 0 ? trees : [...trees].reverse()) {
      times.get(t.name)!.server.push(await serverStart(t.dir, dirs.get(t.name)!));
      times.get(t.name)!.cli.push(cliRun(t.dir, dirs.get(t.name)!));
    }
  }
} finally {
  for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
}

const row = (label: string, pick: (t: { server: number[]; cli: number[] }) => number[]) =>
  `| ${label} | ${trees.map((t) => `${Math.round(percentile(pick(times.get(t.name)!), 0.5))} ms (${pick(times.get(t.name)!).map(Math.round).join(', ')})`).join(' | ')} |`;
console.log(`| median (each run) | ${trees.map((t) => t.name).join(' | ')} |`);
console.log(`|---|${trees.map(() => '---:').join('|')}|`);
console.log(row('server started → /api/v1/health answers', (t) => t.server));
console.log(row('`kadian policy`', (t) => t.cli));

const apps = trees.map((t) => appBuilds(t.dir, RUNS));
console.log(`| a test app built and ready (\`harness()\`) | ${apps.map((a) => `${Math.round(percentile(a.builds, 0.5))} ms (${a.builds.map(Math.round).join(', ')})`).join(' | ')} |`);
console.log(`| every route schema compiled (\`compileSchemas()\`) | ${apps.map((a) => (a.compileAll === null ? 'at ready(), in the row above' : `${Math.round(a.compileAll)} ms`)).join(' | ')} |`);
