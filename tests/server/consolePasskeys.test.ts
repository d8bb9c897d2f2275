/**
 * Issue #14: the server side of passkeys: challenges for this server's host, registration only for a signed-in user
 * with the CSRF token, and refusals (an unknown passkey, a forged registration) audited. The ceremony itself, with a
 * real authenticator, is tests/e2e/console-passkey.spec.ts.
 */
import { expect, it } from 'vitest';
import type { PasskeyList } from '../../src/core/consoleWire.ts';
import { onEachConsoleCity } from './consoleFixture.ts';

const b64url = (text: string): string => Buffer.from(text).toString('base64url');

onEachConsoleCity('console passkeys', (city) => {
  it('gives a sign-in challenge for this server’s host that names no user', async () => {
    const res = await city().h.app.inject({ method: 'POST', url: '/api/v1/session/passkey/options' });
    expect(res.statusCode, res.body).toBe(200);
    const options = res.json<{ challenge: string; rpId: string; allowCredentials?: unknown[] }>();
    expect(options.rpId).toBe('kadian.test');
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(options.allowCredentials ?? []).toEqual([]);
  });

  it('refuses a sign-in with a passkey it does not know, and audits it', async () => {
    const res = await city().h.app.inject({
      method: 'POST', url: '/api/v1/session/passkey', headers: { 'x-forwarded-for': '198.51.100.9' },
      payload: { credential: { id: 'bm9wZQ', rawId: 'bm9wZQ', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: b64url('{}'), authenticatorData: 'AAAA', signature: 'AAAA' } } },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'passkey-failed', messageZh: expect.stringContaining('通行密钥') });
    expect(res.cookies).toEqual([]);
    expect(await city().lastAudit('console.signin-failed')).toMatchObject({ actor: 'anonymous', origin: '198.51.100.9', detail: { method: 'passkey', reason: 'unknown-passkey' } });
  });

  it('registers passkeys only for a signed-in user carrying the CSRF token, for their own name', async () => {
    expect((await city().as(null, 'POST', '/api/v1/console/passkeys/options')).statusCode).toBe(401);
    const lead = await city().session('lead-p');
    expect((await city().as(lead, 'POST', '/api/v1/console/passkeys/options', null)).json()).toMatchObject({ error: 'csrf-invalid' });
    const res = await city().as(lead, 'POST', '/api/v1/console/passkeys/options');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      rp: { id: 'kadian.test' }, user: { name: 'lead-p', id: Buffer.from(lead.userId).toString('base64url') },
      authenticatorSelection: { residentKey: 'required' }, excludeCredentials: [],
    });
    expect((await city().as(lead, 'GET', '/api/v1/console/passkeys')).json<PasskeyList>()).toEqual({ passkeys: [] });
  });

  it('refuses a registration that answers no challenge of ours, and audits it', async () => {
    const lead = await city().session('lead-c2');
    const clientData = b64url(JSON.stringify({ type: 'webauthn.create', challenge: b64url('not issued'), origin: 'http://kadian.test' }));
    const res = await city().as(lead, 'POST', '/api/v1/console/passkeys', undefined, {
      credential: { id: 'bm9wZQ', rawId: 'bm9wZQ', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: clientData, attestationObject: 'oA' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'passkey-failed' });
    expect(await city().lastAudit('console.passkey-refused')).toMatchObject({ actor: `user:${lead.userId}`, areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c2'] });
    expect((await city().as(lead, 'GET', '/api/v1/console/passkeys')).json<PasskeyList>()).toEqual({ passkeys: [] });
  });
});
