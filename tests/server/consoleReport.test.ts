/** Issue #15's upward report on each database: the file's figures are the /console/figures answer for the same scope and date, as CSV and as XLSX; a sibling district gets 403; every download is audited. */
import { strFromU8, unzipSync } from 'fflate';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import type { Language } from '../../src/core/catalogue.ts';
import type { FigureRow, Figures, Overview } from '../../src/core/consoleFigures.ts';
import type { Entry } from '../../src/core/entry.ts';
import { reportHasBlue, reportHeader } from '../../src/core/reportColumns.ts';
import { onEachConsoleCity, type Signed } from './consoleFixture.ts';
import { FEVER_STOP, KEY_PERSON, sealedChain } from './consoleOpsFixture.ts';
import { enrol, push } from './helpers.ts';

const TODAY = '2026-11-30';
/** The fixture's clock starts at 08:00 UTC: 16:00 in Asia/Shanghai, the default TIME_ZONE. */
const CUT_OFF = { zh: '截至 2026-11-30 16:00 (Asia/Shanghai)', en: 'As of 2026-11-30 16:00 (Asia/Shanghai)' } as const;
const at = (local: string): string => `${local}:00.000+08:00`;

/** Which figure each count column holds, by its English header (the machine name). */
const COUNTS: ReadonlyArray<[string, keyof Figures]> = [
  ['in', 'in'], ['out', 'out'], ['inside', 'inside'], ['passed', 'passed'], ['stopped', 'stopped'], ['checked', 'checked'],
  ['key_person', 'keyPerson'], ['green', 'green'], ['yellow', 'yellow'], ['red', 'red'], ['other_colour', 'otherColour'],
];
/** The fourth colour's column, in a report whose scope saw a blue code. */
const BLUE_COUNT: [string, keyof Figures] = ['blue', 'blue'];
/** The 处置 columns, each an outcome of the figures' `outcomes`. */
const OUTCOME_COUNTS: ReadonlyArray<[string, keyof Figures['outcomes']]> = [
  ['outcome_release', 'release'], ['outcome_turned_back', 'turnedBack'], ['outcome_hospital', 'hospital'], ['outcome_quarantine', 'quarantine'], ['outcome_other', 'other'],
];

function csvTable(res: LightMyRequestResponse): string[][] {
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.body.startsWith('\uFEFF')).toBe(true);
  return res.body.slice(1).split('\r\n').slice(0, -1).map((line) => (line === '' ? [] : line.split(',')));
}

/** The first sheet's rows as text, empty cells as '' (the report's cells are plain numbers and inline strings). */
function xlsxTable(res: LightMyRequestResponse): string[][] {
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const xml = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
  return [...xml.matchAll(/<row r="\d+">(.*?)<\/row>/g)].map(([, cells]) => {
    const row: string[] = [];
    for (const [, column, number, text] of (cells ?? '').matchAll(/<c r="([A-Z]+)\d+"[^>]*>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g)) {
      row[(column ?? 'A').charCodeAt(0) - 65] = number ?? text ?? '';
    }
    return Array.from(row, (cell) => cell ?? '');
  });
}

/** The table holds the header, the overview's rows in order with their figures and tablets, a blank row and the cut-off line. */
function expectOverview(table: string[][], overview: Overview, lang: Language): void {
  const rows: FigureRow[] = [overview.scope, ...overview.children];
  const blue = reportHasBlue(overview.scope);
  expect(table[0]).toEqual(reportHeader(lang, blue));
  const column = (name: string): number => reportHeader('en', blue).indexOf(name);
  rows.forEach((row, i) => {
    const cells = table[i + 1] ?? [];
    if (row.id !== '') expect(cells[column('name')]).toBe(row.name);
    for (const [name, figure] of blue ? [...COUNTS, BLUE_COUNT] : COUNTS) expect(Number(cells[column(name)]), `${row.id} ${name}`).toBe(row.figures[figure]);
    for (const [name, outcome] of OUTCOME_COUNTS) expect(Number(cells[column(name)]), `${row.id} ${name}`).toBe(row.figures.outcomes[outcome]);
    expect(Number(cells[column('tablets')])).toBe(row.devices);
  });
  expect(table.slice(rows.length + 1)).toEqual([[], [CUT_OFF[lang]]]);
}

