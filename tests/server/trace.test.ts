/** Issue #16: tracing a person, a place and a contact through the console's API and the CLI, on a small city with known stays, on each database. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import type { Contacts, PersonTrail, PlaceVisitors, TraceHistory } from '../../src/core/traceWire.ts';
import { createAccount } from '../../src/server/accounts/users.ts';
import { DATABASE_FILE } from '../../src/server/settings.ts';
import { kadianIn } from './cliRunner.ts';
import { onEachConsoleCity, PASSWORD, type Signed } from './consoleFixture.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import { enrol, push } from './helpers.ts';

const idOf = (n: number): string => {
  const first17 = `11010519900101${String(n).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const WHO = { T: idOf(101), A: idOf(102), B: idOf(103), C: idOf(104), G: idOf(105), H: idOf(106), D: idOf(107), E: idOf(108), F: idOf(109) };
type Who = keyof typeof WHO;
const masked = (id: string): string => `${id.slice(0, 6)}********${id.slice(-4)}`;

/** Local times (Asia/Shanghai, the default TIME_ZONE) as the UTC instant a passage carries. */
const iso = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

/**
 * The city of consoleFixture.ts: p-c1a (gates cp-c1a-1, cp-c1a-2), p-c1b (cp-c1b-1, entries only), p-c2a in district 1;
 * p-c3a in district 2. T is traced. A stays with T at p-c1a 40 min; B overnight with T 420 min; C passes p-c1b 10 min
 * after T (G 20 min after: only C's contact); H is at p-c2a while T's exit is missing; D meets A after A met T (E before);
 * F meets T in district 2, out of a district-1 tracer's reach; one passage has no ID number.
 */
const PASSES: ReadonlyArray<[Who | null, string, 'in' | 'out', string]> = [
  ['E', 'cp-c2a-1', 'in', '2026-11-20 07:00'], ['A', 'cp-c2a-1', 'in', '2026-11-20 07:30'], ['A', 'cp-c2a-1', 'out', '2026-11-20 08:00'],
  ['T', 'cp-c1a-1', 'in', '2026-11-20 08:12'], ['E', 'cp-c2a-1', 'out', '2026-11-20 08:30'], ['A', 'cp-c1a-1', 'in', '2026-11-20 09:00'],
  [null, 'cp-c1a-1', 'in', '2026-11-20 09:30'], ['T', 'cp-c1a-2', 'out', '2026-11-20 09:40'], ['A', 'cp-c1a-1', 'out', '2026-11-20 10:30'],
  ['A', 'cp-c2a-1', 'in', '2026-11-20 11:00'], ['D', 'cp-c2a-1', 'in', '2026-11-20 11:30'], ['T', 'cp-c1b-1', 'in', '2026-11-20 12:00'],
  ['A', 'cp-c2a-1', 'out', '2026-11-20 12:00'], ['C', 'cp-c1b-1', 'in', '2026-11-20 12:10'], ['G', 'cp-c1b-1', 'in', '2026-11-20 12:20'],
  ['D', 'cp-c2a-1', 'out', '2026-11-20 13:00'], ['T', 'cp-c1a-1', 'in', '2026-11-20 22:30'], ['B', 'cp-c1a-2', 'in', '2026-11-20 23:00'],
  ['B', 'cp-c1a-1', 'out', '2026-11-21 06:00'], ['T', 'cp-c1a-1', 'out', '2026-11-21 07:15'], ['T', 'cp-c3a-1', 'in', '2026-11-21 20:00'],
  ['F', 'cp-c3a-1', 'in', '2026-11-21 20:05'], ['F', 'cp-c3a-1', 'out', '2026-11-21 21:00'], ['T', 'cp-c2a-1', 'in', '2026-11-22 10:00'],
  ['H', 'cp-c2a-1', 'in', '2026-11-22 15:00'], ['H', 'cp-c2a-1', 'out', '2026-11-22 16:00'],
];
const NAME: Record<Who, string> = { T: '唐一', A: '安二', B: '白三', C: '陈四', G: '郭五', H: '何六', D: '丁七', E: '鄂八', F: '方九' };
const DAYS = { since: '2026-11-20', until: '2026-11-22' };
const P_C1A_PATH = [{ id: 'a-city', name: '三门峡市' }, { id: 'a-d1', name: '湖滨区' }, { id: 'a-s1', name: '湖滨街道' }, { id: 'a-c1', name: '东风社区' }];

