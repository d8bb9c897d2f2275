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
import { buildApp } from '../../src/server/app.ts';
import { openStorage } from '../../src/server/settings.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import { entryFields, PUBLIC_URL } from './helpers.ts';

const KADIAN = fileURLToPath(new URL('../../bin/kadian.js', import.meta.url));
let dataDir: string;

interface Run { code: number; stdout: string; stderr: string }

function kadian(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [KADIAN, ...args], { env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL }, encoding: 'utf8' }, (error, stdout, stderr) => {
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

describe('kadian enrol-code', () => {
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

describe('kadian export', () => {
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
    expect(lines[0]).toBe('checkpoint,device,seq,at,received_at,direction,source,id_number,name,colour,temperature,verdict,reasons,operator,hash');
    expect(lines[0]).toBe(exportHeader('en').join(','));
    expect(lines.slice(1, -1)).toHaveLength(2);
    expect(lines[1]).toContain(`demo-gate,${tablet.deviceId},1,`);
    expect(lines[1]).toContain(",'=cmd(),");
    expect(lines[1]).toContain(',identity-only;fever,');
    expect(lines[2]).toContain(',"李四, ""小李""",');

    // Chinese by default: headers, and the enumerations and reasons spelt out.
    const zh = (await kadian('export')).stdout.slice(1).split('\r\n');
    expect(zh[0]).toBe('卡点,设备,序号,时间,接收时间,方向,来源,身份证号,姓名,颜色,体温,结果,原因,值守人员,校验值');
    expect(zh[1]).toContain(',入,居民码,11010519491231002X,\'=cmd(),绿,36.5,通过,');
    expect(zh[1]).toContain(`,${say('identity-only', 'zh')}；${say('fever', 'zh')},`);

    const none = await kadian('export', '--since', '2099-01-01T00:00:00Z');
    expect(none.stdout.slice(1).split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses an unknown format, language or community, and a since that is not a date, exit 2', async () => {
    const pdf = await kadian('export', '--format', 'pdf');
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toContain('pdf');
    expect(pdf.stderr).toContain('xlsx');
    expect((await kadian('export', '--lang', 'fr')).code).toBe(2);
    const community = await kadian('export', '--community', 'nowhere');
    expect(community.code).toBe(2);
    expect(community.stderr).toContain('demo-community');
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
