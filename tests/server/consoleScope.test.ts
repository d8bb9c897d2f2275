/** Issue #14: every console read is by area: a user sees exactly their subtree, a sibling district's user gets 403 on every route, and each refusal is audited; on each database. */
import { expect, it } from 'vitest';
import type { Areas, Audit, Checkpoints, Me } from '../../src/core/consoleWire.ts';
import type { Alerts, Devices } from '../../src/core/consoleOps.ts';
import { seal } from '../../src/core/chain.ts';
import { CLIENT_IP, onEachConsoleCity, type Signed } from './consoleFixture.ts';
import { chain, enrol, entryFields, push } from './helpers.ts';
import type { HelpRequestState } from '../../src/core/residentWire.ts';
import { resident } from './issuerFixture.ts';
import { asPhone, registered } from './residentFixture.ts';

/** Every console route that reads an area, with the query naming it. */
const AREA_ROUTES = [
  '/api/v1/console/areas?under=', '/api/v1/console/checkpoints?area=', '/api/v1/console/audit?area=',
  '/api/v1/console/figures?area=', '/api/v1/console/trend?area=', '/api/v1/console/hours?area=',
  '/api/v1/console/alerts?area=', '/api/v1/console/alerts/stream?area=', '/api/v1/console/devices?area=', '/api/v1/console/anomalies?area=',
  '/api/v1/console/export?from=2026-11-01&to=2026-11-30&area=', '/api/v1/console/report?date=2026-11-30&area=',
  '/api/v1/console/places/counts?area=', '/api/v1/console/places/posters?area=', '/api/v1/console/residents?area=',
  '/api/v1/console/arrivals?area=', '/api/v1/console/arrival-poster?area=',
] as const;
/**
 * Every console route there is; the test below fails when one is added without being listed here. Those not in
 * AREA_ROUTES name no area: me and passkeys are the caller's own.
 */
const CONSOLE_ROUTES = [
  '/api/v1/console/alerts', '/api/v1/console/alerts/stream', '/api/v1/console/alerts/{id}/ack', '/api/v1/console/anomalies',
  '/api/v1/console/areas', '/api/v1/console/arrival-poster', '/api/v1/console/arrivals', '/api/v1/console/arrivals/{id}/withdraw', '/api/v1/console/audit', '/api/v1/console/checkpoints', '/api/v1/console/checkpoints/{id}/enrolment',
  '/api/v1/console/devices', '/api/v1/console/devices/{id}/label', '/api/v1/console/devices/{id}/revoke', '/api/v1/console/enrol-sheet', '/api/v1/console/export',
  '/api/v1/console/figures', '/api/v1/console/hours', '/api/v1/console/key-persons',
  '/api/v1/console/me', '/api/v1/console/passkeys', '/api/v1/console/passkeys/options',
  '/api/v1/console/places/counts', '/api/v1/console/places/posters', '/api/v1/console/places/{id}/count', '/api/v1/console/places/{id}/poster', '/api/v1/console/report', '/api/v1/console/residents',
  '/api/v1/console/residents/rebind', '/api/v1/console/residents/requests/{requestId}/done', '/api/v1/console/rules',
  '/api/v1/console/trace/contacts', '/api/v1/console/trace/contacts.xlsx', '/api/v1/console/trace/history', '/api/v1/console/trace/person',
  '/api/v1/console/trace/person.xlsx', '/api/v1/console/trace/place', '/api/v1/console/trace/place.xlsx', '/api/v1/console/trend',
];
/** District 1's subtree, and everything in it. */
const D1_AREAS = ['a-d1', 'a-s1', 'a-c1', 'a-c2'];
const D1_PLACES = ['p-c1a', 'p-c1b', 'p-c2a'];
const D1_CHECKPOINTS = ['cp-c1a-1', 'cp-c1a-2', 'cp-c1b-1', 'cp-c2a-1'];

const ids = (items: ReadonlyArray<{ id: string }>): string[] => items.map((i) => i.id).sort();