onEachConsoleCity('console report', (city) => {
  const report = (who: Signed, query: string): Promise<LightMyRequestResponse> => city().as(who, 'GET', `/api/v1/console/report?${query}`);
  const figures = (who: Signed, query: string): Promise<Overview> => city().get<Overview>(who, `/api/v1/console/figures?${query}`);
  /** The report of `query` (200), checked against /console/figures of `figuresQuery` (the same scope and date). */
  const sameAsFigures = async (who: Signed, query: string, figuresQuery: string, lang: Language) => {
    const res = await report(who, query);
    expect(res.statusCode, res.body).toBe(200);
    const table = query.includes('format=csv') ? csvTable(res) : xlsxTable(res);
    const overview = await figures(who, figuresQuery);
    expectOverview(table, overview, lang);
    return { res, table, overview };
  };
  const pushAt = async (checkpointId: string, changes: ReadonlyArray<Partial<Entry>>): Promise<void> => {
    const tablet = await enrol(city().h, checkpointId);
    expect((await push(city().h, tablet, sealedChain(tablet, changes))).body.results.every((r) => r.status === 'stored')).toBe(true);
  };

  it('puts the figures of the scope and each child, as /console/figures gives them, in a CSV as of the request', async () => {
    await pushAt('cp-c1a-1', [
      { at: at('2026-11-29T21:00') }, { at: at('2026-11-30T08:00') }, { ...KEY_PERSON, at: at('2026-11-30T08:30'), colour: 'yellow' },
      { ...FEVER_STOP, at: at('2026-11-30T09:00'), colour: 'red' },
      { at: at('2026-11-30T09:05'), colour: 'red', verdict: 'stop', followUp: { of: 4, outcome: 'quarantine', note: null } },
      { at: at('2026-11-30T10:00'), direction: 'out' },
    ]);
    await pushAt('cp-c2a-1', [{ at: at('2026-11-30T07:00') }, { at: at('2026-11-30T07:30'), colour: null }]);
    await pushAt('cp-c3a-1', [{ at: at('2026-11-30T09:00') }]);
    const hq = await city().session('hq-d1');
    const { res, overview } = await sameAsFigures(hq, 'format=csv&lang=en', '', 'en');
    expect(overview.scope.figures.in).toBeGreaterThan(0);
    expect(overview.scope.figures).toMatchObject({ stopped: 1, outcomes: { quarantine: 1, release: 0 } });
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="kadian-report-a-d1-${TODAY}.csv"; filename*=UTF-8''${encodeURIComponent(`kadian-report-湖滨区-${TODAY}.csv`)}`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await city().lastAudit('console.report')).toMatchObject({
      actor: `user:${hq.userId}`, areaPath: ['a-city', 'a-d1'], target: 'a-d1',
      detail: { scope: 'area', date: TODAY, format: 'csv', lang: 'en', timeZone: 'Asia/Shanghai', rows: 2 },
    });
  });

  it('gives a place its checkpoints and any date asked for, and a lead of one place that place by default', async () => {
    const hq = await city().session('hq-d1');
    const { overview } = await sameAsFigures(hq, 'place=p-c1a&date=2026-11-29&format=csv&lang=en', 'place=p-c1a&from=2026-11-29&to=2026-11-29', 'en');
    expect([overview.scope.figures.in, overview.children.map((c) => c.id)]).toEqual([1, ['cp-c1a-1', 'cp-c1a-2']]);
    const lead = await city().session('lead-p');
    const { table } = await sameAsFigures(lead, 'format=csv&lang=en', '', 'en');
    expect(table[1]?.slice(0, 2)).toEqual(['p-c1a', 'place']);
    expect(await city().lastAudit('console.report')).toMatchObject({ actor: `user:${lead.userId}`, target: 'p-c1a', detail: { scope: 'place', date: TODAY } });
  });

  it('streams an XLSX in Chinese by default, named for the scope and the date', async () => {
    const hq = await city().session('hq-d1');
    const { res, table } = await sameAsFigures(hq, 'area=a-s1', 'area=a-s1', 'zh');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="kadian-report-a-s1-${TODAY}.xlsx"; filename*=UTF-8''${encodeURIComponent(`kadian-日报-湖滨街道-${TODAY}.xlsx`)}`,
    );
    expect(table.slice(1, 4).map((r) => r.slice(0, 2))).toEqual([['湖滨街道', '街道乡镇'], ['东风社区', '社区村'], ['建设社区', '社区村']]);
    expect(await city().lastAudit('console.report')).toMatchObject({ target: 'a-s1', detail: { scope: 'area', date: TODAY, format: 'xlsx', lang: 'zh', rows: 3 } });
    // An admin's whole city: its own word for a name, and every district below.
    const admin = await sameAsFigures(await city().session('admin'), '', '', 'zh');
    expect(admin.table[1]?.[0]).toBe('全市');
  });

  it('refuses the sibling district with 403 for every area, place and checkpoint of district 1, and audits it', async () => {
    const sibling = await city().session('hq-d2');
    for (const [kind, id] of [['area', 'a-d1'], ['area', 'a-c1'], ['area', 'a-city'], ['place', 'p-c1a'], ['checkpoint', 'cp-c1a-1'], ['area', 'a-nowhere']] as const) {
      await city().expectRefused(sibling, 'GET', `/api/v1/console/report?${kind}=${id}`, 'forbidden-area', id);
    }
    const own = csvTable(await report(sibling, 'format=csv&lang=en'));
    expect(own[1]?.[0]).toBe('陕州区');
    expect(JSON.stringify(own)).not.toContain('湖滨');
  });

  it('refuses a date that does not exist, two scopes at once and an unknown format', async () => {
    const hq = await city().session('hq-d1');
    for (const query of ['date=2026-02-30', 'date=30.11.2026', 'area=a-d1&place=p-c1a', 'format=pdf', 'lang=fr', 'from=2026-11-30']) {
      const res = await report(hq, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ error: 'request-invalid' });
    }
  });

  it('has a 蓝码 column where a blue code was seen that day, and none in a district without one', async () => {
    const hq = await city().session('hq-d1');
    const before = await sameAsFigures(hq, 'format=csv&lang=zh', '', 'zh');
    expect(before.table[0]).not.toContain('蓝码');
    await pushAt('cp-c1a-2', [{ at: at('2026-11-30T11:00'), colour: 'blue', verdict: 'check', reasons: ['colour-blue'] }]);
    const { table, overview } = await sameAsFigures(hq, 'format=csv&lang=zh', '', 'zh');
    expect(overview.scope.figures.blue).toBe(1);
    // Beside green, as the console shows the colours.
    expect(table[0]?.slice(table[0].indexOf('绿码'), table[0].indexOf('绿码') + 3)).toEqual(['绿码', '蓝码', '黄码']);
    const sibling = csvTable(await report(await city().session('hq-d2'), 'format=csv&lang=zh'));
    expect(sibling[0]).not.toContain('蓝码');
  });
});
