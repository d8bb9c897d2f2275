/** Issue #15: the console's export holds exactly the pushed entries of the caller's scope and of the local days asked for, as CSV or XLSX; on each database. */
import { strFromU8, unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import type { Entry } from '../../src/core/entry.ts';
import { exportHeader } from '../../src/core/exportColumns.ts';
import { onEachConsoleCity, type Signed } from './consoleFixture.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import { enrol, push, type Tablet } from './helpers.ts';

/** Local days (Asia/Shanghai, the default TIME_ZONE) 20…23; the second one's instant is written in UTC, on the 20th. */
const C1_TIMES = ['2026-11-20T23:30:00.000+08:00', '2026-11-20T16:30:00.000Z', '2026-11-22T23:59:59.000+08:00', '2026-11-23T00:00:00.000+08:00'];
const C2_TIMES = ['2026-11-21T12:00:00.000+08:00', '2026-11-22T08:00:00.000+08:00'];
const D2_TIMES = ['2026-11-21T09:00:00.000+08:00'];

/** Device, seq and hash of each row of an English CSV export (they are its last three columns). */
function csvKeys(text: string): string[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = text.slice(1).split('\r\n').filter((l) => l !== '');
  expect(header).toBe(exportHeader('en').join(','));
  return rows.map((r) => r.split(',').slice(-3).join(' ')).sort();
}

const keys = (entries: ReadonlyArray<Entry | undefined>): string[] => entries.map((e) => (e ? `${e.deviceId} ${e.seq} ${e.hash}` : 'missing')).sort();

onEachConsoleCity('console export', (city) => {
  let c1: Entry[], c2: Entry[], d2: Entry[];
  const csv = async (who: Signed, query: string): Promise<string[]> => {
    const res = await city().as(who, 'GET', `/api/v1/console/export?format=csv&lang=en&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    return csvKeys(res.body);
  };
  const pushAt = async (checkpointId: string, times: readonly string[]): Promise<Entry[]> => {
    const tablet: Tablet = await enrol(city().h, checkpointId);
    const entries = sealedChain(tablet, times.map((at) => ({ at })));
    expect((await push(city().h, tablet, entries)).body.results.every((r) => r.status === 'stored')).toBe(true);
    return entries;
  };

  it('exports the pushed entries of the subtree and the local days asked for, and nothing else', async () => {
    c1 = await pushAt('cp-c1a-1', C1_TIMES);
    c2 = await pushAt('cp-c2a-1', C2_TIMES);
    d2 = await pushAt('cp-c3a-1', D2_TIMES);
    const hq = await city().session('hq-d1');
    const range = 'from=2026-11-21&to=2026-11-22';
    expect(await csv(hq, range)).toEqual(keys([c1[1], c1[2], ...c2]));
    expect(await csv(hq, `${range}&area=a-c2`)).toEqual(keys(c2));
    expect(await csv(hq, `${range}&place=p-c1a`)).toEqual(keys([c1[1], c1[2]]));
    expect(await csv(hq, `${range}&checkpoint=cp-c1a-1`)).toEqual(keys([c1[1], c1[2]]));
    expect(await csv(hq, 'from=2026-11-23&to=2026-11-23')).toEqual(keys([c1[3]]));
    expect(await csv(hq, 'from=2026-11-20&to=2026-11-20')).toEqual(keys([c1[0]]));
    expect(await csv(hq, 'from=2026-12-01&to=2026-12-31')).toEqual([]);
    // Every role in its own subtree: a tracer as its hq, a lead of a place only that place, of a community only it.
    expect(await csv(await city().session('tracer-d1'), range)).toEqual(keys([c1[1], c1[2], ...c2]));
    expect(await csv(await city().session('lead-p'), range)).toEqual(keys([c1[1], c1[2]]));
    expect(await csv(await city().session('lead-c2'), range)).toEqual(keys(c2));
    expect(await csv(await city().session('hq-d2'), range)).toEqual(keys(d2));
    expect(await csv(await city().session('admin'), 'from=2026-11-21&to=2026-11-21')).toEqual(keys([c1[1], c2[0], d2[0]]));
    expect(await city().lastAudit('console.export')).toMatchObject({
      actor: `user:${city().userId.admin}`, areaPath: null, target: null,
      detail: { scope: 'area', from: '2026-11-21', to: '2026-11-21', format: 'csv', lang: 'en', timeZone: 'Asia/Shanghai' },
    });
  });

  it('streams an XLSX workbook named for the area, in Chinese, audited with its scope and range', async () => {
    const hq = await city().session('hq-d1');
    const res = await city().as(hq, 'GET', '/api/v1/console/export?from=2026-11-21&to=2026-11-22&area=a-d1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="kadian-a-d1-2026-11-21-2026-11-22.xlsx"; filename*=UTF-8''${encodeURIComponent('kadian-湖滨区-2026-11-21-2026-11-22.xlsx')}`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    for (const e of [c1[1], c1[2], ...c2]) expect(sheet).toContain(e?.hash);
    for (const e of [c1[0], c1[3], ...d2]) expect(sheet).not.toContain(e?.hash);
    expect(sheet).toContain(exportHeader('zh')[0]);
    expect(await city().lastAudit('console.export')).toMatchObject({
      actor: `user:${hq.userId}`, areaPath: ['a-city', 'a-d1'], target: 'a-d1',
      detail: { scope: 'area', from: '2026-11-21', to: '2026-11-22', format: 'xlsx', lang: 'zh', checkpoints: 4 },
    });
  });

  it('refuses days that do not exist or run backwards, a missing range, and two scopes at once', async () => {
    const hq = await city().session('hq-d1');
    for (const query of ['from=2026-11-22&to=2026-11-21', 'from=2026-02-30&to=2026-03-01', 'from=2026-11-21', 'from=21.11.2026&to=2026-11-22', 'from=2026-11-21&to=2026-11-22&format=pdf',
      'from=2026-11-21&to=2026-11-22&area=a-d1&checkpoint=cp-c1a-1']) {
      const res = await city().as(hq, 'GET', `/api/v1/console/export?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ error: 'request-invalid' });
    }
  });
});
