/** Issue #14: `kadian areas import FILE [--dry-run]` as an operator runs it, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { Storage } from '../../src/server/storage/storage.ts';
import { counts, csv, EXAMPLE_CSV, onEachCity } from './cityFixture.ts';

/** Everything an import may change, in one comparable value: the city, and each checkpoint's config version and rules. */
async function snapshot(storage: Storage) {
  const index = await storage.cityIndex();
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
  const configs = await Promise.all(byId(index.checkpoints).map(async (c) => ({ id: c.id, config: await storage.getConfig(c.id) })));
  return { areas: byId(index.areas), places: byId(index.places), checkpoints: byId(index.checkpoints), configs };
}

const EXAMPLE = readFileSync(EXAMPLE_CSV, 'utf8');
const NOTHING = { newAreas: 0, renamedAreas: 0, newPlaces: 0, changedPlaces: 0, newCheckpoints: 0, renamedCheckpoints: 0 };

onEachCity('kadian areas import', (city) => {
  it('imports the example file by its Chinese headers: five levels of areas with their codes, places with kind and capacity, checkpoints', async () => {
    const run = await city().kadian('areas', 'import', EXAMPLE_CSV);
    expect(run.code, run.stderr).toBe(0);
    expect(counts(run)).toEqual({ ...NOTHING, newAreas: 12, newPlaces: 6, newCheckpoints: 9, unchangedRows: 0 });
    expect(run.stderr).toMatch(/^已导入 \/ Imported/);

    const { storage } = city();
    const areas = await storage.listAreas(null);
    const grid = areas.find((a) => a.name === '第二网格');
    expect(grid).toMatchObject({ level: 'grid', code: '41120200100102', names: ['三门峡市', '湖滨区', '湖滨街道', '上官社区', '第二网格'] });
    expect(areas.find((a) => a.code === '411203101')).toMatchObject({ level: 'street', name: '大营镇', names: ['三门峡市', '陕州区', '大营镇'] });
    const places = await storage.listPlaces(null);
    expect(places.find((p) => p.name === '黄河农贸市场')).toMatchObject({ kind: 'market', capacity: 800, areaId: grid?.id });
    expect(places.find((p) => p.name === '310国道会兴卡口')).toMatchObject({ kind: 'road', capacity: null });
    const checkpoints = await storage.listCheckpointRecords(null);
    expect(checkpoints.map((c) => c.name).sort()).toEqual(['东门', '出城方向', '北门', '村口', '正门', '游客入口', '游客出口', '西门', '进城方向'].sort());
    // A new checkpoint starts with the default rules and its place's capacity; a tablet can pull its config.
    const gate = checkpoints.find((c) => c.name === '正门')!;
    expect(gate.areaPath).toEqual(['三门峡市', '湖滨区', '湖滨街道', '上官社区', '第二网格']);
    expect((await storage.getConfig(gate.id))?.policy.capacity).toBe(800);
    expect((await storage.getConfig(checkpoints.find((c) => c.name === '东门')!.id))?.policy.capacity).toBeNull();
  });

  it('imports the same file again and changes nothing', async () => {
    const before = await snapshot(city().storage);
    const again = await city().kadian('areas', 'import', EXAMPLE_CSV);
    expect(again.code, again.stderr).toBe(0);
    expect(counts(again)).toEqual({ ...NOTHING, unchangedRows: 9 });
    expect(await snapshot(city().storage)).toEqual(before);
  });

  it('reads the same city from an XLSX workbook (numbers as numbers) as from the CSV: nothing changes', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('城市');
    const rows = EXAMPLE.trim().split('\n').map((line) => line.split(','));
    rows.forEach((cells, i) => sheet.addRow(cells.map((c) => (i > 0 && /^\d+$/.test(c) ? Number(c) : c === '' ? null : c))));
    const path = city().file('city.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    const before = await snapshot(city().storage);
    const run = await city().kadian('areas', 'import', path);
    expect(run.code, run.stderr).toBe(0);
    expect(counts(run)).toEqual({ ...NOTHING, unchangedRows: 9 });
    expect(await snapshot(city().storage)).toEqual(before);
  });

  it('--dry-run of a changed file says what it would do and writes nothing', async () => {
    const changed = city().file('dry.csv', `${EXAMPLE.replaceAll(',湖滨区,411202,', ',湖滨新区,411202,')}三门峡市,411200,湖滨新区,411202,湖滨街道,411202001,陕州社区,411202001002,,,陕州花园,小区,,南门\n`);
    const before = await snapshot(city().storage);
    const run = await city().kadian('areas', 'import', changed, '--dry-run');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^试运行，未写入 \/ Dry run, nothing written/);
    expect(counts(run)).toMatchObject({ renamedAreas: 1, newCheckpoints: 1 });
    expect(await snapshot(city().storage)).toEqual(before);
  });

  it('imports a changed file: renames what its code names, adds what is new, and deletes nothing left out', async () => {
    const lines = EXAMPLE.trim().split('\n');
    const changed = [
      ...lines.filter((l) => !l.endsWith(',西门') && !l.includes('陕州区')).map((l) => l.replace(',湖滨区,411202,', ',湖滨新区,411202,')),
      '三门峡市,411200,湖滨区,411202,湖滨街道,411202001,陕州社区,411202001002,,,陕州花园,小区,,南门',
      '三门峡市,411200,湖滨区,411202,湖滨街道,411202001,上官社区,411202001001,第一网格,41120200100101,上官小区,小区,1200,东门',
    ];
    // The district is named 湖滨新区 by every row but the last two: its code is one area, so the file must agree with itself.
    const clash = await city().kadian('areas', 'import', city().file('clash.csv', `${changed.join('\n')}\n`));
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('city-file-code-clash');

    const before = await city().storage.cityIndex();
    const agreed = changed.map((l) => l.replace(',湖滨区,411202,', ',湖滨新区,411202,'));
    agreed.splice(agreed.findIndex((l) => l.endsWith(',东门')), 1);
    const run = await city().kadian('areas', 'import', city().file('changed.csv', `${agreed.join('\n')}\n`));
    expect(run.code, run.stderr).toBe(0);
    expect(counts(run)).toEqual({ ...NOTHING, renamedAreas: 1, changedPlaces: 1, newCheckpoints: 1, unchangedRows: 3 });

    const after = await city().storage.cityIndex();
    expect(after.areas.find((a) => a.code === '411202')?.name).toBe('湖滨新区');
    expect(after.places.find((p) => p.name === '上官小区')?.capacity).toBe(1200);
    // Every area, place and checkpoint stored before is still there, under its id: leaving a row out removes nothing.
    for (const kind of ['areas', 'places', 'checkpoints'] as const) {
      expect(after[kind].map((x) => x.id)).toEqual(expect.arrayContaining(before[kind].map((x) => x.id)));
    }
    expect(after.checkpoints).toHaveLength(before.checkpoints.length + 1);
    expect((await city().storage.listCheckpointRecords(null)).find((c) => c.name === '南门')?.areaPath).toEqual(['三门峡市', '湖滨新区', '湖滨街道', '陕州社区']);
  });

  it('reads English headers in any order and any case, and renames a checkpoint and a place by their codes', async () => {
    const header = ['Checkpoint', 'checkpoint_code', 'PLACE', 'place_code', 'kind', 'Capacity', 'city', 'District', 'district_code'];
    const first = csv([header, ['South gate', 'CP-1', 'Lakeside Estate', 'P-1', 'compound', '300', 'Zhuhai', 'Xiangzhou', '440402']]);
    const made = await city().kadian('areas', 'import', city().file('en.csv', first));
    expect(made.code, made.stderr).toBe(0);
    expect(counts(made)).toEqual({ ...NOTHING, newAreas: 2, newPlaces: 1, newCheckpoints: 1, unchangedRows: 0 });
    const stored = (await city().storage.listCheckpointRecords(null)).find((c) => c.code === 'CP-1')!;
    expect(stored).toMatchObject({ name: 'South gate', placeName: 'Lakeside Estate', areaPath: ['Zhuhai', 'Xiangzhou'] });

    const version = (await city().storage.getConfig(stored.id))!.version;
    const renamed = csv([header, ['South Gate 1', 'CP-1', 'Lakeside Garden', 'P-1', '小区', '300', 'Zhuhai', 'Xiangzhou', '440402']]);
    const run = await city().kadian('areas', 'import', city().file('en2.csv', renamed));
    expect(run.code, run.stderr).toBe(0);
    expect(counts(run)).toEqual({ ...NOTHING, changedPlaces: 1, renamedCheckpoints: 1, unchangedRows: 0 });
    expect(await city().storage.getCheckpointRecord(stored.id)).toMatchObject({ name: 'South Gate 1', placeName: 'Lakeside Garden', placeId: stored.placeId });
    // The tablet learns its checkpoint's new name with its next config pull, as after `kadian checkpoints rename`.
    expect(await city().storage.getConfig(stored.id)).toMatchObject({ version: version + 1, checkpoint: { name: 'South Gate 1' } });
  });

  it('names every bad row of a bad file by its line, exits 1, and imports nothing', async () => {
    const before = await snapshot(city().storage);
    const text = [
      '市,区县,街道,社区,场所,场所类型,容量,卡点',
      '三门峡市,渑池县,城关镇,,新区市场,市场,500,东门', // 2: good
      '三门峡市,渑池县,,果园社区,果园小区,小区,,北门', // 3: a level below an empty one
      '三门峡市,渑池县,城关镇,,新区市场,市场,500,西门', // 4: good
      '', // 5: blank, skipped
      '三门峡市,渑池县,城关镇,,体育场,体育馆,,南门', // 6: unknown kind
      '三门峡市,渑池县,城关镇,,体育场,其他,lots,南门', // 7: capacity not a number
      '三门峡市,渑池县,城关镇,,体育场,其他,,', // 8: no checkpoint
      '三门峡市,渑池县,城关镇,,新区市场,市场,500,东门', // 9: line 2 again
      ',,,,体育场,其他,,西门', // 10: no area at all
      '三门峡市,渑池县,城关镇,,,其他,,西门', // 11: no place
      '三门峡市,渑池县,城关镇,,新区市场,小区,500,北门', // 12: the place's kind differs from line 2's
    ].join('\n');
    const run = await city().kadian('areas', 'import', city().file('bad.csv', `${text}\n`));
    expect(run.code).toBe(1);
    const named = [...run.stderr.matchAll(/^第 (\d+) 行 \/ line \1: .+ \((city-[a-z-]+)\)/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(named).toEqual([
      [3, 'city-file-gap'], [6, 'city-file-kind'], [7, 'city-capacity-invalid'], [8, 'city-file-checkpoint-empty'],
      [9, 'city-file-duplicate'], [10, 'city-file-no-area'], [11, 'city-file-place-empty'], [12, 'city-file-place-clash'],
    ]);
    expect(run.stderr).toContain('8 行有错，未导入任何内容 / 8 bad rows: nothing was imported');
    expect(run.stdout).toBe('');
    expect(await snapshot(city().storage)).toEqual(before);
  });

  it('refuses a file whose header it cannot read (line 1) and a file that is not UTF-8, importing nothing', async () => {
    const before = await snapshot(city().storage);
    const header = await city().kadian('areas', 'import', city().file('header.csv', csv([['市', '场所', '门'], ['三门峡市', '某小区', '东门']])));
    expect(header.code).toBe(1);
    expect(header.stderr).toMatch(/^第 1 行 \/ line 1: .*\(city-file-header\): unknown: 门; missing: 卡点/m);
    const gbk = Buffer.from([0xca, 0xd0, 0x2c, 0xb3, 0xa1, 0xcb, 0xf9, 0x0a]); // 市,场所 in GBK
    const notUtf8 = await city().kadian('areas', 'import', city().file('gbk.csv', gbk));
    expect(notUtf8.code).toBe(2);
    expect(notUtf8.stderr).toContain('不是 UTF-8 编码');
    expect(await snapshot(city().storage)).toEqual(before);
  });

  it('refuses a file that gives one new place two kinds or capacities, so that a second import of it cannot fail where the first passed', async () => {
    const text = csv([
      ['市', '场所', '场所类型', '容量', '卡点'],
      ['洛阳市', '老城十字街', '市场', '', '东口'],
      ['洛阳市', '老城十字街', '景区', '', '西口'],
      ['洛阳市', '丽景门', '景区', '', '南口'],
      ['洛阳市', '丽景门', '', '2000', '北口'],
    ]);
    const path = city().file('places.csv', text);
    const before = await snapshot(city().storage);
    const first = await city().kadian('areas', 'import', path);
    expect(first.code).toBe(1);
    expect([...first.stderr.matchAll(/^第 (\d+) 行.*\((city-[a-z-]+)\)/gm)].map((m) => [Number(m[1]), m[2]])).toEqual([[3, 'city-file-place-clash']]);
    expect(await snapshot(city().storage)).toEqual(before);

    // Without the clash, a capacity given on one row of a place only is the place's, whichever row gives it.
    const fixed = city().file('places2.csv', text.replace('景区,,西口', '市场,,西口'));
    const imported = await city().kadian('areas', 'import', fixed);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await city().storage.listPlaces(null)).find((p) => p.name === '丽景门')).toMatchObject({ kind: 'scenic', capacity: 2000 });
    for (const gate of (await city().storage.listCheckpointRecords(null)).filter((c) => c.placeName === '丽景门')) {
      expect((await city().storage.getConfig(gate.id))?.policy.capacity, gate.name).toBe(2000);
    }
    const again = await city().kadian('areas', 'import', fixed);
    expect(again.code, again.stderr).toBe(0);
    expect(counts(again)).toEqual({ ...NOTHING, unchangedRows: 4 });
  });
});
