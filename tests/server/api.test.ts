/** The API's surface: health, the OpenAPI document, and one JSON error shape for every kind of bad request. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Health } from '../../src/core/wire.ts';
import { harness, type Harness } from './helpers.ts';
import { sayAny } from '../../src/core/catalogue.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

function expectError(res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T }, status: number, error: string): ApiError {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json<ApiError>();
  expect(body.error).toBe(error);
  // The words of the catalogue for that error, in both languages.
  expect(body.message).toContain(sayAny(error, 'en'));
  expect(body.messageZh).toContain(sayAny(error, 'zh'));
  return body;
}

describe('health and OpenAPI', () => {
  it('answers health with ok, version and server time', async () => {
    const res = await h.app.inject({ url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json<Health>();
    expect(body.ok).toBe(true);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Number.isFinite(Date.parse(body.time))).toBe(true);
  });

  it('serves an OpenAPI 3 document generated from the wire schemas', async () => {
    const res = await h.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const name of ['Entry', 'Policy', 'Config', 'PushRequest', 'PushResponse', 'EnrolRequest', 'Error', 'CheckInRequest', 'HealthCode', 'RegisterRequest', 'Household', 'ResidentList']) expect(doc.components.schemas).toHaveProperty(name);
    expect(Object.keys(doc.components.schemas.Entry?.properties ?? {})).toEqual(expect.arrayContaining(['deviceId', 'seq', 'prevHash', 'hash']));
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/arrivals', '/api/v1/checkins', '/api/v1/config', '/api/v1/console/alerts', '/api/v1/console/alerts/stream', '/api/v1/console/alerts/{id}/ack', '/api/v1/console/anomalies',
      '/api/v1/console/areas', '/api/v1/console/arrival-poster', '/api/v1/console/arrivals', '/api/v1/console/arrivals/{id}/withdraw', '/api/v1/console/audit', '/api/v1/console/checkpoints', '/api/v1/console/checkpoints/{id}/enrolment',
      '/api/v1/console/devices', '/api/v1/console/devices/{id}/label', '/api/v1/console/devices/{id}/revoke', '/api/v1/console/enrol-sheet', '/api/v1/console/export', '/api/v1/console/figures',
      '/api/v1/console/hours', '/api/v1/console/key-persons', '/api/v1/console/me', '/api/v1/console/passkeys', '/api/v1/console/passkeys/options',
      '/api/v1/console/places/counts', '/api/v1/console/places/posters', '/api/v1/console/places/{id}/count', '/api/v1/console/places/{id}/poster', '/api/v1/console/report', '/api/v1/console/residents',
      '/api/v1/console/residents/rebind', '/api/v1/console/residents/requests/{requestId}/done', '/api/v1/console/rules',
      '/api/v1/console/trace/contacts', '/api/v1/console/trace/contacts.xlsx', '/api/v1/console/trace/history', '/api/v1/console/trace/person',
      '/api/v1/console/trace/person.xlsx', '/api/v1/console/trace/place', '/api/v1/console/trace/place.xlsx', '/api/v1/console/trend', '/api/v1/enrol', '/api/v1/entries', '/api/v1/health', '/api/v1/health-code',
      '/api/v1/lead-pin', '/api/v1/place-count', '/api/v1/places/{placeId}/passages', '/api/v1/places/{placeId}/poster-info', '/api/v1/policy', '/api/v1/residents/communities', '/api/v1/residents/me',
      '/api/v1/residents/passkey', '/api/v1/residents/passkey/options', '/api/v1/residents/passkey/recover', '/api/v1/residents/passkey/recover/options', '/api/v1/residents/persons/{id}',
      '/api/v1/residents/register', '/api/v1/residents/requests', '/api/v1/residents/travel', '/api/v1/samples', '/api/v1/session', '/api/v1/session/passkey', '/api/v1/session/passkey/options', '/api/v1/sessions',
    ]);
    expect(doc.paths['/api/v1/entries']).toHaveProperty('post');
    expect(JSON.stringify(doc.paths['/api/v1/enrol'])).toContain('#/components/schemas/EnrolRequest');
  });
});

describe('errors are JSON with a name and messages in both languages', () => {
  it('404 for an unknown API route', async () => {
    expectError(await h.app.inject({ url: '/api/v1/nothing-here' }), 404, 'not-found');
    expectError(await h.app.inject({ method: 'POST', url: '/api/v2/entries', payload: {} }), 404, 'not-found');
  });

  it('400 request-json for malformed JSON', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/enrol', headers: { 'content-type': 'application/json' }, payload: '{"code": "ABCDEFGHJK",' });
    expectError(res, 400, 'request-json');
  });

  it('415 for a body that is not JSON', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/enrol', headers: { 'content-type': 'text/plain' }, payload: 'ABCDEFGHJK' });
    expectError(res, 415, 'request-media-type');
  });

  it('413 for a body over 1 MiB', async () => {
    const payload = JSON.stringify({ code: 'ABCDEFGHJK', label: 'x'.repeat(1024 * 1024) });
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/enrol', headers: { 'content-type': 'application/json' }, payload });
    expectError(res, 413, 'request-too-large');
  });

  it('400 request-invalid naming an unknown field instead of dropping it', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: 'ABCDEFGHJK', admin: true } });
    const body = expectError(res, 400, 'request-invalid');
    expect(body.message).toContain('admin');
  });

  it('400 request-invalid naming a field of the wrong type, without coercing it', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: 1234567890 } });
    const body = expectError(res, 400, 'request-invalid');
    expect(body.message).toContain('body/code');
  });
});
