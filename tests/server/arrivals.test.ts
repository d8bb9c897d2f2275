/**
 * Issue #20's arrivals (入市登记), on each database: an arrival from 武汉 is stored and listed on the gates of its
 * community only (surviving a re-import of their list), without touching their colour, ends by itself (the tablets told by a new
 * config version, audited once); a bad ID number is refused by name; the route is limited per IP; the console shows
 * arrivals to the community's lead and refuses a sibling's; `kadian arrivals list` and `arrival-rules` as an operator runs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_ORIGIN } from '../../src/core/arrivalRules.ts';
import type { ArrivalList, ArrivalReceipt } from '../../src/core/arrivalWire.ts';
import { addDays, calendarDay } from '../../src/core/calendar.ts';
import type { PersonTrail } from '../../src/core/traceWire.ts';
import type { ApiError, Config } from '../../src/core/wire.ts';
import { colourWithReasons } from '../../src/server/issuer/colours.ts';
import { derivationFor, replaceList } from '../../src/server/operator/keyPersonList.ts';
import { sealKeyPersons } from '../../src/server/operator/keyPersonSeal.ts';
import { testDoubleVerifier } from '../../src/server/residents/realName.ts';
import { configOf, DAY_MS, form, idOf, lookUp, ZONE } from './arrivalFixture.ts';
import { onEachCity } from './cityFixture.ts';
import { onEachConsoleCity } from './consoleFixture.ts';
import { DATABASES, title } from './databases.ts';
import { enrol, harness, type Harness, type Tablet } from './helpers.ts';

onEachConsoleCity('arrivals', (city) => {
  const app = () => city().h.app;
  const today = () => calendarDay(city().clock.at, ZONE);
  const arrive = (body: object) => app().inject({ method: 'POST', url: '/api/v1/arrivals', payload: body, headers: { 'x-forwarded-for': '198.51.100.20' } });
  let gateC1: Tablet, gateC1b: Tablet, gateC2: Tablet;

  beforeAll(async () => {
    [gateC1, gateC1b, gateC2] = [await enrol(city().h, 'cp-c1a-1'), await enrol(city().h, 'cp-c1b-1'), await enrol(city().h, 'cp-c2a-1')];
  });

  it("stores an arrival from 武汉 and lists the person on every gate of the destination community, not a sibling's; a double tap registers once", async () => {
    const before = { c1: await configOf(city().h, gateC1), c2: await configOf(city().h, gateC2) };
    const res = await arrive(form(1, today()));
    expect(res.statusCode, res.body).toBe(200);
    const receipt = res.json<ArrivalReceipt>();
    expect(receipt).toMatchObject({
      name: '来人1', personId: `${idOf(1).slice(0, 6)}********${idOf(1).slice(-4)}`, arrivalDay: today(), category: 'from-wuhan', until: addDays(today(), 13),
      areaNames: ['三门峡市', '湖滨区', '湖滨街道', '东风社区'],
    });
    expect(await city().lastAudit('arrival.register')).toMatchObject({
      actor: 'arrival', areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c1'], target: receipt.personId, origin: '198.51.100.20',
      detail: { arrivalId: receipt.arrivalId, category: 'from-wuhan', checkpoints: 3 },
    });

    // Both gates of the community pull a new version holding the person; the sibling community's gate has nothing new.
    for (const gate of [gateC1, gateC1b]) {
      const config = await configOf(city().h, gate);
      expect(config.version).toBeGreaterThan(gate === gateC1 ? before.c1.version : 0);
      expect(await lookUp(config, idOf(1))).toEqual({ category: 'from-wuhan', note: expect.stringContaining(`入市登记 ${today()}`) });
    }
    const sibling = await configOf(city().h, gateC2);
    expect(sibling.version).toBe(before.c2.version);
    expect(await lookUp(sibling, idOf(1))).toBeUndefined();

    // Their colour does not: anyone may register anyone's arrival, and a self-declaration must not revoke a code.
    const colour = await colourWithReasons({ storage: city().h.storage, settings: { timeZone: ZONE } }, idOf(1), city().clock.at);
    expect(colour.reasons).not.toContain('kp-from-wuhan');

    const again = await arrive(form(1, today(), { name: '来人1 ' }));
    expect(again.json<ArrivalReceipt>().arrivalId).toBe(receipt.arrivalId);
    expect((await city().h.storage.listArrivals({ areaIds: null, limit: 10 })).filter((a) => a.personId === idOf(1))).toHaveLength(1);
  });

  it("keeps arrivals on a gate's list through the lead's re-import of it", async () => {
    const storage = city().h.storage;
    const { derivation, previous } = await derivationFor(storage, ['cp-c1a-1']);
    const { persons } = await sealKeyPersons(derivation, [{ personId: idOf(90), category: 'close-contact', note: '' }], previous);
    await replaceList(storage, 'cp-c1a-1', derivation, persons, city().clock.at.toISOString());
    const config = await configOf(city().h, gateC1);
    expect(await lookUp(config, idOf(90))).toMatchObject({ category: 'close-contact' });
    expect(await lookUp(config, idOf(1))).toMatchObject({ category: 'from-wuhan' });
  });

  it('gives an arrival from another province 市外返回 and one from the city itself nothing', async () => {
    const outside = (await arrive(form(2, today(), { fromProvince: '广东', fromCity: '深圳' }))).json<ArrivalReceipt>();
    expect(outside).toMatchObject({ category: 'outside-city', until: addDays(today(), 13) });
    const hubei = (await arrive(form(3, today(), { fromCity: '孝感' }))).json<ArrivalReceipt>();
    expect(hubei.category).toBe('from-hubei');
    const local = (await arrive(form(4, today(), { fromProvince: '河南', fromCity: '三门峡市' }))).json<ArrivalReceipt>();
    expect(local).toMatchObject({ category: null, until: null });
    expect(await lookUp(await configOf(city().h, gateC1), idOf(4))).toBeUndefined();
  });

  it('refuses an ID number that fails its check with the named error, an area that is no community, a date out of range, and unknown fields', async () => {
    const badCheck = idOf(5).slice(0, 17) + (idOf(5).endsWith('1') ? '2' : '1');
    const bad = await arrive(form(5, today(), { id: badCheck }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiError>()).toMatchObject({ error: 'id-check', messageZh: expect.any(String) });
    expect((await arrive(form(5, today(), { areaId: 'a-d1' }))).json<ApiError>().error).toBe('community-unknown');
    expect((await arrive(form(5, addDays(today(), 8)))).json<ApiError>().error).toBe('arrival-date');
    expect((await arrive(form(5, addDays(today(), -31)))).json<ApiError>().error).toBe('arrival-date');
    expect((await arrive({ ...form(5, today()), extra: 1 })).json<ApiError>().error).toBe('request-invalid');
    expect((await arrive(form(5, today(), { address: 'x'.repeat(201) }))).json<ApiError>().error).toBe('request-invalid');
    expect((await arrive({ ...form(5, today()), address: 'y'.repeat(5000) })).statusCode).toBe(413);
    expect((await city().h.storage.listArrivals({ areaIds: null, limit: 100 })).some((a) => a.personId === idOf(5))).toBe(false);
  });

  it("shows arrivals to the community's lead and hq in the console, and refuses a sibling area's user (audited)", async () => {
    const hqD1 = await city().session('hq-d1');
    const listed = await city().get<ArrivalList>(hqD1, '/api/v1/console/arrivals?area=a-c1');
    expect(listed.arrivals.map((a) => a.name)).toEqual(expect.arrayContaining(['来人1', '来人2', '来人3', '来人4']));
    expect(listed.arrivals.find((a) => a.name === '来人1')).toMatchObject({ phone: '138 0000 0000', fromCity: '武汉市', category: 'from-wuhan', active: true });
    expect(JSON.stringify(listed)).not.toContain(idOf(1));
    const sinceTomorrow = await city().get<ArrivalList>(hqD1, `/api/v1/console/arrivals?area=a-c1&since=${addDays(today(), 1)}`);
    expect(sinceTomorrow.arrivals).toEqual([]);

    // A sibling community's lead and the other district's hq: refused by name, and their own lists do not hold them.
    const leadC2 = await city().session('lead-c2');
    await city().expectRefused(leadC2, 'GET', '/api/v1/console/arrivals?area=a-c1', 'forbidden-area', 'a-c1');
    expect((await city().get<ArrivalList>(leadC2, '/api/v1/console/arrivals')).arrivals).toEqual([]);
    const hqD2 = await city().session('hq-d2');
    await city().expectRefused(hqD2, 'GET', '/api/v1/console/arrivals?area=a-c1', 'forbidden-area', 'a-c1');
    expect((await city().get<ArrivalList>(hqD2, '/api/v1/console/arrivals')).arrivals).toEqual([]);
    await city().expectRefused(hqD2, 'GET', '/api/v1/console/arrival-poster?area=a-c1', 'forbidden-area', 'a-c1');
    // A tracer has no residents.read.
    await city().expectRefused(await city().session('tracer-d1'), 'GET', '/api/v1/console/arrivals', 'forbidden-role');

    // A trace of the person shows the arrival, to a tracer of the destination's district only.
    const trace = (who: typeof hqD1) => city().as(who, 'POST', '/api/v1/console/trace/person', undefined, { personId: idOf(1), since: addDays(today(), -1), until: today(), reason: '流调 2026-1' });
    const traced = await trace(hqD1);
    expect(traced.statusCode, traced.body).toBe(200);
    expect(traced.json<PersonTrail>().arrivals).toMatchObject([{ fromCity: '武汉市', category: 'from-wuhan', areaNames: ['三门峡市', '湖滨区', '湖滨街道', '东风社区'] }]);
    expect((await trace(hqD2)).json<PersonTrail>().arrivals).toEqual([]);

    const poster = await city().as(hqD1, 'GET', '/api/v1/console/arrival-poster?area=a-c1');
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toMatch(/^text\/html/);
    expect(poster.body).toContain('<svg');
    expect(poster.body).toContain('/arrive');
    expect(poster.body).toContain('东风社区');
  });

  it('ends a listing after its last day: the gates get a new version without the person, one audit line', async () => {
    const held = await configOf(city().h, gateC1);
    expect(await lookUp(held, idOf(1))).toBeDefined();
    city().advance(14 * DAY_MS);
    const after = await city().h.app.inject({ url: `/api/v1/config?since=${held.version}&keyPersons=2`, headers: { authorization: `Bearer ${gateC1.token}` } });
    const config = after.json<Config>();
    expect(config.version).toBeGreaterThan(held.version);
    expect(await lookUp(config, idOf(1))).toBeUndefined();
    expect(await lookUp(config, idOf(90))).toBeDefined();
    const lines = (await city().h.storage.listAudit({ limit: 1000 })).filter((r) => r.action === 'arrival.expired' && r.target === `${idOf(1).slice(0, 6)}********${idOf(1).slice(-4)}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ actor: 'server', areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c1'], detail: { category: 'from-wuhan' } });
    // A second pull expires nothing twice.
    await configOf(city().h, gateC1b);
    expect((await city().h.storage.listAudit({ limit: 1000 })).filter((r) => r.action === 'arrival.expired' && r.target === lines[0]!.target)).toHaveLength(1);
    const hqD1 = await city().session('hq-d1');
    const listed = await city().get<ArrivalList>(hqD1, '/api/v1/console/arrivals?area=a-c1');
    expect(listed.arrivals.find((a) => a.name === '来人1')?.active).toBe(false);
  });
});

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('arrivals rate limit', kind), () => {
    let h: Harness;
    beforeAll(async () => { h = await harness({ database: kind, rateLimits: { enrolPerMinute: 10, residentPerMinute: 3 } }); });
    afterAll(() => h.close());

    it('answers the 4th registration in a minute from one IP with 429, and another IP still gets its answer', async () => {
      const post = (ip: string) => h.app.inject({ method: 'POST', url: '/api/v1/arrivals', remoteAddress: ip, payload: form(7, '2026-01-01', { id: '420102198501011230' }) });
      for (let i = 0; i < 3; i++) expect((await post('198.51.100.30')).statusCode).toBe(400);
      const limited = await post('198.51.100.30');
      expect(limited.statusCode).toBe(429);
      expect(limited.json<ApiError>()).toMatchObject({ error: 'rate-limited', messageZh: expect.stringContaining('频繁') });
      expect((await post('198.51.100.31')).statusCode).toBe(400);
    });
  });
}

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('arrivals and the real-name check', kind), () => {
    let h: Harness;
    beforeAll(async () => {
      h = await harness({ database: kind, residentVerifier: testDoubleVerifier });
      await h.storage.applyCityChanges({
        newAreas: [{ id: 'a-city', parentId: null, level: 'city', name: '三门峡市', code: null }, { id: 'a-c1', parentId: 'a-city', level: 'community', name: '东风社区', code: null }],
        renamedAreas: [], newPlaces: [], changedPlaces: [], newCheckpoints: [], renamedCheckpoints: [],
      });
    });
    afterAll(() => h.close());

    it('refuses a name the check refuses with 403 resident-not-verified and stores nothing; another name is registered', async () => {
      const day = calendarDay(new Date(), ZONE);
      const refused = await h.app.inject({ method: 'POST', url: '/api/v1/arrivals', payload: form(8, day, { name: '假名字' }) });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<ApiError>()).toMatchObject({ error: 'resident-not-verified', messageZh: expect.any(String) });
      expect(await h.storage.arrivalsOf(idOf(8))).toEqual([]);
      const taken = await h.app.inject({ method: 'POST', url: '/api/v1/arrivals', payload: form(8, day) });
      expect(taken.statusCode, taken.body).toBe(200);
      expect((await h.storage.arrivalsOf(idOf(8))).map((a) => a.name)).toEqual(['来人8']);
    });
  });
}

onEachCity('kadian arrivals', (city) => {
  beforeAll(async () => {
    await city().storage.applyCityChanges({
      newAreas: [
        { id: 'a-city', parentId: null, level: 'city', name: '三门峡市', code: null },
        { id: 'a-c1', parentId: 'a-city', level: 'community', name: '东风社区', code: null },
        { id: 'a-c2', parentId: 'a-city', level: 'community', name: '建设社区', code: null },
      ],
      renamedAreas: [], newPlaces: [], changedPlaces: [], newCheckpoints: [], renamedCheckpoints: [],
    });
  });

  it('lists arrivals by area and day, ID numbers masked, audited; an unknown area is a usage error', async () => {
    const h = await city().app();
    const today = calendarDay(new Date(), ZONE);
    for (const [n, areaId] of [[11, 'a-c1'], [12, 'a-c2']] as const) {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/arrivals', payload: form(n, today, { areaId }) });
      expect(res.statusCode, res.body).toBe(200);
    }
    const run = await city().kadian('arrivals', 'list', '--area', 'a-c1', '--since', addDays(today, -1), '--json');
    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as ArrivalList;
    expect(listed.arrivals).toMatchObject([{ name: '来人11', personId: `${idOf(11).slice(0, 6)}********${idOf(11).slice(-4)}`, category: 'from-wuhan', areaNames: ['三门峡市', '东风社区'] }]);
    expect(run.stdout).not.toContain(idOf(11));
    const [line] = (await city().storage.listAudit({ limit: 5 })).filter((r) => r.action === 'cli.arrivals.list');
    expect(line).toMatchObject({ actor: 'cli', areaPath: ['a-city', 'a-c1'], detail: { exitCode: 0 } });
    const table = await city().kadian('arrivals', 'list');
    expect(table.stdout).toContain('来人12');
    const none = await city().kadian('arrivals', 'list', '--since', addDays(today, 1), '--json');
    expect(none.code, none.stderr).toBe(0);
    expect((JSON.parse(none.stdout) as ArrivalList).arrivals).toEqual([]);
    expect((await city().kadian('arrivals', 'list', '--area', 'a-nowhere')).code).toBe(2);
  });

  it('changes the rule table: a later arrival from 广东 is on no list, and reset brings the defaults back', async () => {
    const set = await city().kadian('arrival-rules', 'set', '--province', '广东省', 'none', '1');
    expect(set.code, set.stderr).toBe(0);
    const rules = JSON.parse((await city().kadian('arrival-rules', 'list', '--json')).stdout) as { rules: Array<{ province: string; category: string | null }>; default: boolean };
    expect(rules.default).toBe(false);
    expect(rules.rules).toContainEqual({ province: '广东', category: null, days: 1 });
    expect(rules.rules.map((r) => r.province)).toContain(ANY_ORIGIN);
    const h = await city().app();
    const today = calendarDay(new Date(), ZONE);
    const receipt = (await h.app.inject({ method: 'POST', url: '/api/v1/arrivals', payload: form(13, today, { fromProvince: '广东', fromCity: '广州' }) })).json<ArrivalReceipt>();
    expect(receipt.category).toBeNull();
    expect((await city().storage.listAudit({ limit: 10 })).find((r) => r.action === 'cli.arrival-rules.set')).toMatchObject({ actor: 'cli', target: '广东' });
    expect((await city().kadian('arrival-rules', 'reset')).code).toBe(0);
    expect((JSON.parse((await city().kadian('arrival-rules', 'list', '--json')).stdout) as { default: boolean }).default).toBe(true);
    expect((await city().kadian('arrival-rules', 'set', '--province', '火星', 'from-wuhan', '14')).code).toBe(2);
  });
});