onEachConsoleCity('trace', (city) => {
  let tracer: Signed;
  const post = async <T>(who: Signed, path: string, body: object, status = 200): Promise<T> => {
    const res = await city().as(who, 'POST', `/api/v1/console/trace/${path}`, undefined, body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.json<T>();
  };
  const person = { personId: WHO.T, ...DAYS, reason: '案件 2026-017' };

  it('reads a person\'s trail in time order, local time, paired into stays: another gate, across midnight, a missing exit', async () => {
    const { h } = city();
    const after = { ...DEFAULT_POLICY, directions: 'in' as const };
    await h.storage.changePolicy({ checkpointId: 'cp-c1b-1', deviceId: null, deviceLabel: null, changedAt: '2026-11-01T00:00:00.000Z', receivedAt: '2026-11-01T00:00:00.000Z', after });
    for (const gate of new Set(PASSES.map(([, g]) => g))) {
      const tablet = await enrol(h, gate);
      const entries = sealedChain(tablet, PASSES.filter(([, g]) => g === gate).map(([who, , direction, local]) => ({
        at: iso(local), direction, ...(who === null ? { personId: null, name: null, source: 'unknown' as const } : { personId: WHO[who], name: NAME[who] }),
      })));
      expect((await push(h, tablet, entries)).body.results.every((r) => r.status === 'stored')).toBe(true);
    }
    const made = await createAccount(h.storage, { name: 'tracer-d2', role: 'tracer', areaId: 'a-d2', password: PASSWORD }, 'test');
    expect(made.ok).toBe(true);
    tracer = await city().session('tracer-d1');

    const trail = await post<PersonTrail>(tracer, 'person', person);
    expect(trail).toMatchObject({ personId: WHO.T, ...DAYS, timeZone: 'Asia/Shanghai', retainedFrom: null, truncated: false });
    expect(trail.passages.map((p) => [p.local, p.direction, p.checkpointId, p.placeId])).toEqual([
      ['2026-11-20 08:12', 'in', 'cp-c1a-1', 'p-c1a'], ['2026-11-20 09:40', 'out', 'cp-c1a-2', 'p-c1a'], ['2026-11-20 12:00', 'in', 'cp-c1b-1', 'p-c1b'],
      ['2026-11-20 22:30', 'in', 'cp-c1a-1', 'p-c1a'], ['2026-11-21 07:15', 'out', 'cp-c1a-1', 'p-c1a'], ['2026-11-22 10:00', 'in', 'cp-c2a-1', 'p-c2a'],
    ]);
    expect(trail.passages[0]).toEqual({
      at: iso('2026-11-20 08:12'), local: '2026-11-20 08:12', checkpointId: 'cp-c1a-1', checkpointName: 'cp-c1a-1', placeId: 'p-c1a', placeName: 'p-c1a',
      areaPath: P_C1A_PATH, direction: 'in', verdict: 'pass', colour: 'green', temperature: 36.5, personId: WHO.T, name: NAME.T, operator: null,
    });
    expect(trail.stays).toEqual([
      { placeId: 'p-c1a', placeName: 'p-c1a', from: iso('2026-11-20 08:12'), to: iso('2026-11-20 09:40'), fromLocal: '2026-11-20 08:12', toLocal: '2026-11-20 09:40', open: false },
      { placeId: 'p-c1a', placeName: 'p-c1a', from: iso('2026-11-20 22:30'), to: iso('2026-11-21 07:15'), fromLocal: '2026-11-20 22:30', toLocal: '2026-11-21 07:15', open: false },
      { placeId: 'p-c2a', placeName: 'p-c2a', from: iso('2026-11-22 10:00'), to: null, fromLocal: '2026-11-22 10:00', toLocal: null, open: true },
    ]);
    // The old 15-digit form of a number is the same person; a day range that ends before it starts is a 400.
    expect((await post<PersonTrail>(tracer, 'person', { ...person, personId: '110105900101101', since: '2026-11-21', until: '2026-11-21' })).passages
      .map((p) => [p.local, p.personId])).toEqual([['2026-11-21 07:15', WHO.T]]);
    expect(await post(tracer, 'person', { ...person, since: '2026-11-22', until: '2026-11-20' }, 400)).toMatchObject({ error: 'trace-range' });
    expect(await post(tracer, 'person', { ...person, personId: `${WHO.T.slice(0, 17)}${WHO.T.endsWith('0') ? '1' : '0'}` }, 400)).toMatchObject({ error: 'id-check' });
    expect(await city().lastAudit('console.trace.person')).toMatchObject({
      actor: `user:${tracer.userId}`, areaPath: ['a-city', 'a-d1'], target: masked(WHO.T),
      detail: { kind: 'person', query: { kind: 'person', personId: masked(WHO.T), since: '2026-11-21', until: '2026-11-21' }, reason: '案件 2026-017', count: 1, format: 'json' },
    });
  });

  it("names a place's visitors in a window: inside before it, through another gate, a missing exit up to its bound", async () => {
    const window = (placeId: string, from: string, to: string) => post<PlaceVisitors>(tracer, 'place', { placeId, from, to, reason: '案件 2026-017' });
    const morning = await window('p-c1a', '2026-11-20T09:00', '2026-11-20T10:00');
    expect(morning).toMatchObject({ placeId: 'p-c1a', placeName: 'p-c1a', checkpointId: null, areaPath: P_C1A_PATH, anonymousPassages: 1, truncated: false });
    expect(morning.visitors.map((v) => [v.name, v.passages.map((p) => `${p.local} ${p.direction}`), v.insideFromLocal, v.insideToLocal, v.insideBefore])).toEqual([
      [NAME.T, ['2026-11-20 09:40 out'], '2026-11-20 08:12', '2026-11-20 09:40', true],
      [NAME.A, ['2026-11-20 09:00 in'], '2026-11-20 09:00', '2026-11-20 10:30', false],
    ]);
    const gate = await post<PlaceVisitors>(tracer, 'place', { checkpointId: 'cp-c1a-2', from: '2026-11-20T09:00', to: '2026-11-20T10:00', reason: '案件 2026-017' });
    expect(gate.visitors.map((v) => v.personId)).toEqual([WHO.T]);
    expect(gate).toMatchObject({ checkpointId: 'cp-c1a-2', anonymousPassages: 0 });
    const midnight = await window('p-c1a', '2026-11-20T23:30', '2026-11-21T00:30');
    expect(midnight.visitors.map((v) => [v.personId, v.passages.length, v.insideFrom, v.insideTo, v.insideBefore])).toEqual([
      [WHO.T, 0, iso('2026-11-20 22:30'), iso('2026-11-21 07:15'), true], [WHO.B, 0, iso('2026-11-20 23:00'), iso('2026-11-21 06:00'), true],
    ]);
    const open = await window('p-c2a', '2026-11-22T20:00', '2026-11-22T21:00');
    expect(open.visitors.map((v) => [v.personId, v.insideFromLocal, v.insideToLocal, v.insideBefore])).toEqual([[WHO.T, '2026-11-22 10:00', null, true]]);
    expect((await window('p-c2a', '2026-11-22T23:00', '2026-11-22T23:30')).visitors).toEqual([]);
    expect(await post(tracer, 'place', { placeId: 'p-c1a', checkpointId: 'cp-c1a-1', from: '2026-11-20T09:00', to: '2026-11-20T10:00', reason: 'x1' }, 400))
      .toMatchObject({ error: 'trace-place-one' });
    expect(await city().lastAudit('console.trace.place')).toMatchObject({
      detail: { kind: 'place', query: { placeId: 'p-c2a', placeName: 'p-c2a', from: '2026-11-22T23:00', to: '2026-11-22T23:30' }, count: 0 },
    });
  });

  it('ranks contacts by time together, meets by ± minutes where only entries exist, and adds a second level on request', async () => {
    const first = await post<Contacts>(tracer, 'contacts', { ...person, windowMinutes: 15 });
    const rows = (c: Contacts) => c.contacts.map((x) => [x.level, x.name, x.overlapMinutes, x.meetings.map((m) => `${m.placeId} ${m.fromLocal}–${m.toLocal} ${m.kind} ${m.minutes}`), x.via]);
    expect(rows(first)).toEqual([
      [1, NAME.B, 420, ['p-c1a 2026-11-20 23:00–2026-11-21 06:00 stay 420'], null],
      [1, NAME.H, 60, ['p-c2a 2026-11-22 15:00–2026-11-22 16:00 stay 60'], null],
      [1, NAME.A, 40, ['p-c1a 2026-11-20 09:00–2026-11-20 09:40 stay 40'], null],
      [1, NAME.C, 0, ['p-c1b 2026-11-20 12:00–2026-11-20 12:10 passage 0'], null],
    ]);
    expect(first).toMatchObject({ personId: WHO.T, windowMinutes: 15, depth: 1, truncated: false });
    // A narrower window leaves C out; the second level reaches D through A (E met A before A met T) and G through C.
    expect((await post<Contacts>(tracer, 'contacts', { ...person, windowMinutes: 5 })).contacts.map((c) => c.name)).toEqual([NAME.B, NAME.H, NAME.A]);
    const second = await post<Contacts>(tracer, 'contacts', { ...person, depth: 2 });
    expect(rows(second).slice(4)).toEqual([
      [2, NAME.D, 30, ['p-c2a 2026-11-20 11:30–2026-11-20 12:00 stay 30'], WHO.A],
      [2, NAME.G, 0, ['p-c1b 2026-11-20 12:10–2026-11-20 12:20 passage 0'], WHO.C],
    ]);
    // The admin reaches district 2 too, where F met T.
    const all = await post<Contacts>(await city().session('admin'), 'contacts', person);
    expect(all.contacts.map((c) => [c.name, c.overlapMinutes])).toEqual([[NAME.B, 420], [NAME.H, 60], [NAME.F, 55], [NAME.A, 40], [NAME.C, 0]]);
    expect(await city().lastAudit('console.trace.contacts')).toMatchObject({ detail: { kind: 'contacts', count: 5, reason: '案件 2026-017' } });
  });

  it('gives a tracer nothing of another district, refuses a place there and a lead, and audits each refusal', async () => {
    const other = await city().session('tracer-d2');
    const there = await post<PersonTrail>(other, 'person', person);
    expect(there.passages.map((p) => [p.local, p.placeId])).toEqual([['2026-11-21 20:00', 'p-c3a']]);
    expect(there.stays.map((s) => [s.placeId, s.open])).toEqual([['p-c3a', true]]);
    const f = await post<PersonTrail>(tracer, 'person', { ...person, personId: WHO.F });
    expect([f.passages, f.stays]).toEqual([[], []]);
    expect(await city().lastAudit('console.trace.person')).toMatchObject({ detail: { count: 0 } });
    for (const named of [{ placeId: 'p-c3a' }, { checkpointId: 'cp-c3a-1' }, { placeId: 'p-nowhere' }]) {
      const refused = await post<{ error: string }>(tracer, 'place', { ...named, from: '2026-11-21T20:00', to: '2026-11-21T21:00', reason: '案件 2026-017' }, 403);
      expect(refused.error).toBe('forbidden-area');
      expect(await city().lastAudit('console.trace.place')).toMatchObject({
        actor: `user:${tracer.userId}`, detail: { count: 0, refused: 'forbidden-area', reason: '案件 2026-017' },
      });
    }
    const lead = await city().session('lead-p');
    expect(await post(lead, 'person', person, 403)).toMatchObject({ error: 'forbidden-role' });
    expect(await city().lastAudit('console.trace.person')).toMatchObject({ actor: `user:${lead.userId}`, detail: { refused: 'forbidden-role', count: 0 } });
    expect((await city().as(lead, 'GET', '/api/v1/console/trace/history')).statusCode).toBe(403);
  });

  it('refuses a query without a reason with a 400 that says so', async () => {
    const { reason, ...noReason } = person;
    void reason;
    for (const body of [noReason, { ...person, reason: '   ' }, { ...person, reason: 7 }]) {
      const refused = await post<{ error: string; messageZh: string }>(tracer, 'person', body, 400);
      expect(refused).toMatchObject({ error: 'trace-reason-missing', messageZh: expect.stringContaining('事由') });
    }
    expect((await post<{ error: string }>(tracer, 'contacts.xlsx', noReason, 400)).error).toBe('trace-reason-missing');
  });

  it('downloads the contacts as an XLSX workbook, never cached, with the query and its reason under the table', async () => {
    const res = await city().as(tracer, 'POST', '/api/v1/console/trace/contacts.xlsx', undefined, { ...person, depth: 2 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toContain('filename="kadian-trace-contacts-2026-11-20-2026-11-22.xlsx"');
    const sheet = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    for (const text of ['层级', '共处总分钟', WHO.B, WHO.D, NAME.G, '同时在场', '前后经过', '案件 2026-017', masked(WHO.T)]) expect(sheet).toContain(text);
    expect(sheet).not.toContain(WHO.F);
    expect(await city().lastAudit('console.trace.contacts')).toMatchObject({ detail: { format: 'xlsx', count: 6 } });
    // A trail in English: the machine names, each passage beside the stay it opens or closes.
    const trail = await city().as(tracer, 'POST', '/api/v1/console/trace/person.xlsx?lang=en', undefined, person);
    expect(trail.statusCode, trail.body).toBe(200);
    const rows = strFromU8(unzipSync(new Uint8Array(trail.rawPayload))['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    for (const text of ['stay', 'id_number', '2026-11-20T08:12:00+08:00', '2026-11-20 22:30 – 2026-11-21 07:15', '2026-11-22 10:00 – missing']) expect(rows).toContain(text);
  });

  it("shows a user their own queries, newest first, and an admin everyone's", async () => {
    const mine = await city().get<TraceHistory>(tracer, '/api/v1/console/trace/history');
    expect(mine.queries.length).toBeGreaterThan(10);
    expect(mine.queries.every((q) => q.actor === `user:${tracer.userId}`)).toBe(true);
    expect(mine.queries.slice(0, 2)).toEqual([
      { at: expect.any(String), user: 'tracer-d1', actor: `user:${tracer.userId}`, kind: 'person', query: `${masked(WHO.T)} 2026-11-20…2026-11-22`, reason: '案件 2026-017', count: 1, refused: null },
      {
        at: expect.any(String), user: 'tracer-d1', actor: `user:${tracer.userId}`, kind: 'contacts',
        query: `${masked(WHO.T)} 2026-11-20…2026-11-22 ±15 min ×2`, reason: '案件 2026-017', count: 6, refused: null,
      },
    ]);
    expect(mine.queries.some((q) => q.kind === 'place' && q.refused === 'forbidden-area')).toBe(true);
    const admin = await city().get<TraceHistory>(await city().session('admin'), '/api/v1/console/trace/history');
    expect(new Set(admin.queries.map((q) => q.user))).toEqual(new Set(['tracer-d1', 'tracer-d2', 'admin', 'lead-p']));
    expect(admin.queries.map((q) => q.at)).toEqual([...admin.queries.map((q) => q.at)].sort().reverse());
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = (await city().h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const trace = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/v1/console/trace/')).map(([path, ops]) => `${Object.keys(ops).join()} ${path}`);
    expect(trace.sort()).toEqual([
      'get /api/v1/console/trace/history', ...['contacts', 'contacts.xlsx', 'person', 'person.xlsx', 'place', 'place.xlsx'].map((p) => `post /api/v1/console/trace/${p}`),
    ]);
  });

  it('traces from the CLI over the whole city, as JSON, audited as the operator; without --reason it refuses (exit 2)', async ({ skip }) => {
    const { h } = city();
    if (!kadianReachable(h.dataDir)) skip('the CLI reads DATA_DIR: SQLite only');
    const run = await kadianIn(h.dataDir, 'trace', 'person', WHO.T, '--since', DAYS.since, '--until', DAYS.until, '--reason', '案件 2026-017', '--json');
    expect(run.code, run.stderr).toBe(0);
    const trail = JSON.parse(run.stdout) as PersonTrail;
    expect(trail.passages.map((p) => p.local)).toEqual(PASSES.filter(([who]) => who === 'T').map(([, , , local]) => local));
    expect(trail.stays.map((s) => [s.placeId, s.fromLocal, s.toLocal])).toEqual([
      ['p-c1a', '2026-11-20 08:12', '2026-11-20 09:40'], ['p-c1a', '2026-11-20 22:30', '2026-11-21 07:15'],
      ['p-c3a', '2026-11-21 20:00', null], ['p-c2a', '2026-11-22 10:00', null],
    ]);
    const line = await city().lastAudit('cli.trace.person');
    expect(line).toMatchObject({ actor: 'cli', detail: { kind: 'person', reason: '案件 2026-017', count: 1, exitCode: 0, query: { personId: masked(WHO.T) } } });
    expect(JSON.stringify(line)).not.toContain(WHO.T);
    // A readable table in local time, by a checkpoint's id as well as a place's.
    const table = await kadianIn(h.dataDir, 'trace', 'place', 'cp-c1a-2', '--from', '2026-11-20T09:00', '--to', '2026-11-20T10:00', '--reason', '案件 2026-017');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${WHO.T}\\s+${NAME.T}\\s+2026-11-20 08:12\\s+2026-11-20 09:40\\s+是 yes\\s+09:40 out cp-c1a-2`));
    expect(table.stdout).not.toContain(WHO.A);
    const refused = await kadianIn(h.dataDir, 'trace', 'person', WHO.T, '--since', DAYS.since, '--until', DAYS.until);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('请填写查询事由');
    expect(refused.stderr).toContain('Give the reason for this query');
  });
});

/** Whether this city's database is the SQLite file in `dataDir` (the CLI opens DATA_DIR; a PostgreSQL run's schema is its own). */
const kadianReachable = (dataDir: string): boolean => existsSync(join(dataDir, DATABASE_FILE));
