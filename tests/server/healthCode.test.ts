/** Residents check in and get signed KDH1 codes whose colour follows the rules, day by day on the server's clock. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, CheckInResponse, HealthCodeResponse } from '../../src/core/wire.ts';
import { issuerHarness, resident, verifyAt, type IssuerHarness } from './issuerFixture.ts';
import { sayAny } from '../../src/core/catalogue.ts';
import type { PhoneCredential } from '../../src/core/residentWire.ts';
import { asPhone, registered } from './residentFixture.ts';

let h: IssuerHarness;
beforeAll(async () => {
  h = await issuerHarness();
});
afterAll(() => h.close());

const healthy = { temperature: 36.5, isolated: false, symptoms: false };

/** Each resident on a phone of their own, registered at their first call (issue #18: the phone's credential says who may ask). */
const phones = new Map<string, PhoneCredential>();
async function phoneFor(who: { id: string; name: string }): Promise<PhoneCredential> {
  const known = phones.get(who.id);
  if (known) return known;
  const { credential } = await registered(h.app, who);
  phones.set(who.id, credential);
  return credential;
}

async function checkIn(who: { id: string; name: string }, reading: Partial<typeof healthy> = {}) {
  const res = await asPhone(h.app, await phoneFor(who), 'POST', '/api/v1/checkins', { id: who.id, ...healthy, ...reading });
  return { status: res.statusCode, body: res.json<CheckInResponse & ApiError>() };
}

async function currentCode(who: { id: string; name: string }) {
  const res = await asPhone(h.app, await phoneFor(who), 'POST', '/api/v1/health-code', { id: who.id });
  return { status: res.statusCode, body: res.json<HealthCodeResponse & ApiError>() };
}

describe('a check-in earns a signed code', () => {
  it('gives a green code that verifies offline with the trust list from /config, until the end of the Shanghai day', async () => {
    h.at('2026-03-02T09:00:00+08:00');
    const who = resident(1);
    const { status, body } = await checkIn(who);
    expect(status).toBe(200);
    expect(body).toMatchObject({ colour: 'green', state: 'green', day: '2026-03-02', merged: false, issuedAt: '2026-03-02T01:00:00.000Z' });
    expect(body.expires).toBe('2026-03-02T16:00:00.000Z'); // midnight in Shanghai
    expect(body.code.startsWith('KDH1:')).toBe(true);

    const { trust } = await h.config();
    const inside = await verifyAt(body.code, trust, '2026-03-02T23:59:00+08:00');
    expect(inside).toMatchObject({ valid: true, reasons: [], colour: 'green', subject: { id: who.id, name: who.name }, issuer: 'kadian' });
    const after = await verifyAt(body.code, trust, '2026-03-03T00:00:01+08:00');
    expect(after.valid).toBe(false);
    expect(after.reasons).toEqual(['code-expired']);
  });

  it('makes a fever or isolation red and symptoms yellow', async () => {
    h.at('2026-03-02T10:00:00+08:00');
    expect((await checkIn(resident(2), { temperature: 37.3 })).body).toMatchObject({ colour: 'red', state: 'red' });
    expect((await checkIn(resident(3), { isolated: true })).body.colour).toBe('red');
    expect((await checkIn(resident(4), { symptoms: true })).body.colour).toBe('yellow');
    expect((await checkIn(resident(5), { temperature: 37.2 })).body.colour).toBe('green');
  });

  it('merges a second check-in of the day with the first, keeping the worse answers: a fever cannot be checked in away', async () => {
    h.at('2026-03-02T11:00:00+08:00');
    const who = resident(6);
    expect((await checkIn(who, { temperature: 38.5 })).body).toMatchObject({ colour: 'red', merged: false });
    h.at('2026-03-02T11:05:00+08:00');
    expect((await checkIn(who, { temperature: 36.5 })).body).toMatchObject({ colour: 'red', merged: true });
    expect(await h.storage.listCheckIns(who.id)).toMatchObject([{ temperature: 38.5 }]);
    const calm = resident(7);
    expect((await checkIn(calm, { temperature: 36.5 })).body).toMatchObject({ colour: 'green', merged: false });
    expect((await checkIn(calm, { symptoms: true })).body).toMatchObject({ colour: 'yellow', merged: true });
  });

  it('counts a check-in at 23:30 UTC for the next Shanghai day', async () => {
    h.at('2026-03-02T23:30:00Z');
    const { body } = await checkIn(resident(7));
    expect(body.day).toBe('2026-03-03');
    expect(body.expires).toBe('2026-03-03T16:00:00.000Z');
  });
});

describe('the colour over the days, without checking in', () => {
  it('turns yellow after a missed day, red after two yellow days, and needs three check-ins back to green', async () => {
    const who = resident(10);
    h.at('2026-03-10T08:00:00+08:00');
    await checkIn(who);
    h.at('2026-03-11T20:00:00+08:00');
    expect((await currentCode(who)).body).toMatchObject({ colour: 'green', state: 'green', day: '2026-03-11' }); // today is not over yet
    h.at('2026-03-12T08:00:00+08:00');
    expect((await currentCode(who)).body).toMatchObject({ colour: 'yellow', state: 'yellow' });
    h.at('2026-03-13T08:00:00+08:00');
    expect((await currentCode(who)).body).toMatchObject({ colour: 'yellow', state: 'yellow-missed' });
    h.at('2026-03-14T08:00:00+08:00');
    const red = await currentCode(who);
    expect(red.body).toMatchObject({ colour: 'red', state: 'red' });
    const { trust } = await h.config();
    expect(await verifyAt(red.body.code, trust, '2026-03-14T12:00:00+08:00')).toMatchObject({ valid: true, colour: 'red' });

    expect((await checkIn(who)).body).toMatchObject({ colour: 'red', state: 'red-1' });
    h.at('2026-03-15T08:00:00+08:00');
    expect((await checkIn(who)).body).toMatchObject({ colour: 'red', state: 'red-2' });
    h.at('2026-03-16T08:00:00+08:00');
    expect((await checkIn(who)).body).toMatchObject({ colour: 'green', state: 'green' });
  });

  it('turns a yellow code green with a check-in', async () => {
    const who = resident(11);
    h.at('2026-03-10T08:00:00+08:00');
    await checkIn(who);
    h.at('2026-03-12T07:00:00+08:00');
    expect((await currentCode(who)).body.colour).toBe('yellow');
    expect((await checkIn(who)).body.colour).toBe('green');
  });
});

