/** Issue #15's figures on each database: what tablets pushed through the real push route comes back in the overview, the trend and the heat map by local date and hour, once; a sibling district gets 403. */
import { expect, it } from 'vitest';
import { seal } from '../../src/core/chain.ts';
import type { Figures, Hours, Overview, Trend } from '../../src/core/consoleFigures.ts';
import type { Colour, Direction, Entry, Outcome, Verdict } from '../../src/core/entry.ts';
import { outcomeVerdict } from '../../src/core/followUp.ts';
import { CLIENT_IP, onEachConsoleCity, type Signed } from './consoleFixture.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import { enrol, push, type Tablet } from './helpers.ts';

/**
 * One scan as a test states it: its checkpoint, its local time (Asia/Shanghai, the default TIME_ZONE) and what the gate
 * made of it. With an outcome it is a follow-up (处置) of the checkpoint's entry just before it, its verdict the outcome's.
 */
interface Scan { cp: string; at: string; direction: Direction; verdict: Verdict; colour: Colour | null; reasons?: string[]; outcome?: Outcome }

const at = (local: string): string => `${local}:00.000+08:00`;
const SCANS: Scan[] = [
  { cp: 'cp-c1a-1', at: at('2026-11-30T09:15'), direction: 'in', verdict: 'pass', colour: 'green' },
  { cp: 'cp-c1a-1', at: at('2026-11-30T09:40'), direction: 'in', verdict: 'check', colour: 'yellow', reasons: ['key-person', 'kp-close-contact', 'colour-yellow'] },
  { cp: 'cp-c1a-1', at: at('2026-11-30T09:41'), direction: 'in', verdict: 'pass', colour: 'yellow', outcome: 'release' },
  { cp: 'cp-c1a-1', at: at('2026-11-30T10:05'), direction: 'out', verdict: 'pass', colour: 'green' },
  { cp: 'cp-c1a-1', at: at('2026-11-30T15:59'), direction: 'in', verdict: 'stop', colour: 'red', reasons: ['colour-red'] },
  // The day before by the local clock, and just after local midnight (still the 29th in UTC): the day's edges.
  { cp: 'cp-c1a-1', at: at('2026-11-29T23:30'), direction: 'in', verdict: 'pass', colour: null },
  { cp: 'cp-c1a-1', at: at('2026-11-30T00:10'), direction: 'out', verdict: 'pass', colour: 'green' },
  { cp: 'cp-c1a-2', at: at('2026-11-30T09:05'), direction: 'in', verdict: 'pass', colour: 'green' },
  { cp: 'cp-c1a-2', at: at('2026-11-30T09:50'), direction: 'out', verdict: 'pass', colour: null },
  { cp: 'cp-c1a-2', at: at('2026-11-30T10:20'), direction: 'in', verdict: 'pass', colour: 'green' },
  // A city's fourth colour (core/entry.ts): checked at this gate.
  { cp: 'cp-c1a-2', at: at('2026-11-30T10:25'), direction: 'in', verdict: 'check', colour: 'blue', reasons: ['colour-blue'] },
  { cp: 'cp-c2a-1', at: at('2026-11-30T07:00'), direction: 'in', verdict: 'pass', colour: 'green' },
  { cp: 'cp-c2a-1', at: at('2026-11-30T07:30'), direction: 'in', verdict: 'stop', colour: null, reasons: ['fever', 'key-person', 'kp-other'] },
  { cp: 'cp-c2a-1', at: at('2026-11-30T07:35'), direction: 'in', verdict: 'stop', colour: null, outcome: 'hospital' },
  { cp: 'cp-c3a-1', at: at('2026-11-30T08:00'), direction: 'in', verdict: 'pass', colour: 'green' },
  { cp: 'cp-c3a-1', at: at('2026-11-30T08:10'), direction: 'out', verdict: 'pass', colour: 'green' },
];
const D1_CHECKPOINTS = ['cp-c1a-1', 'cp-c1a-2', 'cp-c1b-1', 'cp-c2a-1'];
const TODAY = '2026-11-30';

