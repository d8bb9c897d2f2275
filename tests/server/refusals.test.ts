/** Refused callers over HTTP: missing, wrong and revoked tokens, used and expired enrolment codes, another checkpoint's entries; each refusal logged, never its secret. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/core/wire.ts';
import { issueEnrolmentCode } from '../../src/server/tablets/enrolment.ts';
import { addCheckpoint, chain, enrol, harness, push, type Harness } from './helpers.ts';
import { captureLog, WARN, type LogLine } from './logCapture.ts';
import { sayAny } from '../../src/core/catalogue.ts';

let h: Harness;
const log = captureLog();
beforeAll(async () => {
  h = await harness({ logger: log.logger });
});
afterAll(() => h.close());

const getConfig = (authorization?: string) =>
  h.app.inject({ url: '/api/v1/config', headers: authorization === undefined ? {} : { authorization }, remoteAddress: '203.0.113.7' });
const enrolWith = (code: string) => h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code }, remoteAddress: '203.0.113.8' });

/** The log lines written since `from` for this reason. */
const logged = (from: number, reason: string): LogLine[] => log.lines.slice(from).filter((l) => l.reason === reason);

function expectRefused(res: { statusCode: number; json: <T>() => T }, status: number, error: string): void {
  expect(res.statusCode).toBe(status);
  const body = res.json<ApiError>();
  expect(body.error).toBe(error);
  expect(body.messageZh).toContain(sayAny(error, 'zh'));
}

describe('device tokens', () => {
  it('logs a request without a token as auth-missing, with route and IP', async () => {
    const from = log.lines.length;
    expectRefused(await getConfig(), 401, 'auth-missing');
    expect(logged(from, 'auth-missing')).toEqual([
      expect.objectContaining({ level: WARN, route: 'GET /api/v1/config', ip: '203.0.113.7', msg: 'refused: auth-missing' }),
    ]);
  });

  it('logs a wrong or malformed token as auth-invalid, never the token itself', async () => {
    const from = log.lines.length;
    const wrong = 'not-a-real-token-but-a-secret-looking-string';
    expectRefused(await getConfig(`Bearer ${wrong}`), 401, 'auth-invalid');
    expectRefused(await getConfig(`Basic ${wrong}`), 401, 'auth-invalid');
    expectRefused(await getConfig(`Bearer ${'x'.repeat(10_000)}`), 401, 'auth-invalid');
    expect(logged(from, 'auth-invalid')).toHaveLength(3);
    expect(log.text()).not.toContain(wrong);
  });

  it('answers a revoked token with device-revoked, not auth-invalid, and logs which device', async () => {
    const tablet = await enrol(h);
    expect((await getConfig(`Bearer ${tablet.token}`)).statusCode).toBe(200);
    await h.storage.revokeDevice(tablet.deviceId, new Date().toISOString());
    const from = log.lines.length;
    const config = await getConfig(`Bearer ${tablet.token}`);
    expectRefused(config, 401, 'device-revoked');
    const [entry] = await chain(tablet, 1);
    expectRefused(await h.app.inject({ method: 'POST', url: '/api/v1/entries', headers: { authorization: `Bearer ${tablet.token}` }, payload: { entries: [entry] } }), 401, 'device-revoked');
    expect(await h.storage.countEntries()).toBe(0);
    expect(logged(from, 'device-revoked')).toEqual([
      expect.objectContaining({ level: WARN, route: 'GET /api/v1/config', deviceId: tablet.deviceId }),
      expect.objectContaining({ level: WARN, route: 'POST /api/v1/entries', deviceId: tablet.deviceId }),
    ]);
    expect(log.text()).not.toContain(tablet.token);
  });
});

describe('enrolment codes over HTTP', () => {
  it('refuses a used code (410) and an expired one (410), logging each without the code', async () => {
    const { code } = await issueEnrolmentCode(h.storage, h.checkpointId);
    expect((await enrolWith(code)).statusCode).toBe(200);
    const from = log.lines.length;
    expectRefused(await enrolWith(code), 410, 'enrol-code-used');
    const old = await issueEnrolmentCode(h.storage, h.checkpointId, new Date(Date.now() - 25 * 3600_000));
    expectRefused(await enrolWith(old.code), 410, 'enrol-code-expired');
    expectRefused(await enrolWith('ZZZZZZZZZZ'), 400, 'enrol-code-invalid');
    for (const reason of ['enrol-code-used', 'enrol-code-expired', 'enrol-code-invalid']) {
      expect(logged(from, reason)).toEqual([expect.objectContaining({ level: WARN, route: 'POST /api/v1/enrol', ip: '203.0.113.8' })]);
    }
    expect(log.text()).not.toContain(code);
    expect(log.text()).not.toContain(old.code);
    expect(log.text()).not.toContain('ZZZZZZZZZZ');
  });
});

describe('a token of another checkpoint', () => {
  it("cannot write into another checkpoint's log, nor as another checkpoint's tablet", async () => {
    addCheckpoint(h.dataDir, { id: 'north-gate', name: '北门卡点', communityId: 'demo-community', communityName: '示范社区' });
    const north = await enrol(h, 'north-gate');
    const east = await enrol(h);
    const before = await h.storage.countEntries('north-gate');
    // East's tablet sealing entries that claim North's checkpoint, and North's tablet as well.
    const [asNorth] = await chain({ deviceId: east.deviceId, checkpointId: 'north-gate' }, 1);
    const [northsOwn] = await chain(north, 1);
    const res = await push(h, east, [asNorth, northsOwn]);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ index: 0, status: 'refused', reason: 'entry-checkpoint' }),
      expect.objectContaining({ index: 1, status: 'refused', reason: 'entry-device' }),
    ]);
    expect(await h.storage.countEntries('north-gate')).toBe(before);
    // And its config is its own checkpoint's.
    const config = await getConfig(`Bearer ${east.token}`);
    expect(config.json<{ checkpoint: { id: string } }>().checkpoint.id).toBe(h.checkpointId);
  });
});