describe('who may have a code', () => {
  it('404 resident-unknown before the first check-in', async () => {
    const { status, body } = await currentCode(resident(20));
    expect(status).toBe(404);
    expect(body.error).toBe('resident-unknown');
    expect(body.messageZh).toContain('打卡');
  });

  it('gives a code only to the phone the person is bound to: another name on another phone is refused (409 resident-claimed)', async () => {
    h.at('2026-03-02T09:00:00+08:00');
    const who = resident(21);
    await checkIn(who);
    const other = await asPhone(h.app, null, 'POST', '/api/v1/residents/register', { id: who.id, name: '李四', relation: 'self' });
    expect(other.statusCode).toBe(409);
    expect(other.json<ApiError>().error).toBe('resident-claimed');
    expect(other.json<ApiError>().message).not.toContain(who.name); // the stored name is not given away
    const lower = await asPhone(h.app, await phoneFor(who), 'POST', '/api/v1/health-code', { id: ` ${who.id.toLowerCase()} ` });
    expect(lower.statusCode).toBe(200);
  });

  it('converts an old 15-digit ID number and issues the code for the 18-character one', async () => {
    h.at('2026-03-02T09:00:00+08:00');
    const old = { id: '110105491231002', name: '王五' };
    const credential = (await registered(h.app, old)).credential;
    const body = (await asPhone(h.app, credential, 'POST', '/api/v1/checkins', { id: old.id, ...healthy })).json<CheckInResponse>();
    const { trust } = await h.config();
    expect((await verifyAt(body.code, trust, '2026-03-02T10:00:00+08:00')).subject).toEqual({ id: '11010519491231002X', name: '王五' });
  });
});

describe('bad bodies are refused with the field named', () => {
  const valid = { id: resident(30).id, ...healthy };
  it.each([
    ['a temperature out of range', { ...valid, temperature: 50 }, 'request-invalid', 'body/temperature'],
    ['a temperature as text', { ...valid, temperature: '36.5' }, 'request-invalid', 'body/temperature'],
    ['a missing field', { id: valid.id, temperature: 36.5, symptoms: false }, 'request-invalid', 'isolated'],
    ['an unknown field', { ...valid, colour: 'green' }, 'request-invalid', 'colour'],
    ['a name (the binding has it)', { ...valid, name: resident(30).name }, 'request-invalid', 'name'],
    ['a wrong check character', { ...valid, id: `${valid.id.slice(0, 17)}${valid.id.endsWith('1') ? '2' : '1'}` }, 'id-check', 'body/id'],
    ['a birth date in the future', { ...valid, id: '110105209901010011' }, 'id-date', 'body/id'],
  ])('400 for %s', async (_what, payload, error, field) => {
    const res = await asPhone(h.app, await phoneFor(resident(30)), 'POST', '/api/v1/checkins', payload);
    expect(res.statusCode).toBe(400);
    const body = res.json<ApiError>();
    expect(body.error).toBe(error);
    expect(body.message).toContain(field);
    expect(body.messageZh).toContain(sayAny(error, 'zh'));
  });

  it('400 for a health-code request without an ID number, and 413 for a body far larger than a check-in', async () => {
    const res = await asPhone(h.app, await phoneFor(resident(30)), 'POST', '/api/v1/health-code', {});
    expect(res.statusCode).toBe(400);
    expect(res.json<ApiError>().message).toContain('id');
    const big = await asPhone(h.app, await phoneFor(resident(30)), 'POST', '/api/v1/checkins', { ...valid, id: 'x'.repeat(10_000) });
    expect(big.statusCode).toBe(413);
  });
});

describe('CODE_TTL_MINUTES and ISSUER_NAME', () => {
  it('ends a code after the TTL when that is sooner than the day, and names the issuer', async () => {
    const short = await issuerHarness({ codeTtlMinutes: 30, issuerName: '三门峡' });
    try {
      short.at('2026-03-02T09:00:00+08:00');
      const { credential } = await registered(short.app, resident(40));
      const res = await asPhone(short.app, credential, 'POST', '/api/v1/checkins', { id: resident(40).id, ...healthy });
      const body = res.json<CheckInResponse>();
      expect(body.expires).toBe('2026-03-02T01:30:00.000Z');
      const { trust } = await short.config();
      expect((await verifyAt(body.code, trust, '2026-03-02T09:29:00+08:00')).issuer).toBe('三门峡');
      expect((await verifyAt(body.code, trust, '2026-03-02T09:31:00+08:00')).reasons).toEqual(['code-expired']);
      short.at('2026-03-02T23:50:00+08:00'); // the day's end comes before the TTL
      const late = (await asPhone(short.app, credential, 'POST', '/api/v1/checkins', { id: resident(40).id, ...healthy })).json<CheckInResponse>();
      expect(late.expires).toBe('2026-03-02T16:00:00.000Z');
    } finally {
      await short.close();
    }
  });
});
