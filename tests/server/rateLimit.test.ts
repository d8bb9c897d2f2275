/** Per-IP rate limits on enrolment and the residents' routes: 429 in our JSON shape with Retry-After; tablets' pushes never limited by IP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/core/wire.ts';
import { issueEnrolmentCode } from '../../src/server/tablets/enrolment.ts';
import { DEFAULT_RATE_LIMITS, readRateLimits, readSettings } from '../../src/server/settings.ts';
import { chain, enrol, harness, push, type Harness } from './helpers.ts';
import { captureLog, WARN } from './logCapture.ts';
import { registered, residentAuth } from './residentFixture.ts';

const enrolFrom = (h: Harness, ip: string, code: string) =>
  h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code }, remoteAddress: ip });

function expectLimited(res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T }): void {
  expect(res.statusCode).toBe(429);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  expect(res.json<ApiError>()).toMatchObject({ error: 'rate-limited', message: expect.stringContaining('Too many'), messageZh: expect.stringContaining('频繁') });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('enrolment, at the default limit', () => {
  let h: Harness;
  const log = captureLog();
  beforeAll(async () => {
    h = await harness({ rateLimits: DEFAULT_RATE_LIMITS, logger: log.logger });
  });
  afterAll(() => h.close());

  it(`answers the ${DEFAULT_RATE_LIMITS.enrolPerMinute + 1}th attempt in a minute from one IP with 429, even with a good code`, async () => {
    for (let i = 0; i < DEFAULT_RATE_LIMITS.enrolPerMinute; i++) expect((await enrolFrom(h, '198.51.100.1', 'ZZZZZZZZZZ')).statusCode).toBe(400);
    const { code } = await issueEnrolmentCode(h.storage, h.checkpointId);
    expectLimited(await enrolFrom(h, '198.51.100.1', code));
    expect(log.lines.filter((l) => l.reason === 'rate-limited')).toEqual([
      expect.objectContaining({ level: WARN, route: 'POST /api/v1/enrol', ip: '198.51.100.1' }),
    ]);
    // The code was not touched: the same code works from another address.
    expect((await enrolFrom(h, '198.51.100.2', code)).statusCode).toBe(200);
  });
});

describe('low limits, to see every route', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ rateLimits: { enrolPerMinute: 2, residentPerMinute: 3 } });
  });
  afterAll(() => h.close());

  it("limits the residents' check-in and health-code routes per IP", async () => {
    const checkIn = { id: '11010519491231002X', temperature: 36.5, isolated: false, symptoms: false };
    const { credential } = await registered(h.app, { id: checkIn.id, name: '张三' });
    const post = (url: string, payload: object, ip = '198.51.100.9') => h.app.inject({ method: 'POST', url, payload, remoteAddress: ip, headers: residentAuth(credential) });
    for (let i = 0; i < 3; i++) expect((await post('/api/v1/checkins', checkIn)).statusCode).toBe(200);
    expectLimited(await post('/api/v1/checkins', checkIn));
    for (let i = 0; i < 3; i++) expect((await post('/api/v1/health-code', { id: checkIn.id })).statusCode).toBe(200);
    expectLimited(await post('/api/v1/health-code', { id: checkIn.id }));
    expect((await post('/api/v1/health-code', { id: checkIn.id }, '198.51.100.10')).statusCode).toBe(200);
  });

  it('never limits pushes and config pulls by IP: many tablets share one NAT', async () => {
    const tablet = await enrol(h);
    const entries = await chain(tablet, 30);
    for (let i = 0; i < 30; i++) {
      const res = await push(h, tablet, [entries[i]]);
      expect(res.status).toBe(200);
      expect(res.body.results[0]?.status).toBe('stored');
      const config = await h.app.inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${tablet.token}` } });
      expect(config.statusCode).toBe(200);
    }
    expect(await h.storage.countEntries()).toBe(30);
    // Meanwhile enrolment from that same address has its limit (the tablet's own enrolment was one of them).
    expect((await enrolFrom(h, '127.0.0.1', 'ZZZZZZZZZZ')).statusCode).toBe(400);
    expectLimited(await enrolFrom(h, '127.0.0.1', 'ZZZZZZZZZZ'));
  });
});

describe('settings', () => {
  it('reads RATE_LIMIT_ENROL and RATE_LIMIT_RESIDENT per minute, 0 for none, and names a bad value', () => {
    expect(readRateLimits({})).toEqual({ ok: true, value: DEFAULT_RATE_LIMITS });
    expect(readRateLimits({ RATE_LIMIT_ENROL: '3', RATE_LIMIT_RESIDENT: '0' })).toEqual({ ok: true, value: { enrolPerMinute: 3, residentPerMinute: 0, selfCheckInPerMinute: DEFAULT_RATE_LIMITS.selfCheckInPerMinute } });
    const bad = readRateLimits({ RATE_LIMIT_ENROL: 'ten' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('RATE_LIMIT_ENROL');
    expect(readSettings({ RATE_LIMIT_RESIDENT: '-1' }).ok).toBe(false);
    expect(readSettings({ TRUST_PROXY: '10.0.0.1,10.0.0.2' })).toMatchObject({ ok: true, value: { trustProxy: '10.0.0.1,10.0.0.2' } });
  });

  it('behind a trusted proxy, limits the client address from X-Forwarded-For, not the proxy', async () => {
    const h = await harness({ rateLimits: { enrolPerMinute: 1, residentPerMinute: 0 }, trustProxy: '127.0.0.1' });
    try {
      const via = (client: string) => h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: 'ZZZZZZZZZZ' }, headers: { 'x-forwarded-for': client } });
      expect((await via('192.0.2.1')).statusCode).toBe(400);
      expect((await via('192.0.2.2')).statusCode).toBe(400);
      expectLimited(await via('192.0.2.1'));
    } finally {
      await h.close();
    }
  });
});
