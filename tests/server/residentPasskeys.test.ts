/**
 * Issue #18's passkeys on each database, with real WebAuthn answers (softAuthenticator.ts): a registered phone adds
 * one; a phone that lost its secret recovers the same account with it, and the old secret is refused from then on.
 * Refused: a challenge not issued, expired, used, of another phone or ceremony; a counter that did not move on; another
 * phone's credential. Each recovery and refusal is audited; the routes are limited per IP.
 */
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/core/wire.ts';
import type { Household, PhoneCredential } from '../../src/core/residentWire.ts';
import { householdId } from '../../src/server/residents/credential.ts';
import { expectedOrigins, relyingParty } from '../../src/server/residents/relyingParty.ts';
import { readPasskeyRpId } from '../../src/server/settings.ts';
import type { AuditRecord } from '../../src/server/storage/accountTypes.ts';
import { DATABASES, title } from './databases.ts';
import { harness, PUBLIC_URL, type Harness } from './helpers.ts';
import { resident } from './issuerFixture.ts';
import { asPhone, registered } from './residentFixture.ts';
import { SoftAuthenticator } from './softAuthenticator.ts';

const MINUTE = 60_000;
const CLIENT_IP = '198.51.100.23';

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('resident passkeys', kind), () => {
    let h: Harness;
    // From real time: the challenge table's sweep of expired rows goes by the real clock. A millisecond passes at each
    // reading, so the audit lines of one test keep their order.
    const clock = { at: new Date() };
    const app = () => h.app;

    beforeAll(async () => { h = await harness({ database: kind, now: () => (clock.at = new Date(clock.at.getTime() + 1)), trustProxy: true }); });
    afterAll(() => h.close());

    const post = (credential: PhoneCredential | null, url: string, payload?: object) =>
      app().inject({ method: 'POST', url: `/api/v1/residents/passkey${url}`, headers: { 'x-forwarded-for': CLIENT_IP, ...(credential && { authorization: `Resident ${credential.phoneId}.${credential.secret}` }) }, ...(payload && { payload }) });
    const registrationOptions = async (credential: PhoneCredential) => {
      const res = await post(credential, '/options');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<PublicKeyCredentialCreationOptionsJSON>();
    };
    const recoveryOptions = async () => {
      const res = await post(null, '/recover/options');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<PublicKeyCredentialRequestOptionsJSON>();
    };
    /** A phone with one person registered and a passkey on `authenticator`. */
    const phoneWithPasskey = async (n: number, authenticator: SoftAuthenticator) => {
      const { credential } = await registered(app(), resident(n), null, { areaId: 'demo-community' });
      const added = await post(credential, '', { credential: authenticator.create(await registrationOptions(credential)) });
      expect(added.statusCode, added.body).toBe(200);
      return credential;
    };
    const me = (credential: PhoneCredential) => asPhone(app(), credential, 'GET', '/api/v1/residents/me');
    const lastAudit = async (action: string): Promise<AuditRecord | undefined> => (await h.storage.listAudit({ limit: 1000 })).find((r) => r.action === action);
    const expectRefused = (res: Awaited<ReturnType<typeof post>>, status: number) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json<ApiError>()).toMatchObject({ error: 'resident-passkey-failed', messageZh: expect.stringContaining('通行密钥') });
    };

    it('adds a passkey to a registered phone, for this host, user verification required, naming the owner but not the phone', async () => {
      const person = resident(301);
      const { credential } = await registered(app(), person, null, { areaId: 'demo-community' });
      expect((await post(null, '/options')).statusCode).toBe(401);
      const options = await registrationOptions(credential);
      expect(options).toMatchObject({
        rp: { id: 'kadian.test' }, user: { name: person.name }, attestation: 'none', excludeCredentials: [],
        authenticatorSelection: { residentKey: 'required', userVerification: 'required', authenticatorAttachment: 'platform' },
      });
      expect(JSON.stringify(options)).not.toContain(credential.phoneId);
      const soft = new SoftAuthenticator(PUBLIC_URL);
      expect((await post(null, '', { credential: soft.create(options) })).statusCode).toBe(401);
      const added = await post(credential, '', { credential: soft.create(await registrationOptions(credential)) });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json()).toEqual({ passkeys: 1 });
      expect(await lastAudit('resident.passkey-add')).toMatchObject({
        actor: 'resident', areaPath: ['demo-community'], target: householdId(credential.phoneId), origin: CLIENT_IP, detail: { passkey: soft.passkeys[1]?.id },
      });
      // The passkey it has is named to the phone's authenticator, so it makes no second one.
      expect((await registrationOptions(credential)).excludeCredentials).toEqual([{ id: soft.passkeys[1]?.id, type: 'public-key', transports: ['internal'] }]);
    });

    it('recovers the same phone account with its passkey: a new secret, the old one refused, the household back, audited', async () => {
      const soft = new SoftAuthenticator(PUBLIC_URL);
      const person = resident(302);
      const old = await phoneWithPasskey(302, soft);
      expect((await asPhone(app(), old, 'POST', '/api/v1/checkins', { id: person.id, temperature: 36.5, isolated: false, symptoms: false })).statusCode).toBe(200);

      const options = await recoveryOptions();
      expect(options).toMatchObject({ rpId: 'kadian.test', userVerification: 'required' });
      expect(options.allowCredentials ?? []).toEqual([]);
      const res = await post(null, '/recover', { credential: soft.get(options) });
      expect(res.statusCode, res.body).toBe(200);
      const household = res.json<Household>();
      expect(household.credential?.phoneId).toBe(old.phoneId);
      expect(household.credential?.secret).not.toBe(old.secret);
      expect(household.persons.map((p) => [p.id, p.colour])).toEqual([[person.id, 'green']]);

      const fresh = household.credential!;
      expect((await me(old)).json<ApiError>()).toMatchObject({ error: 'resident-credential' });
      expect((await me(old)).statusCode).toBe(401);
      expect((await me(fresh)).statusCode).toBe(200);
      expect((await asPhone(app(), fresh, 'POST', '/api/v1/health-code', { id: person.id })).statusCode).toBe(200);
      const audit = await lastAudit('resident.passkey-recover');
      expect(audit).toMatchObject({ actor: 'resident', areaPath: ['demo-community'], target: householdId(old.phoneId), origin: CLIENT_IP, detail: { passkey: soft.passkeys[0]?.id } });
      expect(JSON.stringify(audit)).not.toContain(fresh.secret);
    });

    it('refuses a challenge it did not issue, an expired one, a used one, and an answer whose counter did not move on', async () => {
      const soft = new SoftAuthenticator(PUBLIC_URL);
      const phone = await phoneWithPasskey(303, soft);
      const passkey = soft.passkeys[0]!;

      expectRefused(await post(null, '/recover', { credential: soft.get({ challenge: Buffer.from('not ours').toString('base64url') }) }), 401);
      expect(await lastAudit('resident.passkey-refused')).toMatchObject({ target: householdId(phone.phoneId), detail: { ceremony: 'recover', reason: 'not-verified' } });

      const late = await recoveryOptions();
      clock.at = new Date(clock.at.getTime() + 6 * MINUTE);
      expectRefused(await post(null, '/recover', { credential: soft.get(late) }), 401);

      const used = soft.get(await recoveryOptions());
      expect((await post(null, '/recover', { credential: used })).statusCode).toBe(200);
      expectRefused(await post(null, '/recover', { credential: used }), 401);
      // A fresh challenge answered with the counter already seen: a cloned authenticator's answer.
      expectRefused(await post(null, '/recover', { credential: soft.answer(passkey, (await recoveryOptions()).challenge, passkey.counter) }), 401);
      // The console's challenges are not the residents', nor the other way round.
      const consoleChallenge = (await app().inject({ method: 'POST', url: '/api/v1/session/passkey/options' })).json<PublicKeyCredentialRequestOptionsJSON>();
      expectRefused(await post(null, '/recover', { credential: soft.get(consoleChallenge) }), 401);
      expect((await post(null, '/recover', { credential: soft.get(await recoveryOptions()) })).statusCode).toBe(200);
    });

    it('refuses a registration answering a used challenge, or another phone’s', async () => {
      const soft = new SoftAuthenticator(PUBLIC_URL);
      const a = (await registered(app(), resident(304))).credential;
      const b = (await registered(app(), resident(305))).credential;
      const answer = soft.create(await registrationOptions(a));
      expect((await post(a, '', { credential: answer })).statusCode).toBe(200);
      expectRefused(await post(a, '', { credential: answer }), 400);
      expectRefused(await post(b, '', { credential: soft.create(await registrationOptions(a)) }), 400);
      expect(await lastAudit('resident.passkey-refused')).toMatchObject({ target: householdId(b.phoneId), detail: { ceremony: 'register', reason: 'not-verified' } });
      // Answered with a recovery's challenge: not one for making a passkey.
      expectRefused(await post(a, '', { credential: soft.create({ ...(await registrationOptions(a)), challenge: (await recoveryOptions()).challenge }) }), 400);
    });

    it("refuses an assertion for another phone's credential, and a registration claiming another phone's credential id", async () => {
      const mine = new SoftAuthenticator(PUBLIC_URL);
      const theirs = new SoftAuthenticator(PUBLIC_URL);
      const me306 = await phoneWithPasskey(306, mine);
      const them = await phoneWithPasskey(307, theirs);
      // Signed with my key, but naming their credential: their public key does not verify it.
      const forged = mine.get(await recoveryOptions());
      const theirId = theirs.passkeys[0]!.id;
      expectRefused(await post(null, '/recover', { credential: { ...forged, id: theirId, rawId: theirId } }), 401);
      expect(await lastAudit('resident.passkey-refused')).toMatchObject({ target: householdId(them.phoneId), detail: { reason: 'not-verified' } });
      expect((await me(them)).statusCode).toBe(200);

      // Attestation `none` proves no key: their credential id under my public key would take their passkey's place.
      const claimed = mine.create(await registrationOptions(me306), Buffer.from(theirId, 'base64url'));
      expectRefused(await post(me306, '', { credential: claimed }), 400);
      expect(await lastAudit('resident.passkey-refused')).toMatchObject({ target: householdId(me306.phoneId), detail: { ceremony: 'register', reason: 'credential-taken' } });
      expect((await h.storage.residentPasskey(theirId))?.phoneId).toBe(them.phoneId);

      // An unknown credential: refused alike, audited with no phone.
      const unknown = mine.get(await recoveryOptions());
      expectRefused(await post(null, '/recover', { credential: { ...unknown, id: 'bm9wZQ', rawId: 'bm9wZQ' } }), 401);
      expect(await lastAudit('resident.passkey-refused')).toMatchObject({ target: null, areaPath: null, detail: { reason: 'unknown-passkey' } });
    });

    it('takes a synced passkey whose counter stays 0, and holds at most five passkeys per phone', async () => {
      const synced = new SoftAuthenticator(PUBLIC_URL, false);
      const phone = await phoneWithPasskey(308, synced);
      for (let i = 0; i < 2; i++) expect((await post(null, '/recover', { credential: synced.get(await recoveryOptions()) })).statusCode).toBe(200);
      expect((await me(phone)).statusCode).toBe(401);

      const owner = (await registered(app(), resident(309))).credential;
      for (let i = 0; i < 5; i++) expect((await post(owner, '', { credential: new SoftAuthenticator(PUBLIC_URL).create(await registrationOptions(owner)) })).statusCode).toBe(200);
      const full = await post(owner, '/options');
      expect(full.statusCode).toBe(409);
      expect(full.json<ApiError>().error).toBe('resident-passkeys-full');
    });
  });
}

