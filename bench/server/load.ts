/** A real server process on loopback and the tablets' pushes to it over keep-alive HTTP, with their latencies. */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchDevice } from './fixture.ts';

export interface RunningServer {
  port: number;
  /** The server's process (with SERVER_PROCESSES > 1, the cluster's primary). */
  pid: number;
  stop(): Promise<void>;
}

/** A port free on loopback now, for a server about to start. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** `node bin/server.js` of the checkout in `projectDir`, API only, quiet, on 127.0.0.1. */
export async function startServer(projectDir: string, port: number, env: Record<string, string>): Promise<RunningServer> {
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the push path.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(projectDir, 'bin/server.js')], {
    cwd: projectDir,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', APP_DIR: join(projectDir, '.no-app') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Errors pass through; the notice that the app is not built does not (the bench serves the API only, on purpose).
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    for (const line of text.split('\n')) if (line.trim() && !/未找到已构建的应用|the app is not built/.test(line)) console.error(`server: ${line}`);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server in ${projectDir} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error('the server did not answer within 30 s');
    await sleep(100);
  }
  return {
    port,
    pid: child.pid ?? 0,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface PushTiming {
  ms: number;
  stored: number;
  other: number;
}

/** One POST /entries; resolves with its latency and what the server said of each entry. */
function pushOnce(agent: Agent, port: number, token: string, body: string): Promise<PushTiming> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      { agent, host: '127.0.0.1', port, method: 'POST', path: '/api/v1/entries', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`push answered ${res.statusCode}: ${text.slice(0, 300)}`));
          const { results } = JSON.parse(text) as { results: Array<{ status: string }> };
          const stored = results.filter((r) => r.status === 'stored').length;
          resolve({ ms, stored, other: results.length - stored });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface LoadResult {
  seconds: number;
  stored: number;
  other: number;
  latencies: number[];
}

/** Every device pushes its batches one after another (as its uploader does), all devices at once. */
export async function pushAll(port: number, devices: readonly BenchDevice[]): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: devices.length });
  const latencies: number[] = [];
  let stored = 0;
  let other = 0;
  const started = process.hrtime.bigint();
  try {
    await Promise.all(devices.map(async (d) => {
      for (const body of d.bodies) {
        const t = await pushOnce(agent, port, d.token, body);
        latencies.push(t.ms);
        stored += t.stored;
        other += t.other;
      }
    }));
  } finally {
    agent.destroy();
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, stored, other, latencies };
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);