/** The figures these scans should give, counted here the plain way: a follow-up is no scan, stop, check or colour. */
function expected(cps: readonly string[], from = TODAY, to = TODAY): Figures {
  const all = SCANS.filter((x) => cps.includes(x.cp) && x.at.slice(0, 10) >= from && x.at.slice(0, 10) <= to);
  const s = all.filter((x) => x.outcome === undefined);
  const n = (f: (x: Scan) => boolean) => s.filter(f).length;
  const nAll = (f: (x: Scan) => boolean) => all.filter(f).length;
  const outcome = (o: Outcome) => nAll((x) => x.outcome === o);
  const passedIn = nAll((x) => x.verdict === 'pass' && x.direction === 'in'), passedOut = nAll((x) => x.verdict === 'pass' && x.direction === 'out');
  return {
    in: n((x) => x.direction === 'in'), out: n((x) => x.direction === 'out'), passed: nAll((x) => x.verdict === 'pass'), stopped: n((x) => x.verdict === 'stop'),
    checked: n((x) => x.verdict === 'check'), keyPerson: n((x) => (x.reasons ?? []).includes('key-person')),
    green: n((x) => x.colour === 'green'), blue: n((x) => x.colour === 'blue'), yellow: n((x) => x.colour === 'yellow'), red: n((x) => x.colour === 'red'), otherColour: n((x) => x.colour === null),
    inside: Math.max(0, passedIn - passedOut),
    outcomes: { release: outcome('release'), turnedBack: outcome('turned-back'), hospital: outcome('hospital'), quarantine: outcome('quarantine'), other: outcome('other') },
    // No scan here came in a vehicle (tests/server/vehicles.test.ts counts them).
    vehicles: 0, vehiclePeople: 0,
  };
}

/** Each checkpoint's scans as one tablet's sealed chain, in time order, with ids no other tablet's entries have. */
function chainOf(tablet: Tablet, scans: readonly Scan[]): Entry[] {
  const sorted = [...scans].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return sealedChain(tablet, sorted.map((s, i) => ({
    id: `00000000-0000-4000-8000-${tablet.deviceId.slice(0, 4).replace(/[^0-9a-f]/g, '0')}${String(i + 1).padStart(8, '0')}`,
    at: s.at, direction: s.direction, verdict: s.verdict, colour: s.colour, reasons: s.reasons ?? [],
    ...(s.outcome && { verdict: outcomeVerdict(s.outcome), followUp: { of: i, outcome: s.outcome, note: null } }),
  })));
}