onEachConsoleCity('console scope', (city) => {
  const get = <T>(who: Signed, url: string): Promise<T> => city().get<T>(who, url);

  it('lists every console route in its OpenAPI document, so the sibling test below tries them all', async () => {
    const doc = (await city().h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/console')).sort()).toEqual(CONSOLE_ROUTES);
  });

  it('refuses a user of the sibling district with 403 on every route, for every area of district 1, and audits each refusal', async () => {
    const sibling = await city().session('hq-d2');
    for (const route of AREA_ROUTES) {
      for (const area of D1_AREAS) {
        const res = await city().as(sibling, 'GET', `${route}${area}`);
        expect(res.statusCode, `${route}${area}`).toBe(403);
        expect(res.json()).toMatchObject({ error: 'forbidden-area', messageZh: expect.stringContaining('无权访问此区域') });
        expect(res.body).not.toContain('湖滨');
        expect(await city().lastAudit('console.refused')).toMatchObject({
          actor: `user:${sibling.userId}`, origin: CLIENT_IP, areaPath: ['a-city', 'a-d2'], target: area, detail: { reason: 'forbidden-area' },
        });
      }
      // Nor the city above them both, nor an area that does not exist: the same 403, so ids cannot be probed.
      for (const area of ['a-city', 'a-nowhere']) expect((await city().as(sibling, 'GET', `${route}${area}`)).statusCode).toBe(403);
    }
    // What it may read holds nothing of district 1.
    const own = JSON.stringify([
      await get(sibling, '/api/v1/console/me'), await get(sibling, '/api/v1/console/areas'), await get(sibling, '/api/v1/console/checkpoints'),
    ]);
    for (const id of [...D1_AREAS, ...D1_PLACES, ...D1_CHECKPOINTS]) expect(own).not.toContain(`"${id}"`);
  });

  it('refuses the sibling district on every route that names a place, checkpoint, tablet or alert of district 1', async () => {
    const tablet = await enrol(city().h, 'cp-c1a-1');
    const stop = seal({ ...entryFields(tablet, 1), verdict: 'stop', reasons: ['fever'] }, null);
    expect((await push(city().h, tablet, [stop])).body.results).toMatchObject([{ status: 'stored' }]);
    const hq = await city().session('hq-d1');
    const [alert] = (await get<Alerts>(hq, '/api/v1/console/alerts')).alerts;
    if (!alert) throw new Error('no alert');
    // A resident of district 1 with a 困难诉求 (issue #18).
    const who = resident(70);
    const { credential } = await registered(city().h.app, who, null, { areaId: 'a-c1' });
    const helpRequest = (await asPhone(city().h.app, credential, 'POST', '/api/v1/residents/requests', { id: who.id, kind: 'food', text: '米' })).json<HelpRequestState>();
    const sibling = await city().session('hq-d2');
    const tries: Array<['GET' | 'POST', string, object?]> = [
      ['GET', '/api/v1/console/devices?place=p-c1a'], ['GET', '/api/v1/console/devices?checkpoint=cp-c1a-1'],
      ['GET', '/api/v1/console/export?from=2026-11-01&to=2026-11-30&place=p-c1a'], ['GET', '/api/v1/console/export?from=2026-11-01&to=2026-11-30&checkpoint=cp-c1a-1'],
      ['GET', '/api/v1/console/report?place=p-c1a'], ['GET', '/api/v1/console/report?checkpoint=cp-c1a-1'],
      ['POST', `/api/v1/console/devices/${tablet.deviceId}/revoke`], ['POST', `/api/v1/console/devices/${tablet.deviceId}/label`, { label: 'mine now' }],
      ['POST', `/api/v1/console/alerts/${alert.id}/ack`], ['POST', '/api/v1/console/checkpoints/cp-c1a-1/enrolment'],
      ['GET', '/api/v1/console/rules?place=p-c1a'], ['POST', '/api/v1/console/rules?checkpoint=cp-c1a-1', { set: [{ field: 'capacity', value: 5 }] }],
      ['GET', '/api/v1/console/key-persons?place=p-c1a'], ['POST', '/api/v1/console/enrol-sheet?place=p-c1a'],
      ['GET', '/api/v1/console/anomalies?place=p-c1a'],
      ['POST', '/api/v1/console/devices/d-nowhere/revoke'], ['POST', '/api/v1/console/alerts/al-nowhere/ack'], ['POST', '/api/v1/console/checkpoints/cp-nowhere/enrolment'],
      ['POST', '/api/v1/console/places/p-c1a/count', { inside: 0, reason: '人工清点' }], ['POST', '/api/v1/console/places/p-nowhere/count', { inside: 0, reason: '人工清点' }],
      ['POST', '/api/v1/console/places/p-c1a/poster', { withdrawn: true }], ['POST', '/api/v1/console/places/p-nowhere/poster', { withdrawn: true }],
      ['POST', '/api/v1/console/arrivals/ar-nowhere/withdraw', { reason: '冒名登记' }],
      ['POST', `/api/v1/console/residents/requests/${helpRequest.requestId}/done`, { note: '已办' }], ['POST', '/api/v1/console/residents/requests/rq-nowhere/done', { note: '已办' }],
      ['POST', '/api/v1/console/residents/rebind', { id: who.id, name: who.name, reason: '见过身份证' }],
    ];
    for (const [method, url, payload] of tries) {
      const res = await city().as(sibling, method, url, undefined, payload);
      expect(res.statusCode, url).toBe(403);
      expect(res.json(), url).toMatchObject({ error: 'forbidden-area' });
      expect(await city().lastAudit('console.refused'), url).toMatchObject({ actor: `user:${sibling.userId}`, detail: { reason: 'forbidden-area' } });
    }
    // Nothing changed: the tablet still pushes, its label is its own, the alert is open.
    expect((await push(city().h, tablet, await chain(tablet, 1, stop))).body.results).toMatchObject([{ status: 'stored' }]);
    const [device] = (await get<Devices>(hq, '/api/v1/console/devices?checkpoint=cp-c1a-1')).devices;
    expect(device).toMatchObject({ id: tablet.deviceId, label: 'test tablet', revokedAt: null });
    expect((await get<Alerts>(hq, '/api/v1/console/alerts')).alerts[0]).toMatchObject({ id: alert.id, acknowledgedAt: null });
  });

  it('shows an hq of a district exactly its subtree, from its root or from any area in it', async () => {
    const hq = await city().session('hq-d1');
    const me = await get<Me>(hq, '/api/v1/console/me');
    expect(me).toMatchObject({ user: { name: 'hq-d1', role: 'hq' }, area: { id: 'a-d1', path: ['a-city', 'a-d1'], names: ['三门峡市', '湖滨区'] }, place: null, csrf: hq.csrf });
    const tree = await get<Areas>(hq, '/api/v1/console/areas');
    expect(ids(tree.areas)).toEqual([...D1_AREAS].sort());
    expect(ids(tree.places)).toEqual(D1_PLACES);
    expect(ids((await get<Checkpoints>(hq, '/api/v1/console/checkpoints')).checkpoints)).toEqual(D1_CHECKPOINTS);
    const below = await get<Areas>(hq, '/api/v1/console/areas?under=a-c1');
    expect([ids(below.areas), ids(below.places)]).toEqual([['a-c1'], ['p-c1a', 'p-c1b']]);
    expect(ids((await get<Checkpoints>(hq, '/api/v1/console/checkpoints?area=a-c2')).checkpoints)).toEqual(['cp-c2a-1']);
  });

  it('shows a lead of one place only that place and its checkpoints, and nothing above or beside it', async () => {
    const lead = await city().session('lead-p');
    expect(await get<Me>(lead, '/api/v1/console/me')).toMatchObject({ area: { id: 'a-c1' }, place: { id: 'p-c1a', areaId: 'a-c1' } });
    for (const url of ['/api/v1/console/areas', '/api/v1/console/areas?under=a-c1']) {
      const tree = await get<Areas>(lead, url);
      expect([ids(tree.areas), ids(tree.places)]).toEqual([['a-c1'], ['p-c1a']]);
    }
    for (const url of ['/api/v1/console/checkpoints', '/api/v1/console/checkpoints?area=a-c1']) {
      expect(ids((await get<Checkpoints>(lead, url)).checkpoints)).toEqual(['cp-c1a-1', 'cp-c1a-2']);
    }
    for (const area of ['a-s1', 'a-d1', 'a-c2', 'a-c3']) {
      expect((await city().as(lead, 'GET', `/api/v1/console/areas?under=${area}`)).statusCode).toBe(403);
      expect((await city().as(lead, 'GET', `/api/v1/console/checkpoints?area=${area}`)).statusCode).toBe(403);
    }
  });

  it('shows a lead of a community all of that community, and no other', async () => {
    const lead = await city().session('lead-c2');
    expect(ids((await get<Checkpoints>(lead, '/api/v1/console/checkpoints')).checkpoints)).toEqual(['cp-c2a-1']);
    expect((await city().as(lead, 'GET', '/api/v1/console/checkpoints?area=a-c1')).statusCode).toBe(403);
  });

  it('gives the audit log to hq and admin only, hq only its subtree’s lines', async () => {
    for (const name of ['lead-p', 'lead-c2', 'tracer-d1']) {
      await city().expectRefused(await city().session(name), 'GET', '/api/v1/console/audit', 'forbidden-role');
    }
    const hq = await city().session('hq-d1');
    const lines = (await get<Audit>(hq, '/api/v1/console/audit')).records;
    // District 1's sign-ins and refusals are there, district 2's are not, nor lines about no area.
    expect(lines.some((r) => r.action === 'console.signin' && r.actor === `user:${city().userId['tracer-d1']}`)).toBe(true);
    expect(lines.every((r) => r.areaPath !== null && r.areaPath.slice(0, 2).join('/') === 'a-city/a-d1')).toBe(true);
    const c2 = (await get<Audit>(hq, '/api/v1/console/audit?area=a-c2')).records;
    expect(c2.length).toBeGreaterThan(0);
    expect(c2.every((r) => r.areaPath?.includes('a-c2'))).toBe(true);
    const admin = await city().session('admin');
    const all = (await get<Audit>(admin, '/api/v1/console/audit')).records;
    expect(all.some((r) => r.areaPath?.includes('a-d2'))).toBe(true);
    expect((await get<Audit>(admin, '/api/v1/console/audit?limit=2')).records).toHaveLength(2);
  });

  it('shows an admin the whole city, the demo community included', async () => {
    const admin = await city().session('admin');
    expect(await get<Me>(admin, '/api/v1/console/me')).toMatchObject({ area: null, place: null });
    const tree = await get<Areas>(admin, '/api/v1/console/areas');
    expect(ids(tree.areas)).toEqual(expect.arrayContaining([...D1_AREAS, 'a-city', 'a-d2', 'a-c3']));
    expect(ids((await get<Checkpoints>(admin, '/api/v1/console/checkpoints')).checkpoints)).toEqual(expect.arrayContaining([...D1_CHECKPOINTS, 'cp-c3a-1', city().h.checkpointId]));
  });
});
