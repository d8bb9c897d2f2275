/** The operator's lead-mode commands (lead-pin, enrol-code --pin, policy) and the XLSX and per-community export. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../src/core/chain.ts';
import { exportHeader } from '../../src/core/exportColumns.ts';
import { checkLeadPin } from '../../src/core/leadPin.ts';
import type { LeadPin } from '../../src/core/leadWire.ts';
import { say } from '../../src/core/catalogue.ts';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import type { Config, EnrolResponse, PushResponse } from '../../src/core/wire.ts';
import { kadianIn } from './cliRunner.ts';
import { addCheckpoint, enrol, entryFields, harness, type Harness, type Tablet } from './helpers.ts';
import { provenPolicy } from './leadProofs.ts';

let h: Harness;
let gate: Tablet;
let north: Tablet;
const kadian = (...args: string[]) => kadianIn(h.dataDir, ...args);

async function config(t: Tablet): Promise<Config> {
  return (await h.app.inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${t.token}` } })).json<Config>();
}

async function pushAll(t: Tablet, entries: unknown[]): Promise<void> {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/entries', headers: { authorization: `Bearer ${t.token}` }, payload: { entries } });
  expect(res.json<PushResponse>().results.every((r) => r.status === 'stored')).toBe(true);
}

beforeAll(async () => {
  h = await harness();
  addCheckpoint(h.dataDir, { id: 'north-gate', name: '北门卡点', communityId: 'river-village', communityName: '河村' });
  gate = await enrol(h);
  north = await enrol(h, 'north-gate');
  const g1 = await seal({ ...entryFields(gate, 1), name: '=cmd()', personId: '110105194912310029' }, null);
  const g2 = await seal({ ...entryFields(gate, 2), name: '王小明', direction: 'out', reasons: ['identity-only'] }, g1);
  await pushAll(gate, [g1, g2]);
  await pushAll(north, [await seal({ ...entryFields(north, 1), name: '赵六', personId: '44030419900315456X' }, null)]);
});
afterAll(() => h.close());

describe('kadian lead-pin and enrol-code --pin', () => {
  it('sets the lead PIN as a hash that the config carries and the PIN unlocks', async () => {
    const before = await config(gate);
    const run = await kadian('lead-pin', 'set', '2468');
    expect(run.code).toBe(0);
    const after = await config(gate);
    expect(after.version).toBeGreaterThan(before.version);
    expect(await checkLeadPin('2468', after.leadPin as LeadPin)).toBe(true);
    expect(JSON.stringify(after)).not.toContain('2468"');
    expect((await config(north)).leadPin).toBeNull();
  });

  it('refuses a PIN that is not 4–8 digits in both languages, exit 2, changing nothing', async () => {
    const before = await config(gate);
    for (const pin of ['12', 'abcd', '123456789']) {
      const run = await kadian('lead-pin', 'set', pin);
      expect(run.code, pin).toBe(2);
      expect(run.stderr).toContain(say('pin-format', 'zh'));
      expect(run.stderr).toContain(say('pin-format', 'en'));
    }
    expect((await config(gate)).leadPin).toEqual(before.leadPin);
    expect((await kadian('lead-pin', 'set')).code).toBe(2);
  });

  it('enrol-code --pin sets the PIN with the enrolment; a bad PIN issues no code', async () => {
    const run = await kadian('enrol-code', '--checkpoint', 'north-gate', '--pin', '97531');
    expect(run.code).toBe(0);
    const code = new URL(run.stdout.split('\n')[0] ?? '').searchParams.get('code');
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });
    const enrolled = res.json<EnrolResponse>();
    expect(enrolled.config.checkpoint.id).toBe('north-gate');
    expect(await checkLeadPin('97531', enrolled.config.leadPin as LeadPin)).toBe(true);
    const bad = await kadian('enrol-code', '--pin', '9x');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
  });
});

describe('kadian policy', () => {
  it('prints the rules in force and who changed what, when', async () => {
    const policy = { ...DEFAULT_POLICY, colours: { ...DEFAULT_POLICY.colours, yellow: 'check' as const }, capacity: 120 };
    const res = await h.app.inject({
      method: 'PUT', url: '/api/v1/policy', headers: { authorization: `Bearer ${gate.token}` },
      payload: await provenPolicy(h, gate, policy, { changedAt: '2026-11-23T16:00:00+08:00' }),
    });
    expect(res.statusCode).toBe(200);
    const run = await kadian('policy');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('示范社区 东门卡点 (demo-gate)');
    expect(run.stdout).toContain('黄码 / yellow code: 请核验 / check');
    expect(run.stdout).toContain('容量 / capacity: 120');
    expect(run.stdout).toContain(`tablet ${gate.deviceId}「test tablet」`);
    expect(run.stdout).toContain('2026-11-23T16:00:00+08:00');
    expect(run.stdout).toContain('黄码: 禁止通行 → 请核验  |  yellow code: stop → check');
    expect(run.stdout).toContain('容量: 不限 → 120  |  capacity: no limit → 120');
    const other = await kadian('policy', '--checkpoint', 'north-gate');
    expect(other.stdout).toContain('No changes recorded yet');
  });
});

/** A column's place in the export, by its header. */
const zhColumn = (header: string) => exportHeader('zh').indexOf(header);
const enColumn = (header: string) => exportHeader('en').indexOf(header);

