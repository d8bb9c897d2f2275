/** SERVER_PROCESSES > 1: a primary that forks the server processes sharing one port, restarts one that dies, and does nothing else. */
import cluster, { type Worker } from 'node:cluster';

/** Set by the primary in each worker's environment: the worker's number, 1 to SERVER_PROCESSES (a restart keeps it). */
const WORKER_NUMBER = 'KADIAN_WORKER';
/** What the primary sends a worker to close as on SIGTERM (a worker may not have had the signal itself). */
const SHUTDOWN = 'kadian:shutdown';

/**
 * Whether this process does the once-only work of a server: the demo setup and its banner, the address file and the
 * retention schedule. A single process does; with SERVER_PROCESSES, worker 1 (and the worker that replaces it).
 */
export function doesOnceOnlyWork(): boolean {
  return !cluster.isWorker || process.env[WORKER_NUMBER] === '1';
}

/** In a worker: `close` runs when the primary asks it to shut down. */
export function onPrimaryShutdown(close: () => void): void {
  if (cluster.isWorker) process.on('message', (message) => message === SHUTDOWN && close());
}

/**
 * Forks `count` workers (each runs main.ts as a server process; cluster shares the port among them). A worker that dies
 * after it listened is reported and replaced; one that dies before it ever listened (a bad setting, the database
 * unreachable) would only die again, so the primary stops the others and exits with its code. SIGINT/SIGTERM: every
 * worker closes, then the primary exits.
 */
export function runPrimary(count: number, port: number): void {
  const numbers = new Map<Worker, number>();
  const listened = new Set<Worker>();
  let closing = false;
  let othersForked = false;
  let exitCode = 0;
  const fork = (n: number): void => {
    numbers.set(cluster.fork({ [WORKER_NUMBER]: String(n) }), n);
  };
  const closeAll = (): void => {
    closing = true;
    if (numbers.size === 0) process.exit(exitCode);
    for (const worker of numbers.keys()) if (worker.isConnected()) worker.send(SHUTDOWN);
  };
  cluster.on('listening', (worker) => {
    listened.add(worker);
    // Closing already: a worker that was still starting when the others were told is told now it can hear.
    if (closing) worker.send(SHUTDOWN);
    // The others once the first listens: it has migrated the schema and made DATA_DIR's issuer key, which they would
    // otherwise all find missing at once and each make.
    if (othersForked || closing) return;
    othersForked = true;
    for (let n = 2; n <= count; n++) fork(n);
  });
  cluster.on('exit', (worker, code, signal) => {
    const n = numbers.get(worker) ?? 0;
    numbers.delete(worker);
    const how = signal ?? `code ${code}`;
    if (closing) {
      if (code !== 0 && exitCode === 0) exitCode = code ?? 1;
      if (numbers.size === 0) process.exit(exitCode);
      return;
    }
    const started = listened.delete(worker);
    if (!started) {
      console.error(`服务器进程 ${n} 启动失败（${how}），正在停止其余进程 / server process ${n} failed to start (${how}): stopping the others`);
      exitCode = code || 1;
      closeAll();
      return;
    }
    console.error(`服务器进程 ${n} 已退出（${how}），正在重启 / server process ${n} exited (${how}): starting it again`);
    fork(n);
  });
  const shutdown = (): void => {
    if (closing) process.exit(1); // a second Ctrl-C: stop waiting (the workers had it too)
    closeAll();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  console.log(`卡点 Kadian：启动 ${count} 个服务器进程，共用端口 ${port} / starting ${count} server processes on port ${port}`);
  fork(1);
}
