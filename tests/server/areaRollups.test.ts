/** The area roll-ups (area_hours, migration 008) on each database: after random pushes and after moving a checkpoint, a place and an area, every area's figures read from its own rows equal its checkpoints' summed, in the storage and through the routes. */
import { expect, it } from 'vitest';
import { seal } from '../../src/core/chain.ts';
import type { Figures, Hours, Overview, Trend } from '../../src/core/consoleFigures.ts';
import type { Colour, Entry } from '../../src/core/entry.ts';
import { toFigures } from '../../src/server/console/figureRoutes.ts';
import { addSums, emptySums, type HourRange, type RollupSums } from '../../src/server/storage/figures.ts';
import { onEachConsoleCity, type ConsoleCity, type Signed } from './consoleFixture.ts';
import { enrol, push, type Tablet } from './helpers.ts';
import { seededRandom } from '../unit/seededRandom.ts';

const HOUR_MS = 3_600_000;
/** 2026-11-27 00:00 to 2026-12-01 00:00 in Shanghai: every scan below, and hours around them. */
const RANGE: HourRange = { from: Date.parse('2026-11-27T00:00:00+08:00') / HOUR_MS, to: Date.parse('2026-12-01T00:00:00+08:00') / HOUR_MS };
const FROM = Date.parse('2026-11-28T00:00:00+08:00');
/** Before the fixture's clock (2026-11-30T08:00Z), so no scan is in the future. */
const UNTIL = Date.parse('2026-11-30T15:00:00+08:00');


