/** Resident accounts (issue #18): the real-name hook and its test double, what a bad body is told by name, and the per-IP limit of the new routes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/core/wire.ts';
import { MAX_HOUSEHOLD, type Community, type PhoneCredential } from '../../src/core/residentWire.ts';
import { testDoubleVerifier, type RealNameVerifier } from '../../src/server/residents/realName.ts';
import { readResidentVerifier, readSettings } from '../../src/server/settings.ts';
import { harness, type Harness } from './helpers.ts';
import { resident } from './issuerFixture.ts';
import { asPhone, registered } from './residentFixture.ts';

/** The hook's third answer, for the 503. */
let providerDown = false;
const verifier: RealNameVerifier = { verify: async (person) => (providerDown ? 'unavailable' : testDoubleVerifier.verify(person)) };

let h: Harness;
let phone: PhoneCredential;
beforeAll(async () => {
  h = await harness({ residentVerifier: verifier });
  await h.storage.applyCityChanges({
    newAreas: [
      { id: 'a-city', parentId: null, level: 'city', name: '三门峡市', code: null },
      { id: 'a-v1', parentId: 'a-city', level: 'village', name: '王家村', code: null },
      { id: 'a-c1', parentId: 'a-city', level: 'community', name: '王家社区', code: null },
    ],
    renamedAreas: [], newPlaces: [], changedPlaces: [], newCheckpoints: [], renamedCheckpoints: [],
  });
  phone = (await registered(h.app, resident(1))).credential;
});
afterAll(() => h.close());

const error = (res: { json<T>(): T }) => res.json<ApiError>();

describe('the real-name hook', () => {
  it('refuses a name its test double refuses (403 resident-not-verified), and says 503 while the provider is down', async () => {
    const fake = await asPhone(h.app, null, 'POST', '/api/v1/residents/register', { id: resident(2).id, name: '假名字', relation: 'self' });
    expect([fake.statusCode, error(fake).error]).toEqual([403, 'resident-not-verified']);
    providerDown = true;
    const down = await asPhone(h.app, null, 'POST', '/api/v1/residents/register', { ...resident(3), relation: 'self' });
    providerDown = false;
    expect([down.statusCode, error(down).error]).toEqual([503, 'resident-verifier-unavailable']);
    // Nothing was bound by either: the same ID numbers register now.
    expect((await asPhone(h.app, null, 'POST', '/api/v1/residents/register', { ...resident(2), relation: 'self' })).statusCode).toBe(200);
    expect((await asPhone(h.app, null, 'POST', '/api/v1/residents/register', { ...resident(3), relation: 'self' })).statusCode).toBe(200);
  });

  it('is chosen by RESIDENT_VERIFIER: none by default, test-double by name, anything else refused', () => {
    expect(readResidentVerifier({})).toEqual({ ok: true, value: 'none' });
    expect(readSettings({ RESIDENT_VERIFIER: 'test-double' })).toMatchObject({ ok: true, value: { residentVerifier: 'test-double' } });
    expect(readSettings({ RESIDENT_VERIFIER: 'sms' })).toMatchObject({ ok: false, error: expect.stringContaining('RESIDENT_VERIFIER') });
  });
});

