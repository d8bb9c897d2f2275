/**
 * Issue #20's leftovers, on each database: a lead withdraws a false arrival (撤销) with a reason, once, audited; it then
 * leaves the gates' lists (a new config version), the console's key-person figures and traces, and is never expired; a
 * user outside the community's subtree is refused and nothing changes. And the console's key-person figures of a gate
 * count the arrivals listed on it.
 */
import { beforeAll, expect, it } from 'vitest';
import type { ArrivalReceipt, ArrivalList, ConsoleArrival } from '../../src/core/arrivalWire.ts';
import { calendarDay } from '../../src/core/calendar.ts';
import type { KeyPersonLists } from '../../src/core/consoleRules.ts';
import type { PersonTrail } from '../../src/core/traceWire.ts';
import type { ApiError } from '../../src/core/wire.ts';
import { colourWithReasons } from '../../src/server/issuer/colours.ts';
import { derivationFor, replaceList } from '../../src/server/operator/keyPersonList.ts';
import { sealKeyPersons } from '../../src/server/operator/keyPersonSeal.ts';
import { configOf, DAY_MS, form, idOf, lookUp, maskedIdOf, ZONE } from './arrivalFixture.ts';
import { onEachConsoleCity } from './consoleFixture.ts';
import { enrol, type Tablet } from './helpers.ts';