const pick = <T>(next: () => number, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
let ids = 0;

/** `n` more scans of one tablet, chained after `last`, at random instants in time order. */
function scans(next: () => number, tablet: Tablet, n: number, last: Entry | null): Entry[] {
  const times = Array.from({ length: n }, () => FROM + Math.floor(next() * (UNTIL - FROM))).sort((a, b) => a - b);
  const entries: Entry[] = [];
  for (const ms of times) {
    const verdict = pick(next, ['pass', 'pass', 'pass', 'stop', 'check'] as const);
    const reasons = next() < 0.2 ? ['key-person', 'kp-other'] : verdict === 'stop' ? ['fever'] : [];
    const prev = entries.at(-1) ?? last;
    entries.push(seal({
      id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, deviceId: tablet.deviceId, seq: (prev?.seq ?? 0) + 1, checkpointId: tablet.checkpointId,
      at: new Date(ms).toISOString(), direction: pick(next, ['in', 'out'] as const), source: 'KDR1', personId: '11010519491231002X', name: '张三',
      colour: pick<Colour | null>(next, ['green', 'green', 'yellow', 'red', null]), temperature: 36.5, verdict, reasons, operator: null,
    }, prev));
  }
  return entries;
}

const summed = (maps: Iterable<RollupSums>): RollupSums => [...maps].reduce((into, s) => addSums(into, s), emptySums());

/** Every area's roll-up against its checkpoints' summed: in total, hour by hour and in the heat map's cells. */
async function compareStorage(city: () => ConsoleCity): Promise<number> {
  const { storage } = city().h;
  const areas = await storage.listAreas(null);
  let nonEmpty = 0;
  for (const area of areas) {
    const checkpointIds = (await storage.listCheckpointRecords(area.id)).map((c) => c.id);
    const byCheckpoint = await storage.figuresByCheckpoint(checkpointIds, RANGE);
    const own = (await storage.figuresByArea([area.id], RANGE)).get(area.id);
    expect(own, area.id).toEqual(byCheckpoint.size ? summed(byCheckpoint.values()) : undefined);
    if (own) nonEmpty++;
    expect(await storage.figuresByHourOfAreas([area.id], RANGE), area.id).toEqual(await storage.figuresByHour(checkpointIds, RANGE));
    const cells = new Map<number, number>();
    for (const c of await storage.scansByCheckpointHour(checkpointIds, RANGE)) cells.set(c.hour, (cells.get(c.hour) ?? 0) + c.scans);
    const areaCells = new Map((await storage.scansByAreaHour([area.id], RANGE)).map((c) => [c.hour, c.scans]));
    expect(areaCells, area.id).toEqual(cells);
  }
  return nonEmpty;
}

/** Through the routes, as the admin (area_hours): each area's overview, trend and heat map against its checkpoints' sums read from the storage. */
async function compareRoutes(city: () => ConsoleCity, admin: Signed): Promise<void> {
  const { storage } = city().h;
  const get = async <T>(url: string): Promise<T> => {
    const res = await city().as(admin, 'GET', url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json<T>();
  };
  const dayHours = (date: string): HourRange => ({ from: Date.parse(`${date}T00:00:00+08:00`) / HOUR_MS, to: Date.parse(`${date}T00:00:00+08:00`) / HOUR_MS + 24 });
  const plain = async (checkpointIds: readonly string[], hours: HourRange): Promise<Figures> => toFigures(summed((await storage.figuresByCheckpoint(checkpointIds, hours)).values()));
  for (const area of await storage.listAreas(null)) {
    const checkpointIds = (await storage.listCheckpointRecords(area.id)).map((c) => c.id);
    const overview = await get<Overview>(`/api/v1/console/figures?area=${area.id}&from=2026-11-28&to=2026-11-30`);
    expect(overview.scope.figures, area.id).toEqual(await plain(checkpointIds, { from: dayHours('2026-11-28').from, to: dayHours('2026-11-30').to }));
    const trend = await get<Trend>(`/api/v1/console/trend?area=${area.id}&from=2026-11-28&to=2026-11-30`);
    for (const day of trend.days) expect(day.figures, `${area.id} ${day.date}`).toEqual(await plain(checkpointIds, dayHours(day.date)));
    const map = await get<Hours>(`/api/v1/console/hours?area=${area.id}&date=2026-11-29`);
    const total = new Array<number>(24).fill(0);
    for (const c of await storage.scansByCheckpointHour(checkpointIds, dayHours('2026-11-29'))) { const i = c.hour - dayHours('2026-11-29').from; total[i] = (total[i] ?? 0) + c.scans; }
    expect(map.total, area.id).toEqual(total);
    expect(map.rows.reduce((sum, r) => sum + r.scans.reduce((a, b) => a + b, 0), 0), area.id).toBe(total.reduce((a, b) => a + b, 0));
  }
  const city0 = await get<Overview>('/api/v1/console/figures?from=2026-11-28&to=2026-11-30');
  const all = (await storage.listCheckpointRecords(null)).map((c) => c.id);
  expect(city0.scope.figures).toEqual(await plain(all, { from: dayHours('2026-11-28').from, to: dayHours('2026-11-30').to }));
}

onEachConsoleCity('area roll-ups', (city) => {
  const next = seededRandom(15);
  const chains = new Map<string, { tablet: Tablet; last: Entry | null }>();

  /** A push of `n` random scans from each checkpoint's tablet (enrolled on first use), all stored. */
  async function pushAll(n: number): Promise<void> {
    const { h } = city();
    for (const cp of ['cp-c1a-1', 'cp-c1a-2', 'cp-c1b-1', 'cp-c2a-1', 'cp-c3a-1']) {
      const chain = chains.get(cp) ?? { tablet: await enrol(h, cp), last: null };
      const entries = scans(next, chain.tablet, 1 + Math.floor(next() * n), chain.last);
      const res = await push(h, chain.tablet, entries, 0);
      expect(res.body.results.every((r) => r.status === 'stored'), JSON.stringify(res.body)).toBe(true);
      // A batch sent again (duplicates) adds nothing.
      await push(h, chain.tablet, entries, 0);
      chains.set(cp, { tablet: chain.tablet, last: entries.at(-1) ?? chain.last });
    }
  }

  it('sums each area as its checkpoints after random pushes', async () => {
    await pushAll(40);
    await pushAll(40);
    // Every area has entries under it but a-nowhere-like empty ones: the city, both districts, the street, three communities.
    expect(await compareStorage(city)).toBe(7);
    await compareRoutes(city, await city().session('admin'));
  });

  it('moves the figures with a checkpoint, a place and an area, and counts later pushes where they are now', async () => {
    const { storage } = city().h;
    const admin = await city().session('admin');
    const before = (await storage.figuresByArea(['a-d2'], RANGE)).get('a-d2');
    expect((await storage.moveCheckpoint('cp-c1a-2', 'p-c3a')).ok).toBe(true);
    await compareStorage(city);
    const moved = summed((await storage.figuresByCheckpoint(['cp-c1a-2'], RANGE)).values());
    expect((await storage.figuresByArea(['a-d2'], RANGE)).get('a-d2')).toEqual(addSums({ ...(before ?? emptySums()) }, moved));
    expect((await storage.movePlace('p-c1b', 'a-c2')).ok).toBe(true);
    await compareStorage(city);
    expect((await storage.moveArea('a-c2', 'a-d2')).ok).toBe(true);
    await compareStorage(city);
    // a-s1 now holds a-c1 alone, whose one place keeps one checkpoint.
    expect((await storage.listCheckpointRecords('a-s1')).map((c) => c.id)).toEqual(['cp-c1a-1']);
    await pushAll(30);
    await compareStorage(city);
    await compareRoutes(city, admin);
    // Back where they were: the rows are the same as if nothing had moved.
    expect((await storage.moveArea('a-c2', 'a-s1')).ok).toBe(true);
    expect((await storage.movePlace('p-c1b', 'a-c1')).ok).toBe(true);
    expect((await storage.moveCheckpoint('cp-c1a-2', 'p-c1a')).ok).toBe(true);
    expect(await compareStorage(city)).toBe(7);
    await compareRoutes(city, admin);
  });

  it('gives a lead of one place their place only, from the checkpoints, beside an hq reading the same area whole', async () => {
    const lead = await city().as(await city().session('lead-p'), 'GET', '/api/v1/console/figures?area=a-c1&from=2026-11-28&to=2026-11-30');
    const hq = await city().as(await city().session('hq-d1'), 'GET', '/api/v1/console/figures?area=a-c1&from=2026-11-28&to=2026-11-30');
    const { storage } = city().h;
    const hours = { from: Date.parse('2026-11-28T00:00:00+08:00') / HOUR_MS, to: Date.parse('2026-12-01T00:00:00+08:00') / HOUR_MS };
    const place = toFigures(summed((await storage.figuresByCheckpoint(['cp-c1a-1', 'cp-c1a-2'], hours)).values()));
    const area = toFigures(summed((await storage.figuresByCheckpoint(['cp-c1a-1', 'cp-c1a-2', 'cp-c1b-1'], hours)).values()));
    expect(lead.json<Overview>().scope.figures).toEqual(place);
    expect(hq.json<Overview>().scope.figures).toEqual(area);
    expect(area).not.toEqual(place);
  });
});