async function workbook(bytes: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer: a copy holds exactly the file's bytes.
  await book.xlsx.load(Uint8Array.from(bytes).buffer);
  const rows: unknown[][] = [];
  book.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('kadian export --format xlsx', () => {
  it('streams a workbook with Chinese headers, one row per entry, names neutralised and ID numbers as text', async () => {
    const run = await kadian('export', '--format', 'xlsx');
    expect(run.code).toBe(0);
    expect(run.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const rows = await workbook(run.bytes);
    expect(rows[0]).toEqual(exportHeader('zh'));
    expect(rows).toHaveLength(4);
    const byName = new Map(rows.slice(1).map((r) => [r[zhColumn('姓名')], r]));
    expect([...byName.keys()].sort()).toEqual(["'=cmd()", '王小明', '赵六'].sort());
    const cmd = byName.get("'=cmd()")!;
    // The checkpoint by its name, the machine's columns last.
    expect([cmd[zhColumn('卡点')], cmd[zhColumn('设备')], cmd[zhColumn('序号')]]).toEqual(['示范社区 · 东门卡点', gate.deviceId, 1]);
    expect(rows[0]?.at(-1)).toBe('校验值');
    expect(cmd[zhColumn('身份证号')]).toBe('110105194912310029');
    const wang = byName.get('王小明')!;
    expect([wang[zhColumn('方向')], wang[zhColumn('来源')], wang[zhColumn('身份证号')]]).toEqual(['出', '居民信息码', '11010519491231002X']);
    expect(wang[zhColumn('原因')]).toBe(say('identity-only', 'zh'));
    expect(byName.get('赵六')?.[zhColumn('身份证号')]).toBe('44030419900315456X');
  });

  it('--lang en gives English headers and machine names', async () => {
    const rows = await workbook((await kadian('export', '--format', 'xlsx', '--lang', 'en')).bytes);
    expect(rows[0]).toEqual(exportHeader('en'));
    expect(rows[0]).toContain('id_number');
    expect(rows.slice(1).map((r) => r[enColumn('direction')]).sort()).toEqual(['in', 'in', 'out']);
  });

  it('--community keeps the entries of that community only, in XLSX and CSV', async () => {
    const rows = await workbook((await kadian('export', '--format', 'xlsx', '--community', 'river-village')).bytes);
    expect(rows.slice(1).map((r) => r[zhColumn('卡点')])).toEqual(['河村 · 北门卡点']);
    const csv = await kadian('export', '--community', 'demo-community', '--lang', 'en');
    const lines = csv.stdout.slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    const checkpoint = enColumn('checkpoint');
    expect(lines.slice(1).every((l) => l.split(',')[checkpoint] === 'demo-gate')).toBe(true);
    const none = await kadian('export', '--format', 'xlsx', '--community', 'river-village', '--since', '2099-01-01');
    expect(await workbook(none.bytes)).toHaveLength(1);
  });
});