onEachConsoleCity('arrival withdrawal', (city) => {
  const today = () => calendarDay(city().clock.at, ZONE);
  const arrive = (body: object) => city().h.app.inject({ method: 'POST', url: '/api/v1/arrivals', payload: body, headers: { 'x-forwarded-for': '198.51.100.20' } });
  let gateC1: Tablet, gateC2: Tablet;

  beforeAll(async () => {
    [gateC1, gateC2] = [await enrol(city().h, 'cp-c1a-1'), await enrol(city().h, 'cp-c2a-1')];
    // cp-c1a-1's imported list holds idOf(90); arrivals 1 (武汉), 2 (深圳) and 3 (孝感) are listed, 4 (the city itself) is not.
    const storage = city().h.storage;
    const { derivation, previous } = await derivationFor(storage, ['cp-c1a-1']);
    const { persons } = await sealKeyPersons(derivation, [{ personId: idOf(90), category: 'close-contact', note: '' }], previous);
    await replaceList(storage, 'cp-c1a-1', derivation, persons, city().clock.at.toISOString());
    for (const body of [form(1, today()), form(2, today(), { fromProvince: '广东', fromCity: '深圳' }), form(3, today(), { fromCity: '孝感' }), form(4, today(), { fromProvince: '河南', fromCity: '三门峡市' })]) {
      const res = await arrive(body);
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it("counts listed arrivals in the console's key-person figures of the community's gates, not a sibling's", async () => {
    const hqD1 = await city().session('hq-d1');
    const lists = await city().get<KeyPersonLists>(hqD1, '/api/v1/console/key-persons?place=p-c1a');
    // cp-c1a-1 holds idOf(90) by import; arrivals 1, 2 and 3 are listed (4 is from the city itself).
    expect(lists.lists.find((l) => l.checkpointId === 'cp-c1a-1')).toMatchObject({
      persons: 4, arrivals: 3, byCategory: { 'close-contact': 1, 'from-wuhan': 1, 'outside-city': 1, 'from-hubei': 1 },
    });
    expect(lists.lists.find((l) => l.checkpointId === 'cp-c1a-2')).toMatchObject({ persons: 3, arrivals: 3 });
    expect((await city().get<KeyPersonLists>(hqD1, '/api/v1/console/key-persons?place=p-c2a')).lists[0]).toMatchObject({ persons: 0, arrivals: 0, byCategory: {} });
  });

  it("lets the community's lead withdraw a false arrival with a reason, once, audited: off the gates' lists and the counts; a sibling's lead is refused", async () => {
    const receipt = (await arrive(form(20, today(), { name: '冒名者' }))).json<ArrivalReceipt>();
    const held = { c1: await configOf(city().h, gateC1), c2: await configOf(city().h, gateC2) };
    expect(await lookUp(held.c1, idOf(20))).toMatchObject({ category: 'from-wuhan' });
    const url = `/api/v1/console/arrivals/${receipt.arrivalId}/withdraw`;
    const hqD1 = await city().session('hq-d1');
    const counted = async () => (await city().get<KeyPersonLists>(hqD1, '/api/v1/console/key-persons?checkpoint=cp-c1a-1')).lists[0];
    expect(await counted()).toMatchObject({ persons: 5, arrivals: 4 });

    // A sibling community's lead, the other district's hq, a tracer, an unknown id: refused, audited, nothing changed.
    for (const who of ['lead-c2', 'hq-d2']) {
      const signed = await city().session(who);
      for (const target of [url, '/api/v1/console/arrivals/ar-nowhere/withdraw']) {
        const res = await city().as(signed, 'POST', target, undefined, { reason: '冒名登记' });
        expect(res.statusCode, `${who} ${target}`).toBe(403);
        expect(res.json<ApiError>()).toMatchObject({ error: 'forbidden-area' });
        expect(res.body).not.toContain('冒名者');
        expect(await city().lastAudit('console.refused')).toMatchObject({ actor: `user:${signed.userId}`, detail: { reason: 'forbidden-area' } });
      }
    }
    const tracer = await city().as(await city().session('tracer-d1'), 'POST', url, undefined, { reason: '冒名登记' });
    expect(tracer.json<ApiError>()).toMatchObject({ error: 'forbidden-role' });
    // The lead of a place in the community (lead-p), with no reason or a blank one: 400 named, nothing changed.
    const lead = await city().session('lead-p');
    for (const body of [{}, { reason: '  ' }, { reason: '冒' }]) {
      const res = await city().as(lead, 'POST', url, undefined, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<ApiError>()).toMatchObject({ error: 'arrival-withdraw-reason', messageZh: expect.stringContaining('撤销原因'), message: expect.stringContaining('reason') });
    }
    expect((await city().h.storage.getArrival(receipt.arrivalId))?.withdrawal).toBeNull();
    expect((await configOf(city().h, gateC1)).version).toBe(held.c1.version);
    expect(await city().lastAudit('console.arrival-withdraw')).toBeUndefined();

    const done = await city().as(lead, 'POST', url, undefined, { reason: ' 冒名登记，本人未到达 ' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<ConsoleArrival>()).toMatchObject({
      arrivalId: receipt.arrivalId, active: false, withdrawn: { reason: '冒名登记，本人未到达', byName: 'lead-p', at: expect.stringMatching(/^2026-/) },
    });
    const masked = maskedIdOf(20);
    expect(await city().lastAudit('console.arrival-withdraw')).toMatchObject({
      actor: `user:${city().userId['lead-p']}`, areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c1'], target: masked, origin: expect.any(String),
      detail: { arrivalId: receipt.arrivalId, reason: '冒名登记，本人未到达', first: true, category: 'from-wuhan', checkpoints: 3 },
    });

    // The gates of the community get a new version without the person; the sibling's has nothing new; the counts drop.
    const after = await configOf(city().h, gateC1);
    expect(after.version).toBeGreaterThan(held.c1.version);
    expect(await lookUp(after, idOf(20))).toBeUndefined();
    expect(await lookUp(after, idOf(1))).toMatchObject({ category: 'from-wuhan' });
    expect((await configOf(city().h, gateC2)).version).toBe(held.c2.version);
    expect(await counted()).toMatchObject({ persons: 4, arrivals: 3 });
    const colour = await colourWithReasons({ storage: city().h.storage, settings: { timeZone: ZONE } }, idOf(20), city().clock.at);
    expect(colour.reasons).not.toContain('kp-from-wuhan');
    const listed = (await city().get<ArrivalList>(hqD1, '/api/v1/console/arrivals?area=a-c1')).arrivals.find((a) => a.arrivalId === receipt.arrivalId);
    expect(listed).toMatchObject({ active: false, withdrawn: { reason: '冒名登记，本人未到达', byName: 'lead-p' } });
    const trace = await city().as(hqD1, 'POST', '/api/v1/console/trace/person', undefined, { personId: idOf(20), since: today(), until: today(), reason: '流调 2026-2' });
    expect(trace.json<PersonTrail>().arrivals).toEqual([]);

    // Again: the first withdrawal stands, no new version, the second try audited as such.
    const again = await city().as(hqD1, 'POST', url, undefined, { reason: '另一个原因' });
    expect(again.statusCode).toBe(200);
    expect(again.json<ConsoleArrival>().withdrawn).toMatchObject({ reason: '冒名登记，本人未到达', byName: 'lead-p' });
    expect(await city().lastAudit('console.arrival-withdraw')).toMatchObject({ actor: `user:${city().userId['hq-d1']}`, detail: { first: false, checkpoints: 0 } });
    expect((await configOf(city().h, gateC1)).version).toBe(after.version);

    // The person's own registration afterwards is a new arrival, listed again.
    const own = (await arrive(form(20, today()))).json<ArrivalReceipt>();
    expect(own.arrivalId).not.toBe(receipt.arrivalId);
    expect(await lookUp(await configOf(city().h, gateC1), idOf(20))).toMatchObject({ category: 'from-wuhan' });
  });

  it('never expires a withdrawn arrival: its withdrawal took it off the lists; the person\'s own one ends as usual', async () => {
    city().advance(14 * DAY_MS);
    await configOf(city().h, gateC1);
    expect((await city().h.storage.arrivalsOf(idOf(20))).map((a) => [a.withdrawal !== null, a.expiredAt !== null])).toEqual([[true, false], [false, true]]);
    const expired = (await city().h.storage.listAudit({ limit: 1000 })).filter((r) => r.action === 'arrival.expired' && r.target === maskedIdOf(20));
    expect(expired).toHaveLength(1);
  });
});
