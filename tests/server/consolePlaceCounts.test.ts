/** Issue #17 in the console: each place's inside count across its gates, by subtree; a correction by a lead, hq or admin, with a reason, audited; on each database. */
import { beforeAll, expect, it } from 'vitest';
import type { PlaceCounts } from '../../src/core/consolePlaces.ts';
import type { PlaceCount } from '../../src/core/placeCount.ts';
import { CLIENT_IP, onEachConsoleCity, START } from './consoleFixture.ts';
import type { Entry } from '../../src/core/entry.ts';
import { enrol, push, type Tablet } from './helpers.ts';
import { every, passages } from './passages.ts';

const ids = (counts: PlaceCounts): string[] => counts.places.map((p) => p.placeId);
const minutesBefore = (minutes: number): string => new Date(START.getTime() - minutes * 60_000).toISOString();

onEachConsoleCity('console inside counts', (city) => {
  let east: Tablet;
  let west: Tablet;
  let westLog: Entry[] = [];
  const count = async (url: string, who: string): Promise<PlaceCounts> => city().get<PlaceCounts>(await city().session(who), url);
  const correct = async (who: string, place: string, body: object, csrf?: string | null) => city().as(await city().session(who), 'POST', `/api/v1/console/places/${place}/count`, csrf, body);

  beforeAll(async () => {
    // p-c1a has two gates: 4 in at the first, 1 out at the second; p-c1b one gate, 2 in.
    east = await enrol(city().h, 'cp-c1a-1');
    west = await enrol(city().h, 'cp-c1a-2');
    const other = await enrol(city().h, 'cp-c1b-1');
    for (const [tablet, steps] of [[east, every(minutesBefore(90), 4, 'in')], [west, every(minutesBefore(30), 1, 'out')], [other, every(minutesBefore(60), 2, 'in')]] as const) {
      const log = passages(tablet, steps);
      if (tablet === west) westLog = log;
      expect((await push(city().h, tablet, log)).body.results.every((r) => r.status === 'stored')).toBe(true);
    }
  });

  it("shows each place of the caller's subtree with its count across its gates; a lead of one place only theirs", async () => {
    const d1 = await count('/api/v1/console/places/counts', 'hq-d1');
    expect(ids(d1).sort()).toEqual(['p-c1a', 'p-c1b', 'p-c2a']);
    expect(d1.places.find((p) => p.placeId === 'p-c1a')).toMatchObject({ placeName: 'p-c1a', inside: 3, gates: 2, capacity: null, since: null });
    expect(d1.places.find((p) => p.placeId === 'p-c1b')).toMatchObject({ inside: 2, gates: 1 });
    expect(ids(await count('/api/v1/console/places/counts?area=a-c2', 'hq-d1'))).toEqual(['p-c2a']);
    expect(ids(await count('/api/v1/console/places/counts', 'lead-p'))).toEqual(['p-c1a']);
    expect(ids(await count('/api/v1/console/places/counts', 'tracer-d1')).sort()).toEqual(['p-c1a', 'p-c1b', 'p-c2a']);
    expect(ids(await count('/api/v1/console/places/counts', 'admin')).sort()).toEqual(['demo-community', 'p-c1a', 'p-c1b', 'p-c2a', 'p-c3a']);
    const lead = await city().session('lead-p');
    expect((await city().as(lead, 'GET', '/api/v1/console/places/counts?area=a-c2')).statusCode).toBe(403);
  });

  it("lets the place's lead correct its count with a reason, audited with the count before; the gates' next passages go on from it", async () => {
    const res = await correct('lead-p', 'p-c1a', { inside: 40, reason: '清场后人工清点' });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<PlaceCount>();
    expect(after).toMatchObject({ placeId: 'p-c1a', inside: 40, gates: 2, since: expect.any(String) as string });
    expect(await city().lastAudit('console.place-count')).toMatchObject({
      actor: `user:${city().userId['lead-p']}`, origin: CLIENT_IP, areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c1'], target: 'p-c1a',
      detail: { inside: 40, before: 3, reason: '清场后人工清点', route: 'POST /api/v1/console/places/:id/count' },
    });
    // One more leaves through the second gate, after the correction.
    const out = passages(west, every(new Date(Date.parse(after.since ?? '') + 60_000).toISOString(), 1, 'out'), westLog.at(-1));
    expect((await push(city().h, west, out)).body.results).toMatchObject([{ status: 'stored' }]);
    const [p] = (await count('/api/v1/console/places/counts?area=a-c1', 'hq-d1')).places.filter((x) => x.placeId === 'p-c1a');
    expect(p?.inside).toBe(39);
  });

  it('refuses a correction without a reason, with a bad number, without the CSRF token, from a role without the right or outside the subtree', async () => {
    const before = (await city().h.storage.listAudit({ limit: 1000 })).filter((r) => r.action === 'console.place-count').length;
    for (const reason of ['', ' x ']) {
      const res = await correct('hq-d1', 'p-c1a', { inside: 5, reason });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'place-count-reason-missing', messageZh: expect.stringContaining('更正事由') as string });
    }
    for (const inside of [-1, 1.5, 2_000_000]) expect((await correct('hq-d1', 'p-c1a', { inside, reason: '人工清点' })).statusCode).toBe(400);
    const noCsrf = await correct('hq-d1', 'p-c1a', { inside: 5, reason: '人工清点' }, null);
    expect([noCsrf.statusCode, noCsrf.json()]).toMatchObject([403, { error: 'csrf-invalid' }]);
    const tracer = await correct('tracer-d1', 'p-c1a', { inside: 5, reason: '人工清点' });
    expect([tracer.statusCode, tracer.json()]).toMatchObject([403, { error: 'forbidden-role' }]);
    expect(await city().lastAudit('console.refused')).toMatchObject({ actor: `user:${city().userId['tracer-d1']}`, target: 'p-c1a', detail: { reason: 'forbidden-role' } });
    // A lead of one place reaches no other; a lead of a community all of its places.
    for (const [who, place] of [['lead-p', 'p-c1b'], ['lead-c2', 'p-c1a'], ['hq-d2', 'p-c1a'], ['hq-d1', 'p-nowhere']] as const) {
      const res = await correct(who, place, { inside: 5, reason: '人工清点' });
      expect(res.statusCode, `${who} ${place}`).toBe(403);
      expect(res.json()).toMatchObject({ error: 'forbidden-area' });
      expect(await city().lastAudit('console.refused')).toMatchObject({ actor: `user:${city().userId[who]}`, target: place, detail: { reason: 'forbidden-area' } });
    }
    expect((await correct('lead-c2', 'p-c2a', { inside: 7, reason: '人工清点' })).json()).toMatchObject({ placeId: 'p-c2a', inside: 7 });
    expect((await city().h.storage.listAudit({ limit: 1000 })).filter((r) => r.action === 'console.place-count').length).toBe(before + 1);
    expect(ids(await count('/api/v1/console/places/counts?area=a-c1', 'hq-d1')).sort()).toEqual(['p-c1a', 'p-c1b']);
    expect((await count('/api/v1/console/places/counts?area=a-c1', 'hq-d1')).places.find((p) => p.placeId === 'p-c1a')?.inside).toBe(39);
  });
});
