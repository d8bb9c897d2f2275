/** Issue #14: `kadian areas|places|checkpoints list|rename|set-code|move|remove` and `kadian export --area`, as an operator runs them, on each database. */
import { beforeAll, expect, it } from 'vitest';
import type { Config, ConfigUnchanged } from '../../src/core/wire.ts';
import { EXAMPLE_CSV, onEachCity, SLOW, type City } from './cityFixture.ts';
import { chain, enrol, push, type Harness, type Tablet } from './helpers.ts';

interface Ids { area(name: string): string; place(name: string): string; checkpoint(name: string): string }

async function idsOf(city: City): Promise<Ids> {
  const index = await city.storage.cityIndex();
  const find = (rows: Array<{ id: string; name: string }>, name: string) => {
    const found = rows.filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`${found.length} items named ${name}`);
    return found[0]!.id;
  };
  return { area: (n) => find(index.areas, n), place: (n) => find(index.places, n), checkpoint: (n) => find(index.checkpoints, n) };
}

/** The tablet's config pull after it had `since`: what a tablet would see of its checkpoint. */
async function pull(h: Harness, tablet: Tablet, since: number): Promise<Config | ConfigUnchanged> {
  const res = await h.app.inject({ url: `/api/v1/config?since=${since}&keyPersons=1000`, headers: { authorization: `Bearer ${tablet.token}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Config | ConfigUnchanged>();
}

const refused = (run: { code: number; stderr: string }, key: string) => {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain(`(${key})`);
};

onEachCity('kadian areas, places and checkpoints', (city) => {
  let id: Ids;
  let h: Harness;
  let east: Tablet;
  let village: Tablet;
  beforeAll(async () => {
    expect((await city().kadian('areas', 'import', EXAMPLE_CSV)).code).toBe(0);
    id = await idsOf(city());
    h = await city().app();
    // 东门 (湖滨区) and 村口 (陕州区) each have a tablet with two entries; 西门 a tablet only.
    east = await enrol(h, id.checkpoint('东门'));
    village = await enrol(h, id.checkpoint('村口'));
    await enrol(h, id.checkpoint('西门'));
    for (const tablet of [east, village]) expect((await push(h, tablet, await chain(tablet, 2))).status).toBe(200);
  }, SLOW);

  it('lists a subtree as a table or as JSON (id, name, level or place, areaPath), and refuses an unknown area', async () => {
    const areas = await city().kadian('areas', 'list', '--area', id.area('陕州区'), '--json');
    expect(areas.code, areas.stderr).toBe(0);
    expect(JSON.parse(areas.stdout)).toEqual([
      { id: id.area('陕州区'), name: '陕州区', level: 'district', code: '411203', parentId: id.area('三门峡市'), areaPath: ['三门峡市', '陕州区'], areaIds: [id.area('三门峡市'), id.area('陕州区')] },
      expect.objectContaining({ name: '大营镇', level: 'street', areaPath: ['三门峡市', '陕州区', '大营镇'] }),
      expect.objectContaining({ name: '温塘村', level: 'community', areaPath: ['三门峡市', '陕州区', '大营镇', '温塘村'] }),
      expect.objectContaining({ name: '张汴乡', level: 'street' }),
    ]);
    const checkpoints = await city().kadian('checkpoints', 'list', '--area', id.area('陕州区'), '--json');
    expect(JSON.parse(checkpoints.stdout)).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: id.checkpoint('村口'), name: '村口', place: '温塘村口', areaPath: ['三门峡市', '陕州区', '大营镇', '温塘村'] }),
    ]));
    expect((JSON.parse(checkpoints.stdout) as unknown[]).length).toBe(3);
    const places = await city().kadian('places', 'list', '--area', id.area('湖滨街道'), '--json');
    expect((JSON.parse(places.stdout) as Array<{ name: string }>).map((p) => p.name).sort()).toEqual(['上官小区', '陕州花园', '黄河农贸市场'].sort());
    const table = await city().kadian('checkpoints', 'list', '--area', id.area('会兴街道'));
    expect(table.stdout).toContain('三门峡市 › 湖滨区 › 会兴街道 › 310国道会兴卡口 › 进城方向');
    expect(table.stderr).toContain('2 个卡点 / checkpoints');
    refused(await city().kadian('areas', 'list', '--area', 'a-nowhere'), 'city-unknown');
  });

  it("renames a checkpoint and its tablet's area, and the tablet's next config pull has the new names", async () => {
    const first = (await pull(h, east, 0)) as Config;
    expect(first.checkpoint).toMatchObject({ name: '东门', communityName: '第一网格' });
    const renamed = await city().kadian('checkpoints', 'rename', id.checkpoint('东门'), '东大门');
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stdout).toBe(`${id.checkpoint('东门')}\t三门峡市 › 湖滨区 › 湖滨街道 › 上官社区 › 第一网格 › 上官小区 › 东大门\n`);
    const second = (await pull(h, east, first.version)) as Config;
    expect(second.checkpoint.name).toBe('东大门');

    expect((await city().kadian('areas', 'rename', id.area('第一网格'), '一号网格')).code).toBe(0);
    const third = await pull(h, east, second.version);
    expect(third).toMatchObject({ checkpoint: { communityId: id.area('第一网格'), communityName: '一号网格' } });
    // Two areas of one parent cannot share a name; a name with control characters is no name.
    refused(await city().kadian('areas', 'rename', id.area('陕州区'), '湖滨区'), 'city-name-taken');
    refused(await city().kadian('places', 'rename', id.place('上官小区'), 'a\u0007b'), 'city-name-chars');
    expect((await city().storage.getArea(id.area('陕州区')))?.name).toBe('陕州区');
  });

  it('sets and clears a code; a code another item has is refused', async () => {
    refused(await city().kadian('areas', 'set-code', id.area('陕州区'), '411202'), 'city-code-taken');
    refused(await city().kadian('areas', 'set-code', id.area('陕州区'), '41 12'), 'city-code-invalid');
    expect((await city().kadian('checkpoints', 'set-code', id.checkpoint('村口'), 'WT-01')).code).toBe(0);
    expect((await city().storage.getCheckpointRecord(id.checkpoint('村口')))?.code).toBe('WT-01');
    expect((await city().kadian('areas', 'set-code', id.area('温塘村'), 'none')).code).toBe(0);
    expect((await city().storage.getArea(id.area('温塘村')))?.code).toBeNull();
    expect((await city().kadian('places', 'set', id.place('陕州花园'), '--kind', '村庄', '--capacity', '120')).code).toBe(0);
    expect(await city().storage.getPlace(id.place('陕州花园'))).toMatchObject({ kind: 'village', capacity: 120 });
  });

  it('moves an area with everything below it, never under itself; moves a place and a checkpoint, and the tablet is told', async () => {
    const moved = await city().kadian('areas', 'move', id.area('上官社区'), '--to', id.area('会兴街道'));
    expect(moved.code, moved.stderr).toBe(0);
    expect((await city().storage.getCheckpointRecord(id.checkpoint('东门')))?.areaPath).toEqual(['三门峡市', '湖滨区', '会兴街道', '上官社区', '一号网格']);
    expect((await city().storage.listCheckpointRecords(id.area('湖滨街道'))).map((c) => c.name)).toEqual(['北门']);
    refused(await city().kadian('areas', 'move', id.area('湖滨区'), '--to', id.area('上官社区')), 'city-move-into-itself');
    refused(await city().kadian('areas', 'move', id.area('上官社区'), '--to', id.area('上官社区')), 'city-move-into-itself');
    refused(await city().kadian('areas', 'move', id.area('上官社区'), '--to', 'a-nowhere'), 'city-unknown');
    expect((await city().kadian('areas', 'move', id.area('上官社区'), '--to', id.area('湖滨街道'))).code).toBe(0);
    expect((await city().storage.getArea(id.area('第一网格')))?.names).toEqual(['三门峡市', '湖滨区', '湖滨街道', '上官社区', '一号网格']);

    const before = ((await pull(h, east, 0)) as Config).version;
    expect((await city().kadian('places', 'move', id.place('上官小区'), '--to', id.area('上官社区'))).code).toBe(0);
    expect(await pull(h, east, before)).toMatchObject({ checkpoint: { communityId: id.area('上官社区'), communityName: '上官社区' } });
    expect((await city().kadian('checkpoints', 'move', id.checkpoint('北门'), '--to', id.place('上官小区'))).code).toBe(0);
    expect((await city().storage.getCheckpointRecord(id.checkpoint('北门')))?.placeName).toBe('上官小区');
    refused(await city().kadian('checkpoints', 'move', id.checkpoint('北门'), '--to', 'p-nowhere'), 'city-unknown');
  });

  it('refuses to remove a checkpoint with a tablet or entries, or anything above one, or an area an account belongs to: nothing is removed', async () => {
    const before = await city().storage.cityIndex();
    refused(await city().kadian('checkpoints', 'remove', id.checkpoint('东门')), 'city-in-use');
    refused(await city().kadian('checkpoints', 'remove', id.checkpoint('西门')), 'city-in-use');
    refused(await city().kadian('places', 'remove', id.place('温塘村口')), 'city-in-use');
    refused(await city().kadian('areas', 'remove', id.area('三门峡市')), 'city-in-use');
    expect((await city().kadian('users', 'add', '--name', '张汴乡指挥部', '--role', 'hq', '--area', id.area('张汴乡'))).code).toBe(0);
    refused(await city().kadian('areas', 'remove', id.area('张汴乡')), 'city-has-users');
    expect(await city().storage.cityIndex()).toEqual(before);
    expect(await city().storage.countEntries(id.checkpoint('东门'))).toBe(2);
  });

  it('removes what has no tablets or entries, with everything below it and its unused enrolment codes', async () => {
    const codes = await city().kadian('enrol-sheet', '--area', id.area('会兴街道'));
    expect(codes.code, codes.stderr).toBe(0);
    const area = await city().kadian('areas', 'remove', id.area('会兴街道'));
    expect(area.code, area.stderr).toBe(0);
    expect(area.stderr).toContain('已删除 / Removed: 1 区域 areas, 1 场所 places, 2 卡点 checkpoints');
    expect(await city().storage.getArea(id.area('会兴街道'))).toBeNull();
    expect(await city().storage.getPlace(id.place('310国道会兴卡口'))).toBeNull();
    expect(await city().storage.listEnrolmentCodes([id.checkpoint('进城方向'), id.checkpoint('出城方向')])).toEqual([]);
    expect((await city().kadian('checkpoints', 'remove', id.checkpoint('正门'))).code).toBe(0);
    expect((await city().kadian('places', 'remove', id.place('陕州花园'))).code).toBe(0);
    expect((await city().storage.listCheckpointRecords(null)).map((c) => c.name).sort()).toEqual(['东大门', '北门', '村口', '游客入口', '游客出口', '西门'].sort());
    refused(await city().kadian('places', 'remove', id.place('陕州花园')), 'city-unknown');
  });

  it('exports an area and everything below it only: a sibling area\'s entries are absent', async () => {
    const exported = async (...args: string[]) => {
      const run = await city().kadian('export', '--lang', 'en', ...args);
      expect(run.code, run.stderr).toBe(0);
      return run.stdout.trim().split('\n').slice(1).map((line) => line.split(','));
    };
    const checkpointsOf = (rows: string[][]) => new Set(rows.map((cells) => cells.find((c) => c === east.checkpointId || c === village.checkpointId)));
    expect(checkpointsOf(await exported())).toEqual(new Set([east.checkpointId, village.checkpointId]));
    const hubin = await exported('--area', id.area('湖滨区'));
    expect(hubin).toHaveLength(2);
    expect(checkpointsOf(hubin)).toEqual(new Set([east.checkpointId]));
    expect(checkpointsOf(await exported('--area', id.area('上官社区')))).toEqual(new Set([east.checkpointId]));
    expect(checkpointsOf(await exported('--area', id.area('陕州区')))).toEqual(new Set([village.checkpointId]));
    expect(await exported('--area', id.area('张汴乡'))).toEqual([]);
    const unknown = await city().kadian('export', '--area', 'a-nowhere');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('区域不存在 / Unknown area: a-nowhere');
  });
});
