/** The operator CLI as an operator runs it: `node bin/kadian.js …` against a throwaway DATA_DIR. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../src/core/chain.ts';
import { exportHeader } from '../../src/core/exportColumns.ts';
import { say } from '../../src/core/catalogue.ts';
import { decodeResidentCode } from '../../src/core/residentCode.ts';
import type { EnrolResponse } from '../../src/core/wire.ts';
import { removeServerAddress, writeServerAddress } from '../../src/server/address.ts';
import { buildApp } from '../../src/server/app.ts';
import { openStorage } from '../../src/server/settings.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import { entryFields, PUBLIC_URL } from './helpers.ts';

const KADIAN = fileURLToPath(new URL('../../bin/kadian.js', import.meta.url));
let dataDir: string;

interface Run { code: number; stdout: string; stderr: string }

function kadian(...args: string[]): Promise<Run> {
  return kadianWith({}, ...args);
}

/** `env` adds to the CLI's environment; an undefined value leaves that variable out. */
function kadianWith(env: Record<string, string | undefined>, ...args: string[]): Promise<Run> {
  const merged = Object.fromEntries(Object.entries({ ...process.env, DATA_DIR: dataDir, PUBLIC_URL, ...env }).filter(([, v]) => v !== undefined));
  return new Promise((resolve) => {
    execFile(process.execPath, [KADIAN, ...args], { env: merged, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kadian-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function withApp<T>(work: (app: Awaited<ReturnType<typeof buildApp>>, storage: Storage) => Promise<T>): Promise<T> {
  const storage = openStorage(dataDir);
  const app = await buildApp({ storage, dataDir, publicUrl: PUBLIC_URL });
  try {
    return await work(app, storage);
  } finally {
    await app.close();
    await storage.close();
  }
}

// Each case runs the CLI (a Node process with tsx) several times: seconds each on a loaded 2-core machine.
describe('kadian enrol-code', { timeout: 90_000 }, () => {
  it('prints an enrolment URL on the first stdout line whose code enrols a tablet', async () => {
    const run = await kadian('enrol-code');
    expect(run.code).toBe(0);
    const url = run.stdout.split('\n')[0] ?? '';
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/enrol\\?code=[A-Z0-9]{10}$`));
    expect(run.stderr).toContain('▀'); // the terminal QR code
    const code = new URL(url).searchParams.get('code') ?? '';
    await withApp(async (app) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });
      expect(res.statusCode).toBe(200);
      expect(res.json<EnrolResponse>().config.checkpoint.id).toBe('demo-gate');
    });
  });

  it('without PUBLIC_URL or PORT, prints the address of the server running on DATA_DIR, and the expiry on its clock', async () => {
    const away = { PUBLIC_URL: undefined, PORT: undefined };
    // No server noted in DATA_DIR: the default address, and a word that it is only assumed.
    const none = await kadianWith(away, 'enrol-code');
    expect(none.stdout).toMatch(/^http:\/\/localhost:8080\/enrol\?code=/);
    expect(none.stderr).toContain('No server is running on this DATA_DIR');
    // A running server noted its address (this test's own process stands in for it): the CLI prints that one.
    writeServerAddress(dataDir, 'http://127.0.0.1:18765');
    try {
      const running = await kadianWith(away, 'enrol-code');
      expect(running.stdout).toMatch(/^http:\/\/127\.0\.0\.1:18765\/enrol\?code=[A-Z0-9]{10}\n/);
      // Local time in TIME_ZONE, not UTC ISO.
      expect(running.stderr).toMatch(/有效期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Asia\/Shanghai\)/);
      expect(running.stderr).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
      // PUBLIC_URL still wins.
      expect((await kadian('enrol-code')).stdout.startsWith(`${PUBLIC_URL}/enrol?code=`)).toBe(true);
    } finally {
      removeServerAddress(dataDir);
    }
  });

  it('refuses an unknown checkpoint, naming the known ones', async () => {
    const run = await kadian('enrol-code', '--checkpoint', 'north-gate');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('north-gate');
    expect(run.stderr).toContain('demo-gate');
  });
});

describe('kadian resident-code', () => {
  it('prints a KDR1 code that decodes to what was given', async () => {
    const run = await kadian('resident-code', '--id', '11010519491231002x', '--name', '张三', '--phone', '13800000000', '--community', '示范社区', '--address', '1-2-301');
    expect(run.code).toBe(0);
    const decoded = decodeResidentCode(run.stdout.split('\n')[0] ?? '');
    expect(decoded).toEqual({ ok: true, value: { id: '11010519491231002X', name: '张三', phone: '13800000000', community: '示范社区', address: '1-2-301' } });
  });

  it('refuses a wrong ID number with the message in Chinese and English, exit 2', async () => {
    const run = await kadian('resident-code', '--id', '110105194912310021', '--name', '张三');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(say('id-check', 'zh'));
    expect(run.stderr).toContain(say('id-check', 'en'));
  });
});

describe('kadian export', { timeout: 90_000 }, () => {
  it('streams a header and one row per stored entry, with formulas neutralised', async () => {
    const tablet = await withApp(async (app, storage) => {
      const { checkpoint } = await storage.ensureDemo();
      const url = (await kadian('enrol-code')).stdout.split('\n')[0] ?? '';
      const res = await app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: new URL(url).searchParams.get('code') } });
      const enrolled = res.json<EnrolResponse>();
      const t = { deviceId: enrolled.deviceId, checkpointId: checkpoint.id };
      const e1 = await seal({ ...entryFields(t, 1), name: '=cmd()', reasons: ['identity-only', 'fever'] }, null);
      const e2 = await seal({ ...entryFields(t, 2), name: '李四, "小李"', personId: null }, e1);
      const pushed = await app.inject({ method: 'POST', url: '/api/v1/entries', headers: { authorization: `Bearer ${enrolled.token}` }, payload: { entries: [e1, e2] } });
      expect(pushed.json<{ results: Array<{ status: string }> }>().results.map((r) => r.status)).toEqual(['stored', 'stored']);
      return t;
    });

    const run = await kadian('export', '--format', 'csv', '--lang', 'en');
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('\uFEFF')).toBe(true);
    const lines = run.stdout.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    // A lead's order: when, which way, who, the verdict and why, what was done after (处置); the machine's columns (device, seq, hash) last.
    expect(lines[0]).toBe('at,direction,name,id_number,verdict,reasons,outcome,outcome_note,follows_seq,plate,vehicle,vehicle_role,colour,temperature,source,checkpoint,operator,received_at,device,seq,hash');
    expect(lines[0]).toBe(exportHeader('en').join(','));
    expect(lines.slice(1, -1)).toHaveLength(2);
    // English keeps machine names (the checkpoint's id) and gives times on TIME_ZONE's clock in ISO 8601 with the offset.
    expect(lines[1]).toMatch(new RegExp(`^2026-11-23T08:01:00\\+08:00,in,'=cmd\\(\\),11010519491231002X,pass,identity-only;fever,,,,,,,green,36\\.5,KDR1,demo-gate,,\\d{4}-\\d{2}-\\d{2}T[0-9:]{8}\\+08:00,${tablet.deviceId},1,[0-9a-f]{64}$`));
    expect(lines[2]).toContain(',"李四, ""小李""",');

    // Chinese by default: headers, the enumerations and reasons spelt out, the checkpoint by name, the wall clock.
    const zh = (await kadian('export')).stdout.slice(1).split('\r\n');
    expect(zh[0]).toBe('时间,方向,姓名,身份证号,结果,原因,处置,处置说明,原登记序号,车牌,车辆,乘车身份,颜色,体温,来源,卡点,值守人员,接收时间,设备,序号,校验值');
    expect(zh[1]).toMatch(/^2026-11-23 08:01:00,入,'=cmd\(\),11010519491231002X,通过,/);
    expect(zh[1]).toContain(`,${say('identity-only', 'zh')}；${say('fever', 'zh')},,,,,,,绿,36.5,居民信息码,示范社区 · 东门卡点,`);
    // The zone is the server's TIME_ZONE: another one moves the wall clock, never the instant.
    const utc = (await kadianWith({ TIME_ZONE: 'UTC' }, 'export', '--lang', 'en')).stdout.slice(1).split('\r\n');
    expect(utc[1]).toMatch(/^2026-11-23T00:01:00\+00:00,in,/);

    const none = await kadian('export', '--since', '2099-01-01T00:00:00Z');
    expect(none.stdout.slice(1).split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses an unknown format, language or area, and a since that is not a date, exit 2', async () => {
    const pdf = await kadian('export', '--format', 'pdf');
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toContain('pdf');
    expect(pdf.stderr).toContain('xlsx');
    expect((await kadian('export', '--lang', 'fr')).code).toBe(2);
    for (const flag of ['--area', '--community']) {
      const area = await kadian('export', flag, 'nowhere');
      expect(area.code).toBe(2);
      expect(area.stderr).toContain('kadian areas list');
    }
    expect((await kadian('export', '--since', 'yesterday')).code).toBe(2);
  });
});

describe('kadian usage', () => {
  it('prints usage and exits 2 for --help and unknown commands', async () => {
    for (const args of [['--help'], ['frobnicate'], []]) {
      const run = await kadian(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('enrol-code');
    }
  });
});