describe('resident passkeys: limits and settings', () => {
  it('limits each passkey route per IP like the other resident routes', async () => {
    const h = await harness({ rateLimits: { enrolPerMinute: 0, residentPerMinute: 2, selfCheckInPerMinute: 0 } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await h.app.inject({ method: 'POST', url: '/api/v1/residents/passkey/recover/options' })).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
      const recover = await h.app.inject({ method: 'POST', url: '/api/v1/residents/passkey/recover', payload: {} });
      expect(recover.statusCode).toBe(400);
    } finally {
      await h.close();
    }
  });

  it("accepts PUBLIC_URL's origin, and https origins on the relying party's domain only", () => {
    const rp = relyingParty('http://localhost:8080', undefined);
    expect(rp).toEqual({ rpID: 'localhost', publicOrigin: 'http://localhost:8080' });
    expect(expectedOrigins(rp, undefined)).toEqual(['http://localhost:8080']);
    const domain = relyingParty('https://gate.example.org', 'example.org');
    expect(expectedOrigins(domain, 'https://health.example.org')).toEqual(['https://gate.example.org', 'https://health.example.org']);
    for (const other of ['http://health.example.org', 'https://example.org.evil.test', 'https://badexample.org', 'https://health.example.org/path', 'null']) {
      expect(expectedOrigins(domain, other), other).toEqual(['https://gate.example.org']);
    }
    expect(readPasskeyRpId({})).toEqual({ ok: true, value: null });
    expect(readPasskeyRpId({ RESIDENT_PASSKEY_RP_ID: ' Example.ORG ' })).toEqual({ ok: true, value: 'example.org' });
    for (const bad of ['https://example.org', 'example.org:443', 'example.org/x', '.example.org']) {
      expect(readPasskeyRpId({ RESIDENT_PASSKEY_RP_ID: bad })).toMatchObject({ ok: false, error: expect.stringContaining('RESIDENT_PASSKEY_RP_ID') });
    }
  });
});
