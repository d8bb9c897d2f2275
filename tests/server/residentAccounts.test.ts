/**
 * Issue #18's findings on the resident routes, reproduced and fixed, on each database: squatting refused and repaired
 * by a lead's re-binding code (audited); an unknown ID number and another phone's person answer alike; a household of
 * three, each with their own code; travel and 困难诉求 reach the lead, who closes one and the phone sees it closed.
 */
import { beforeAll, expect, it } from 'vitest';
import type { ApiError, CheckInResponse, Config, HealthCodeResponse } from '../../src/core/wire.ts';
import type { HelpRequestState, Household, PhoneCredential, RebindCode, ResidentList } from '../../src/core/residentWire.ts';
import { createAccount } from '../../src/server/accounts/users.ts';
import { onEachConsoleCity, PASSWORD, START, type Signed } from './consoleFixture.ts';
import { enrol } from './helpers.ts';
import { resident, verifyAt } from './issuerFixture.ts';
import { asPhone, registered } from './residentFixture.ts';

const healthy = { temperature: 36.5, isolated: false, symptoms: false };
const LATER = new Date(START.getTime() + 3_600_000).toISOString();

onEachConsoleCity('resident accounts', (city) => {
  const app = () => city().h.app;
  let trust: Config['trust'];
  let leadC2: Signed;

  const checkIn = (credential: PhoneCredential | null, id: string, reading: Partial<typeof healthy> = {}) =>
    asPhone(app(), credential, 'POST', '/api/v1/checkins', { id, ...healthy, ...reading });
  const healthCode = (credential: PhoneCredential | null, id: string) => asPhone(app(), credential, 'POST', '/api/v1/health-code', { id });
  const me = async (credential: PhoneCredential): Promise<Household> => {
    const res = await asPhone(app(), credential, 'GET', '/api/v1/residents/me');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Household>();
  };

  beforeAll(async () => {
    const tablet = await enrol(city().h, 'cp-c2a-1');
    trust = (await app().inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${tablet.token}` } })).json<Config>().trust;
    leadC2 = await city().session('lead-c2');
  });

  it('refuses a second phone an ID number another phone holds (409 resident-claimed), and a lead re-binds it after seeing the card', async () => {
    const real = resident(101);
    const squatter = await registered(app(), { id: real.id, name: '冒名者' }, null, { areaId: 'a-c2' });
    expect(squatter.household.credential).toBeDefined();
    expect((await checkIn(squatter.credential, real.id)).statusCode).toBe(200);

    // The real person's phone: refused, with words that say what to do; the squatter's phone is not named.
    const refused = await asPhone(app(), null, 'POST', '/api/v1/residents/register', { ...real, relation: 'self', areaId: 'a-c2' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<ApiError>()).toMatchObject({ error: 'resident-claimed', message: expect.stringContaining('another phone') });
    expect(refused.json<ApiError>().messageZh).toContain('负责人');
    const own = (await registered(app(), resident(102))).credential;
    expect((await healthCode(own, real.id)).statusCode).toBe(404);

    // The lead saw the ID card: a one-time code, audited with the reason.
    const made = await city().as(leadC2, 'POST', '/api/v1/console/residents/rebind', undefined, { id: real.id, name: real.name, reason: '本人持身份证到社区核验' });
    expect(made.statusCode, made.body).toBe(200);
    const { code, expires } = made.json<RebindCode>();
    expect(code).toMatch(/^\d{8}$/);
    expect(Date.parse(expires) - START.getTime()).toBeGreaterThan(23 * 3_600_000);
    expect(await city().lastAudit('console.resident-rebind')).toMatchObject({
      actor: `user:${city().userId['lead-c2']}`, areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c2'], target: `${real.id.slice(0, 6)}********${real.id.slice(-4)}`,
      detail: { reason: '本人持身份证到社区核验', bound: true, moveTo: null },
    });
    expect(JSON.stringify(await city().h.storage.listAudit({ limit: 50 }))).not.toContain(code);

    // A wrong code changes nothing; the right one moves the binding to the real person's phone, under the card's name.
    const wrong = await asPhone(app(), own, 'POST', '/api/v1/residents/register', { id: real.id, name: real.name, relation: 'spouse', rebindCode: code === '00000000' ? '00000001' : '00000000' });
    expect(wrong.json<ApiError>().error).toBe('rebind-code-invalid');
    const moved = await asPhone(app(), own, 'POST', '/api/v1/residents/register', { id: real.id, name: '随便写', relation: 'spouse', rebindCode: code });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Household>().persons.find((p) => p.id === real.id)).toMatchObject({ name: real.name, areaId: 'a-c2', colour: 'green' });
    expect(await city().lastAudit('resident.rebind')).toMatchObject({ actor: 'resident', areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c2'], detail: { reason: '本人持身份证到社区核验', nameChanged: true } });

    // The squatter's phone gets nothing of that person any more; the real person's code carries the card's name.
    for (const res of [await healthCode(squatter.credential, real.id), await checkIn(squatter.credential, real.id)]) {
      expect(res.statusCode).toBe(404);
      expect(res.json<ApiError>().error).toBe('resident-unknown');
    }
    expect((await me(squatter.credential)).persons).toEqual([]);
    const issued = (await healthCode(own, real.id)).json<HealthCodeResponse>();
    expect(await verifyAt(issued.code, trust, LATER)).toMatchObject({ valid: true, subject: { id: real.id, name: real.name } });
    // Used up: the same code again is refused.
    const again = await asPhone(app(), null, 'POST', '/api/v1/residents/register', { ...real, relation: 'self', rebindCode: code });
    expect(again.json<ApiError>().error).toBe('rebind-code-invalid');
  });

  it('answers an ID number of another phone exactly as an unknown one: same status, same body', async () => {
    const mine = await registered(app(), resident(110));
    const theirs = resident(111);
    await registered(app(), theirs);
    const unknown = resident(112);
    for (const call of [healthCode, checkIn] as const) {
      const other = await call(mine.credential, theirs.id);
      const nobody = await call(mine.credential, unknown.id);
      expect(other.statusCode).toBe(404);
      expect(nobody.statusCode).toBe(404);
      expect(other.body).toBe(nobody.body);
    }
    // Without a credential, or with one the server never issued: 401, whoever is asked about.
    for (const credential of [null, { phoneId: mine.credential.phoneId, secret: 'A'.repeat(43) }]) {
      const res = await healthCode(credential, theirs.id);
      expect(res.statusCode).toBe(401);
      expect(res.json<ApiError>().error).toBe('resident-credential');
    }
    const junk = await app().inject({ method: 'POST', url: '/api/v1/health-code', headers: { authorization: 'Resident nonsense' }, payload: { id: theirs.id } });
    expect(junk.json<ApiError>().error).toBe('resident-credential');
  });

  it('gives each of a household of three on one phone a code of their own', async () => {
    const [mother, child, grandfather] = [resident(120), resident(121), resident(122)];
    const { credential } = await registered(app(), mother, null, { areaId: 'a-c2' });
    await registered(app(), child, credential, { relation: 'child' });
    const last = await registered(app(), grandfather, credential, { relation: 'grandparent', address: '建设路 1 号' });
    expect(last.household.credential).toBeUndefined();
    expect(last.household.persons.map((p) => [p.id, p.relation, p.birthDate])).toEqual([
      [mother.id, 'self', '1980-01-01'], [child.id, 'child', '1980-01-01'], [grandfather.id, 'grandparent', '1980-01-01'],
    ]);
    const second = await asPhone(app(), credential, 'POST', '/api/v1/residents/register', { ...resident(123), relation: 'self' });
    expect(second.json<ApiError>().error).toBe('resident-self-taken');

    const codes = [];
    for (const [who, reading] of [[mother, {}], [child, { temperature: 38.2 }], [grandfather, { symptoms: true }]] as const) {
      const res = await checkIn(credential, who.id, reading);
      expect(res.statusCode, res.body).toBe(200);
      codes.push(res.json<CheckInResponse>());
    }
    expect(codes.map((c) => c.colour)).toEqual(['green', 'red', 'yellow']);
    const subjects = await Promise.all(codes.map(async (c) => (await verifyAt(c.code, trust, LATER)).subject));
    expect(subjects).toEqual([mother, child, grandfather].map(({ id, name }) => ({ id, name })));
    expect((await me(credential)).persons.map((p) => [p.colour, p.state, p.lastCheckIn])).toEqual([
      ['green', 'green', '2026-11-30'], ['red', 'red', '2026-11-30'], ['yellow', 'yellow', '2026-11-30'],
    ]);
  });

  it("takes a household's travel and 困难诉求 to the lead, who closes one; the phone then sees it done", async () => {
    const [owner, child] = [resident(130), resident(131)];
    const { credential } = await registered(app(), owner, null, { areaId: 'a-c2' });
    await registered(app(), child, credential, { relation: 'child' });
    const trips = [{ place: '郑州', from: '2026-11-20', to: '2026-11-25' }, { place: '洛阳', from: '2026-11-26', to: '2026-11-26' }];
    const travel = await asPhone(app(), credential, 'PUT', '/api/v1/residents/travel', { id: child.id, trips });
    expect(travel.statusCode, travel.body).toBe(200);
    expect(travel.json<Household>().trips).toEqual([{ personId: owner.id, trips: [] }, { personId: child.id, trips }]);
    const raised = await asPhone(app(), credential, 'POST', '/api/v1/residents/requests', { id: owner.id, kind: 'medicine', text: '需要降压药' });
    expect(raised.statusCode, raised.body).toBe(200);
    const request = raised.json<HelpRequestState>();
    expect(request).toMatchObject({ personId: owner.id, kind: 'medicine', status: 'open', doneAt: null, note: null });

    const list = await city().get<ResidentList>(leadC2, '/api/v1/console/residents');
    const rowOf = (name: string) => list.rows.find((r) => r.name === name);
    expect(rowOf(owner.name)).toMatchObject({ personId: `${owner.id.slice(0, 6)}********${owner.id.slice(-4)}`, openRequests: 1, areaNames: ['三门峡市', '湖滨区', '湖滨街道', '建设社区'] });
    expect(rowOf(child.name)).toMatchObject({ tripsLast14Days: 2, relation: 'child', phoneId: rowOf(owner.name)?.phoneId });
    expect(JSON.stringify(list)).not.toContain(owner.id);
    expect(JSON.stringify(list)).not.toContain(credential.phoneId);
    // Flagged rows first: the squatting test's persons have no request, trip or fever.
    const firstCalm = list.rows.findIndex((r) => !r.fever && !r.isolated && r.missedDays < 2 && r.openRequests === 0 && r.tripsLast14Days === 0);
    expect(list.rows.slice(firstCalm).every((r) => r.openRequests === 0 && r.tripsLast14Days === 0 && !r.fever)).toBe(true);
    expect(list.requests.find((r) => r.requestId === request.requestId)).toMatchObject({ name: owner.name, status: 'open', text: '需要降压药' });
    // District 1's lead of another community sees none of it.
    const other = await city().get<ResidentList>(await city().session('lead-p'), '/api/v1/console/residents');
    expect(other.rows.some((r) => r.name === owner.name)).toBe(false);

    const done = await city().as(leadC2, 'POST', `/api/v1/console/residents/requests/${request.requestId}/done`, undefined, { note: '已送药上门' });
    expect(done.statusCode, done.body).toBe(200);
    expect(await city().lastAudit('console.resident-request-done')).toMatchObject({ target: request.requestId, detail: { kind: 'medicine', first: true } });
    expect((await me(credential)).requests).toEqual([expect.objectContaining({ requestId: request.requestId, status: 'done', note: '已送药上门', doneAt: expect.any(String) })]);

    for (let i = 0; i < 5; i++) expect((await asPhone(app(), credential, 'POST', '/api/v1/residents/requests', { id: child.id, kind: 'food', text: `第${i}次` })).statusCode).toBe(200);
    const sixth = await asPhone(app(), credential, 'POST', '/api/v1/residents/requests', { id: child.id, kind: 'food', text: '再一次' });
    expect([sixth.statusCode, sixth.json<ApiError>().error]).toEqual([409, 'resident-requests-open']);
  });

  it("refuses a sibling district's hq and lead on every new console route, and a lead without the write right nothing else", async () => {
    const made = await createAccount(city().h.storage, { name: 'lead-c3', role: 'lead', areaId: 'a-c3', password: PASSWORD }, 'test');
    expect(made.ok).toBe(true);
    const who = resident(140);
    const { credential } = await registered(app(), who, null, { areaId: 'a-c2' });
    const request = (await asPhone(app(), credential, 'POST', '/api/v1/residents/requests', { id: who.id, kind: 'help', text: '独居老人' })).json<HelpRequestState>();
    for (const name of ['hq-d2', 'lead-c3']) {
      const sibling = await city().session(name);
      const tries: Array<['GET' | 'POST', string, object?]> = [
        ['GET', '/api/v1/console/residents?area=a-c2'], ['GET', '/api/v1/console/residents?area=a-d1'], ['GET', '/api/v1/console/residents?area=a-nowhere'],
        ['POST', `/api/v1/console/residents/requests/${request.requestId}/done`, { note: '不是我的' }],
        ['POST', '/api/v1/console/residents/requests/rq-nowhere/done', { note: '不是我的' }],
        ['POST', '/api/v1/console/residents/rebind', { id: who.id, name: who.name, reason: '想要' }],
      ];
      for (const [method, url, payload] of tries) {
        const res = await city().as(sibling, method, url, undefined, payload);
        expect(res.statusCode, `${name} ${url}`).toBe(403);
        expect(res.json(), url).toMatchObject({ error: 'forbidden-area' });
        expect(await city().lastAudit('console.refused'), url).toMatchObject({ actor: `user:${sibling.userId}`, detail: { reason: 'forbidden-area' } });
      }
      expect(JSON.stringify(await city().get<ResidentList>(sibling, '/api/v1/console/residents'))).not.toContain(who.name);
    }
    expect((await me(credential)).requests[0]).toMatchObject({ status: 'open' });
    await city().expectRefused(await city().session('tracer-d1'), 'GET', '/api/v1/console/residents', 'forbidden-role');
  });

  it('lets the first phone claim an ID number checked in before accounts only under the name those check-ins carry', async () => {
    const old = resident(150);
    await city().h.storage.recordCheckIn({ personId: old.id, day: '2026-11-29', name: old.name, temperature: 38.5, isolated: false, symptoms: false, at: START.toISOString() });
    const other = await asPhone(app(), null, 'POST', '/api/v1/residents/register', { id: old.id, name: '别人', relation: 'self' });
    expect(other.json<ApiError>().error).toBe('resident-claimed');
    const { household } = await registered(app(), old);
    expect(household.persons[0]).toMatchObject({ name: old.name, colour: 'red', lastCheckIn: '2026-11-29' });
  });

  it('ends a binding when a person leaves the phone: their code is refused there, and they can register elsewhere', async () => {
    const [owner, lodger] = [resident(160), resident(161)];
    const { credential } = await registered(app(), owner);
    await registered(app(), lodger, credential, { relation: 'other' });
    await asPhone(app(), credential, 'PUT', '/api/v1/residents/travel', { id: lodger.id, trips: [{ place: '西安', from: '2026-11-28', to: '2026-11-29' }] });
    const left = await asPhone(app(), credential, 'DELETE', `/api/v1/residents/persons/${lodger.id}`);
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json<Household>().persons.map((p) => p.id)).toEqual([owner.id]);
    expect((await healthCode(credential, lodger.id)).statusCode).toBe(404);
    expect((await asPhone(app(), credential, 'DELETE', `/api/v1/residents/persons/${lodger.id}`)).statusCode).toBe(404);
    const elsewhere = await registered(app(), lodger);
    expect(elsewhere.household.trips).toEqual([{ personId: lodger.id, trips: [] }]);
  });
});