describe('bad input is refused by name', () => {
  const valid = { ...resident(10), relation: 'child' };
  it.each([
    ['a wrong check character', { ...valid, id: `${valid.id.slice(0, 17)}${valid.id.endsWith('1') ? '2' : '1'}` }, 400, 'id-check', 'body/id'],
    ['a birth date in the future', { ...valid, id: '110105209901010011' }, 400, 'id-date', 'body/id'],
    ['an unknown relation', { ...valid, relation: 'cousin' }, 400, 'request-invalid', 'body/relation'],
    ['an area that is no community', { ...valid, areaId: 'a-city' }, 400, 'community-unknown', 'body/areaId'],
    ['an area that does not exist', { ...valid, areaId: 'a-nowhere' }, 400, 'community-unknown', 'body/areaId'],
    ['a re-binding code of 6 digits', { ...valid, rebindCode: '123456' }, 400, 'request-invalid', 'body/rebindCode'],
    ['a blank name', { ...valid, name: '   ' }, 400, 'request-invalid', 'body/name'],
    ['an unknown field', { ...valid, colour: 'green' }, 400, 'request-invalid', 'colour'],
  ])('registration: %s', async (_what, payload, status, name, field) => {
    const res = await asPhone(h.app, phone, 'POST', '/api/v1/residents/register', payload);
    expect([res.statusCode, error(res).error]).toEqual([status, name]);
    expect(error(res).message).toContain(field);
  });

  it('refuses an oversized body before reading it (413), on every resident route', async () => {
    const long = 'x'.repeat(20_000);
    for (const [method, url, payload] of [
      ['POST', '/api/v1/residents/register', { ...valid, address: long }], ['PUT', '/api/v1/residents/travel', { id: valid.id, trips: [], pad: long }],
      ['POST', '/api/v1/residents/requests', { id: valid.id, kind: 'food', text: long }], ['POST', '/api/v1/checkins', { id: long }], ['POST', '/api/v1/health-code', { id: long }],
    ] as const) {
      const res = await asPhone(h.app, phone, method, url, payload);
      expect([res.statusCode, error(res).error], url).toEqual([413, 'request-too-large']);
    }
  });

  it.each([
    ['from after to', [{ place: '郑州', from: '2026-11-25', to: '2026-11-20' }], 'trip-dates', 'body/trips/0'],
    ['a day that is not in the calendar', [{ place: '郑州', from: '2026-11-20', to: '2026-11-21' }, { place: '洛阳', from: '2026-02-30', to: '2026-03-01' }], 'trip-dates', 'body/trips/1'],
    ['a date in another format', [{ place: '郑州', from: '2026/11/20', to: '2026-11-21' }], 'request-invalid', 'body/trips/0/from'],
    ['a blank place', [{ place: '  ', from: '2026-11-20', to: '2026-11-21' }], 'request-invalid', 'body/trips/0/place'],
    ['more than 20 trips', Array.from({ length: 21 }, () => ({ place: '郑州', from: '2026-11-20', to: '2026-11-21' })), 'request-invalid', 'body/trips'],
  ])('travel: %s', async (_what, trips, name, field) => {
    const res = await asPhone(h.app, phone, 'PUT', '/api/v1/residents/travel', { id: resident(1).id, trips });
    expect([res.statusCode, error(res).error]).toEqual([400, name]);
    expect(error(res).message).toContain(field);
  });

  it('keeps a household to MAX_HOUSEHOLD persons', async () => {
    const { credential } = await registered(h.app, resident(20));
    for (let n = 1; n < MAX_HOUSEHOLD; n++) await registered(h.app, resident(20 + n), credential, { relation: 'child' });
    const full = await asPhone(h.app, credential, 'POST', '/api/v1/residents/register', { ...resident(40), relation: 'child' });
    expect([full.statusCode, error(full).error]).toEqual([409, 'resident-household-full']);
  });

  it('refuses a request kind it does not know, and a person not on the phone as unknown', async () => {
    expect(error(await asPhone(h.app, phone, 'POST', '/api/v1/residents/requests', { id: resident(1).id, kind: 'money', text: '' })).error).toBe('request-invalid');
    const res = await asPhone(h.app, phone, 'POST', '/api/v1/residents/requests', { id: resident(2).id, kind: 'food', text: '米' });
    expect([res.statusCode, error(res).error]).toEqual([404, 'resident-unknown']);
  });
});

describe('communities', () => {
  it('lists communities and villages whose name has the text, without a credential', async () => {
    const res = await h.app.inject({ url: `/api/v1/residents/communities?q=${encodeURIComponent('王家')}` });
    expect(res.statusCode).toBe(200);
    expect(res.json<Community[]>().sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'a-c1', names: ['三门峡市', '王家社区'] }, { id: 'a-v1', names: ['三门峡市', '王家村'] },
    ]);
    expect((await h.app.inject({ url: '/api/v1/residents/communities?q=三门峡' })).json()).toEqual([]);
  });
});

describe('the per-IP limit', () => {
  let limited: Harness;
  beforeAll(async () => { limited = await harness({ rateLimits: { enrolPerMinute: 0, residentPerMinute: 2 } }); });
  afterAll(() => limited.close());

  it('limits registration and the account routes per IP like the check-in', async () => {
    const post = (n: number) => asPhone(limited.app, null, 'POST', '/api/v1/residents/register', { ...resident(50 + n), relation: 'self' });
    expect([(await post(1)).statusCode, (await post(2)).statusCode, (await post(3)).statusCode]).toEqual([200, 200, 429]);
    const communities = () => limited.app.inject({ url: '/api/v1/residents/communities?q=x' });
    expect([(await communities()).statusCode, (await communities()).statusCode, (await communities()).statusCode]).toEqual([200, 200, 429]);
  });
});
