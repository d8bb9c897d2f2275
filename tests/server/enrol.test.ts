/** Enrolment with one-time codes, bearer authentication of tablets, and the config pull. */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import type { ApiError, Config, ConfigUnchanged, EnrolResponse } from '../../src/core/wire.ts';
import { issueEnrolmentCode } from '../../src/server/tablets/enrolment.ts';
import { enrol, harness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const enrolWith = (code: string) => h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });
const getConfig = (token: string | null, query = '') =>
  h.app.inject({ url: `/api/v1/config${query}`, headers: token === null ? {} : { authorization: `Bearer ${token}` } });

describe('enrolment', () => {
  it('turns a good code into a device token that works, once', async () => {
    const { code } = await issueEnrolmentCode(h.storage, h.checkpointId);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const res = await enrolWith(code.toLowerCase()); // typed by hand: case does not matter
    expect(res.statusCode).toBe(200);
    const body = res.json<EnrolResponse>();
    expect(body.deviceId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(Buffer.from(body.token, 'base64url')).toHaveLength(32);
    expect(body.config.checkpoint).toEqual({ id: 'demo-gate', name: '东门卡点', communityId: 'demo-community', communityName: '示范社区', placeKind: 'compound' });
    expect(body.config.policy).toEqual(DEFAULT_POLICY);
    expect((await getConfig(body.token)).statusCode).toBe(200);

    const again = await enrolWith(code);
    expect(again.statusCode).toBe(410);
    expect(again.json<ApiError>().error).toBe('enrol-code-used');
  });

  it('refuses an expired code', async () => {
    const { code } = await issueEnrolmentCode(h.storage, h.checkpointId, new Date(Date.now() - 25 * 60 * 60 * 1000));
    const res = await enrolWith(code);
    expect(res.statusCode).toBe(410);
    expect(res.json<ApiError>().error).toBe('enrol-code-expired');
  });

  it('refuses a code it never issued, and garbage that is not a code at all', async () => {
    const unknown = await enrolWith('ZZZZZZZZZZ');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<ApiError>().error).toBe('enrol-code-invalid');
    const garbage = await enrolWith('<script>');
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json<ApiError>().error).toBe('request-invalid');
  });

  it('keeps only hashes of codes and tokens', async () => {
    const tablet = await enrol(h);
    const files = [`${h.dataDir}/kadian.db`, `${h.dataDir}/kadian.db-wal`].filter((f) => existsSync(f));
    const db = files.map((f) => readFileSync(f).toString('latin1')).join('');
    expect(db).toContain(tablet.deviceId);
    expect(db).not.toContain(tablet.token);
  });
});

describe('bearer authentication', () => {
  it('401 auth-missing without a token, auth-invalid with a wrong one', async () => {
    const missing = await getConfig(null);
    expect(missing.statusCode).toBe(401);
    expect(missing.json<ApiError>().error).toBe('auth-missing');
    const wrong = await getConfig('not-a-real-token');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<ApiError>().error).toBe('auth-invalid');
    const pushWithout = await h.app.inject({ method: 'POST', url: '/api/v1/entries', payload: { entries: [{}] } });
    expect(pushWithout.statusCode).toBe(401);
    expect(pushWithout.json<ApiError>().error).toBe('auth-missing');
  });

  it('401 device-revoked once the device is revoked, so the tablet can say it was withdrawn', async () => {
    const tablet = await enrol(h);
    expect((await getConfig(tablet.token)).statusCode).toBe(200);
    expect(await h.storage.revokeDevice(tablet.deviceId, new Date().toISOString())).toBe(true);
    const res = await getConfig(tablet.token);
    expect(res.statusCode).toBe(401);
    expect(res.json<ApiError>().error).toBe('device-revoked');
    expect(res.json<ApiError>().messageZh).toContain('撤销');
  });
});

describe('config pull', () => {
  it('sends the config, then "unchanged" when the tablet already has that version', async () => {
    const tablet = await enrol(h);
    const full = await getConfig(tablet.token, '?since=0&keyPersons=2');
    expect(full.statusCode).toBe(200);
    const config = full.json<Config>();
    expect(config.version).toBeGreaterThanOrEqual(1);
    expect(config.policy).toEqual(DEFAULT_POLICY);

    const same = await getConfig(tablet.token, `?since=${config.version}`);
    expect(same.statusCode).toBe(200);
    const unchanged = same.json<ConfigUnchanged>();
    expect(unchanged).toMatchObject({ version: config.version, unchanged: true });
    expect(unchanged).not.toHaveProperty('policy');
  });

  it('refuses a since that is not a version number', async () => {
    const tablet = await enrol(h);
    const res = await getConfig(tablet.token, '?since=abc');
    expect(res.statusCode).toBe(400);
    expect(res.json<ApiError>().error).toBe('request-invalid');
    expect(res.json<ApiError>().message).toContain('since');
  });
});
