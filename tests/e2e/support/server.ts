/** The real central server for a test: its own port and DATA_DIR, started, killed and restarted at will. */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/** A port free on loopback now, for a server about to start (the browser tests' and the multi-process test's). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });
}

export class TestServer {
  private process: ChildProcess | undefined;
  readonly url: string;
  output = '';

  private constructor(readonly port: number, readonly dataDir: string, private readonly extraEnv: Record<string, string>) {
    this.url = `http://localhost:${port}`;
  }

  /** `env` adds to the server's environment, e.g. APP_DIR for a copy of the app a test can redeploy. */
  static async start(env: Record<string, string> = {}): Promise<TestServer> {
    const server = new TestServer(await freePort(), mkdtempSync(join(tmpdir(), 'kadian-e2e-')), env);
    await server.restart();
    return server;
  }

  private get env() {
    // Every tablet of a test enrols from 127.0.0.1: the per-IP enrolment limit is a test of its own (tests/server/rateLimit.test.ts).
    return { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', DATA_DIR: this.dataDir, PUBLIC_URL: this.url, RATE_LIMIT_ENROL: '1000', ...this.extraEnv };
  }

  /** Starts the server process (again) on the same port and data, and waits until it answers. */
  async restart(): Promise<void> {
    this.process = spawn(process.execPath, [join(ROOT, 'bin/server.js')], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.process.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    // A ceiling, not a wait: a loaded 2-core machine has taken over 20 s to start the server (tsx compiling, migrations).
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`${this.url}/api/v1/health`)).ok) return;
      } catch {
        // not up yet
      }
      if (this.process.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not start:\n${this.output}`);
  }

  /** Stops the process; SIGKILL leaves it no chance to finish anything. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  /** Runs the operator CLI against this server's DATA_DIR. */
  async cli(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [join(ROOT, 'bin/kadian.js'), ...args], { cwd: ROOT, env: this.env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  }

  /** Runs the CLI with `input` on its standard input (a password, as an operator pipes it). */
  cliWithInput(input: string, ...args: string[]): Promise<string> {
    return new Promise((done, fail) => {
      const child = execFile(process.execPath, [join(ROOT, 'bin/kadian.js'), ...args], { cwd: ROOT, env: this.env }, (error, stdout, stderr) =>
        error ? fail(new Error(`${error.message}\n${stderr}`)) : done(stdout));
      child.stdin?.end(input);
    });
  }

  /** Runs the CLI as an operator at the server's machine might: the same DATA_DIR, but neither PORT nor PUBLIC_URL. */
  async cliWithoutAddress(...args: string[]): Promise<string> {
    const { PORT: _port, PUBLIC_URL: _url, ...env } = this.env;
    const { stdout } = await run(process.execPath, [join(ROOT, 'bin/kadian.js'), ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  }

  async enrolmentUrl(): Promise<string> {
    const url = (await this.cli('enrol-code')).split('\n')[0]!.trim();
    if (!url.startsWith(this.url)) throw new Error(`unexpected enrolment URL: ${url}`);
    return url;
  }

  /** The central log as the operator exports it: one object per CSV row. */
  async exportedRows(): Promise<Array<Record<string, string>>> {
    const [header, ...rows] = (await this.cli('export', '--format', 'csv', '--lang', 'en')).replace(/^\uFEFF/, '').trim().split('\r\n');
    if (!header) return [];
    const names = header.split(',');
    return rows.filter(Boolean).map((row) => Object.fromEntries(row.split(',').map((cell, i) => [names[i]!, cell])));
  }
}