onEachConsoleCity('console figures', (city) => {
  const batches = new Map<string, { tablet: Tablet; entries: Entry[] }>();
  const get = <T>(who: Signed, url: string): Promise<T> => city().get<T>(who, url);

  it('counts what the tablets pushed, and a batch sent again changes nothing', async () => {
    const { h } = city();
    for (const cp of new Set(SCANS.map((s) => s.cp))) {
      const tablet = await enrol(h, cp);
      const entries = chainOf(tablet, SCANS.filter((s) => s.cp === cp));
      const sent = await push(h, tablet, entries, 0);
      expect(sent.body.results.every((r) => r.status === 'stored'), JSON.stringify(sent.body)).toBe(true);
      batches.set(cp, { tablet, entries });
    }
    const hq = await city().session('hq-d1');
    const before = await get<Overview>(hq, '/api/v1/console/figures');
    expect(before).toMatchObject({ from: TODAY, to: TODAY, timeZone: 'Asia/Shanghai', scope: { kind: 'area', id: 'a-d1', level: 'district', figures: expected(D1_CHECKPOINTS) } });
    expect(before.trail).toEqual([{ kind: 'area', id: 'a-d1', name: '湖滨区' }]);
    // The district's 处置: the check let through, the fever stop sent to hospital; neither counted as a scan again.
    expect(before.scope.figures).toMatchObject({ in: 8, stopped: 2, checked: 2, blue: 1, outcomes: { release: 1, turnedBack: 0, hospital: 1, quarantine: 0, other: 0 } });
    // The district has three tablets (cp-c1b-1 has none), all seen just now.
    expect(before.scope.devices).toBe(3);
    expect(before.scope.oldestLastSeenAt).not.toBeNull();

    for (const { tablet, entries } of batches.values()) {
      const again = await push(h, tablet, entries, 0);
      expect(again.body.results.every((r) => r.status === 'duplicate')).toBe(true);
    }
    const after = await get<Overview>(hq, '/api/v1/console/figures');
    expect(after.scope.figures).toEqual(before.scope.figures);
    expect(after.children).toEqual(before.children);

    const admin = await get<Overview>(await city().session('admin'), '/api/v1/console/figures');
    expect(admin.scope).toMatchObject({ kind: 'area', id: '', name: '', level: null, figures: expected([...D1_CHECKPOINTS, 'cp-c3a-1']) });
    expect(admin.trail).toEqual([]);
    expect(admin.children.map((c) => c.id)).toContain('a-city');
  });

  it('drills down from the district to a checkpoint, each child summing its own checkpoints', async () => {
    const hq = await city().session('hq-d1');
    const children = async (query: string) => (await get<Overview>(hq, `/api/v1/console/figures?${query}`)).children.map((c) => [c.kind, c.id, c.figures]);
    expect(await children('area=a-d1')).toEqual([['area', 'a-s1', expected(D1_CHECKPOINTS)]]);
    expect(await children('area=a-s1')).toEqual([['area', 'a-c1', expected(['cp-c1a-1', 'cp-c1a-2', 'cp-c1b-1'])], ['area', 'a-c2', expected(['cp-c2a-1'])]]);
    expect(await children('area=a-c1')).toEqual([['place', 'p-c1a', expected(['cp-c1a-1', 'cp-c1a-2'])], ['place', 'p-c1b', expected(['cp-c1b-1'])]]);
    expect(await children('place=p-c1a')).toEqual([['checkpoint', 'cp-c1a-1', expected(['cp-c1a-1'])], ['checkpoint', 'cp-c1a-2', expected(['cp-c1a-2'])]]);
    const gate = await get<Overview>(hq, '/api/v1/console/figures?checkpoint=cp-c1a-1');
    expect(gate).toMatchObject({ scope: { kind: 'checkpoint', id: 'cp-c1a-1', level: null, figures: expected(['cp-c1a-1']), devices: 1 }, children: [] });
    expect(gate.trail.map((s) => `${s.kind}:${s.id}`)).toEqual(['area:a-d1', 'area:a-s1', 'area:a-c1', 'place:p-c1a', 'checkpoint:cp-c1a-1']);
    const bare = await get<Overview>(hq, '/api/v1/console/figures?place=p-c1b');
    expect(bare.scope).toMatchObject({ devices: 0, oldestLastSeenAt: null, figures: expected([]) });
    // Over two days the scan of the 29th counts too.
    const both = await get<Overview>(hq, '/api/v1/console/figures?checkpoint=cp-c1a-1&from=2026-11-29&to=2026-11-30');
    expect(both.scope.figures).toEqual(expected(['cp-c1a-1'], '2026-11-29', TODAY));
  });

  it('gives the trend every local date of the range, zeros included', async () => {
    const hq = await city().session('hq-d1');
    const trend = await get<Trend>(hq, '/api/v1/console/trend?area=a-c1&from=2026-11-28&to=2026-11-30');
    const cps = ['cp-c1a-1', 'cp-c1a-2', 'cp-c1b-1'];
    expect(trend.days).toEqual(['2026-11-28', '2026-11-29', TODAY].map((date) => ({ date, figures: expected(cps, date, date) })));
    expect(trend.days[1]?.figures.in).toBe(1);
    const month = await get<Trend>(hq, '/api/v1/console/trend');
    expect([month.from, month.to, month.days.length, month.days.at(-1)?.figures]).toEqual(['2026-11-01', TODAY, 30, expected(D1_CHECKPOINTS)]);
  });

  it('puts each scan of the heat map in its local hour', async () => {
    const hq = await city().session('hq-d1');
    const map = await get<Hours>(hq, `/api/v1/console/hours?area=a-c1&date=${TODAY}`);
    const hours = (cps: readonly string[]) => {
      const scans = new Array<number>(24).fill(0);
      for (const s of SCANS) {
        const hour = Number(s.at.slice(11, 13));
        if (cps.includes(s.cp) && s.at.startsWith(TODAY) && s.outcome === undefined) scans[hour] = (scans[hour] ?? 0) + 1;
      }
      return scans;
    };
    expect(map).toMatchObject({ date: TODAY, timeZone: 'Asia/Shanghai' });
    expect(map.rows).toEqual([
      { kind: 'place', id: 'p-c1a', name: 'p-c1a', scans: hours(['cp-c1a-1', 'cp-c1a-2']) },
      { kind: 'place', id: 'p-c1b', name: 'p-c1b', scans: hours(['cp-c1b-1']) },
    ]);
    expect(map.total).toEqual(hours(['cp-c1a-1', 'cp-c1a-2', 'cp-c1b-1']));
    expect([map.total[0], map.total[9], map.total[10], map.total[15]]).toEqual([1, 4, 3, 1]);
  });

  it('refuses the sibling district with 403 on every figures route, for every area, place and checkpoint of district 1, and audits it', async () => {
    const sibling = await city().session('hq-d2');
    const named = [
      ...['a-d1', 'a-s1', 'a-c1', 'a-c2', 'a-city', 'a-nowhere'].map((id) => `area=${id}`),
      ...['p-c1a', 'p-c1b', 'p-c2a'].map((id) => `place=${id}`), ...D1_CHECKPOINTS.map((id) => `checkpoint=${id}`),
    ];
    for (const route of ['figures', 'trend', 'hours']) {
      for (const query of named) {
        const res = await city().as(sibling, 'GET', `/api/v1/console/${route}?${query}`);
        expect(res.statusCode, `${route}?${query}`).toBe(403);
        expect(res.json()).toMatchObject({ error: 'forbidden-area' });
        expect(await city().lastAudit('console.refused')).toMatchObject({
          actor: `user:${sibling.userId}`, origin: CLIENT_IP, target: query.split('=')[1], detail: { reason: 'forbidden-area' },
        });
      }
    }
    const own = await get<Overview>(sibling, '/api/v1/console/figures');
    expect(own.scope).toMatchObject({ id: 'a-d2', figures: expected(['cp-c3a-1']) });
    expect(JSON.stringify(own)).not.toContain('a-d1');
  });

  it('shows a lead of one place only that place, even from their area', async () => {
    const lead = await city().session('lead-p');
    const own = await get<Overview>(lead, '/api/v1/console/figures');
    expect(own.scope).toMatchObject({ kind: 'place', id: 'p-c1a', figures: expected(['cp-c1a-1', 'cp-c1a-2']) });
    const area = await get<Overview>(lead, '/api/v1/console/figures?area=a-c1');
    expect(area.scope.figures).toEqual(expected(['cp-c1a-1', 'cp-c1a-2']));
    expect(area.children.map((c) => c.id)).toEqual(['p-c1a']);
    for (const query of ['place=p-c1b', 'checkpoint=cp-c1b-1', 'area=a-s1']) expect((await city().as(lead, 'GET', `/api/v1/console/hours?${query}`)).statusCode).toBe(403);
    const tracer = await city().session('tracer-d1');
    expect((await get<Trend>(tracer, '/api/v1/console/trend?area=a-c2&from=2026-11-30')).days[0]?.figures).toEqual(expected(['cp-c2a-1']));
  });

  it('refuses a range that is not one: backwards, over 366 days, a date that does not exist, two scopes at once', async () => {
    const hq = await city().session('hq-d1');
    for (const query of ['from=2026-11-30&to=2026-11-29', 'from=2025-01-01&to=2026-11-30']) {
      const res = await city().as(hq, 'GET', `/api/v1/console/figures?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'figures-range', messageZh: expect.stringContaining('日期范围无效') });
    }
    for (const url of ['figures?from=2026-02-30', 'hours?date=2026-13-01', 'trend?to=30-11-2026', 'figures?area=a-c1&place=p-c1a', 'figures?day=2026-11-30']) {
      expect((await city().as(hq, 'GET', `/api/v1/console/${url}`)).statusCode, url).toBe(400);
    }
    expect((await city().as(hq, 'GET', '/api/v1/console/figures?from=2025-12-01&to=2026-11-30')).statusCode).toBe(200);
  });

  it('leaves an entry with no instant (a leap second) out of the figures, and everything else in', async () => {
    const { h } = city();
    const batch = batches.get('cp-c2a-1');
    if (!batch) throw new Error('the first test pushes the batches');
    const { id: _id, seq: _seq, hash: _hash, prevHash: _prev, ...fields } = batch.entries[0]!;
    const before = await h.storage.figuresByCheckpoint(['cp-c2a-1'], { from: 0, to: 1e7 });
    const leap = seal({ ...fields, id: '00000000-0000-4000-8000-0000000000aa', seq: 99, at: '2026-11-30T15:59:60Z' }, { seq: 98, hash: 'f'.repeat(64) });
    const counted = seal({ ...fields, id: '00000000-0000-4000-8000-0000000000bb', seq: 100, at: '2026-11-30T10:00:00Z' }, leap);
    expect(await h.storage.insertEntries([leap, counted], new Date().toISOString())).toEqual(['stored', 'stored']);
    const after = await h.storage.figuresByCheckpoint(['cp-c2a-1'], { from: 0, to: 1e7 });
    expect(after.get('cp-c2a-1')?.entries_in).toBe((before.get('cp-c2a-1')?.entries_in ?? 0) + 1);
  });
});
