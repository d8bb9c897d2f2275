/** Revoked and too-old health codes (core/revocations.ts) and the gate that refuses them (gate/gate.ts), with real KDH1 codes and the real verifier. */
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/base64.ts';
import type { Colour } from '../../src/core/entry.ts';
import { issueHealthCode, keyId } from '../../src/core/healthCode.ts';
import { birthDateOf, maskIdNumber } from '../../src/core/idNumber.ts';
import { deriveKeyPerson, KEY_PERSON_KDF } from '../../src/core/keyPersonLookup.ts';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.ts';
import { ok } from '../../src/core/result.ts';
import { mergeRevocations, REVOCATION_KEEP_MS, revocationIndex, withFreshness, type RevocationList } from '../../src/core/revocations.ts';
import type { VerifiedCode } from '../../src/core/signedCode.ts';
import { importTrust, verifySignedCode } from '../../src/core/verifyCode.ts';
import type { CryptoKeyHandle } from '../../src/core/webcrypto.ts';
import type { Config, TrustList } from '../../src/core/wire.ts';
import { createGate } from '../../src/gate/gate.ts';
import type { StoredEntry } from '../../src/store/db.ts';
import type { Device } from '../../src/store/device.ts';

const ZHANG = { id: '11010519491231002X', name: '张三' };
// Same region, the same last four characters: a masked ID number reads alike, only the birth date tells them apart.
const TWIN = { id: '11010519900306002X', name: '张三' };
const SALT = new Uint8Array(16).fill(7);
const HOUR = 3_600_000;

const code = (issuedAt: string): VerifiedCode => ({
  kind: 'KDH1', valid: true, reasons: [], subject: ZHANG, colour: 'green', issuer: 'kadian', issuedAt, expires: null,
});

describe('twins at the gate', () => {
  it('read alike masked, and apart by the birth date the verdict shows beside the name', () => {
    expect(maskIdNumber(TWIN.id)).toBe(maskIdNumber(ZHANG.id));
    expect(birthDateOf(ZHANG.id)).toBe('1949-12-31');
    expect(birthDateOf(TWIN.id)).toBe('1990-03-06');
    expect(birthDateOf('110105194912310021')).toBeUndefined();
  });
});

describe('revocation matching', () => {
  it('refuses a valid KDH1 code issued before its holder\'s revocation, not one issued after or at it', () => {
    const revokedBefore = Date.parse('2026-11-30T06:00:00Z');
    const atMs = Date.parse('2026-11-30T08:00:00Z');
    expect(withFreshness(code('2026-11-30T01:00:00Z'), { revokedBefore, atMs })).toMatchObject({ valid: false, reasons: ['code-revoked'] });
    expect(withFreshness(code('2026-11-30T06:00:00Z'), { revokedBefore, atMs }).valid).toBe(true);
    expect(withFreshness(code('2026-11-30T07:00:00Z'), { revokedBefore, atMs }).valid).toBe(true);
    expect(withFreshness(code('2026-11-30T01:00:00Z'), { atMs }).valid).toBe(true);
  });

  it('refuses a code older than the checkpoint\'s limit; no limit, no refusal', () => {
    const atMs = Date.parse('2026-11-30T08:00:00Z');
    expect(withFreshness(code('2026-11-30T05:59:00Z'), { maxAgeMinutes: 120, atMs })).toMatchObject({ valid: false, reasons: ['code-too-old'] });
    expect(withFreshness(code('2026-11-30T06:00:00Z'), { maxAgeMinutes: 120, atMs }).valid).toBe(true);
    expect(withFreshness(code('2026-11-30T00:00:00Z'), { maxAgeMinutes: null, atMs }).valid).toBe(true);
  });

  it('leaves other codes as they are: an EU certificate, a code already invalid', () => {
    const hc1: VerifiedCode = { ...code('2026-11-30T01:00:00Z'), kind: 'HC1', colour: null };
    expect(withFreshness(hc1, { revokedBefore: Date.parse('2026-11-30T06:00:00Z'), atMs: 0 })).toBe(hc1);
    const expired: VerifiedCode = { ...code('2026-11-30T01:00:00Z'), valid: false, reasons: ['code-expired'] };
    expect(withFreshness(expired, { revokedBefore: Date.parse('2026-11-30T06:00:00Z'), atMs: 0 })).toBe(expired);
  });

  it('indexes the list by tag, the latest not-before winning; a list under another salt matches no one', () => {
    const list: RevocationList = { salt: 'c2FsdA==', persons: [{ tag: 'a', notBefore: '2026-11-30T01:00:00Z' }, { tag: 'a', notBefore: '2026-11-30T03:00:00Z' }] };
    expect(revocationIndex(list, 'c2FsdA==').get('a')).toBe(Date.parse('2026-11-30T03:00:00Z'));
    expect(revocationIndex(list, 'b3RoZXI=').size).toBe(0);
    expect(revocationIndex(undefined, 'c2FsdA==').size).toBe(0);
  });
});

/** A signer and the trust list a tablet would hold for it. */
async function issuer() {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  const trust: TrustList = { issuers: [{ kid: toBase64(keyId(spki)), publicKey: toBase64(spki) }], dccSigners: [], updatedAt: '2026-11-30T00:00:00Z' };
  const sign = (person: { id: string; name: string }, colour: Colour, issuedAt: Date) => issueHealthCode(
    { issuer: 'kadian', issuedAt, expires: new Date(issuedAt.getTime() + 12 * HOUR), id: person.id, name: person.name, colour },
    { kid: keyId(spki), privateKey: pair.privateKey as unknown as CryptoKeyHandle },
  );
  return { trust, sign };
}

function tablet(trust: TrustList, revocations: Config['revocations'], policy: Partial<Policy> = {}) {
  const config: Config = {
    version: 1, serverTime: new Date().toISOString(), checkpoint: { id: 'gate-1', name: '东门', communityId: 'c', communityName: '社区' },
    policy: { ...DEFAULT_POLICY, ...policy }, trust, leadPin: null, keyPersons: { format: 2, kdf: KEY_PERSON_KDF, salt: toBase64(SALT), persons: [] },
    ...(revocations && { revocations }), sealKey: 'A'.repeat(87) + '=',
  };
  const device: Device = { deviceId: 'tablet-1', token: 't', config, configAt: config.serverTime, enrolledAt: config.serverTime };
  const log: StoredEntry[] = [];
  const trusted = importTrust(trust);
  const gate = createGate({
    device: () => device, direction: () => 'in', operator: () => null, vehicle: () => null,
    // The verifier worker's own code, on the test's thread.
    verify: async (text, _trust, atMs) => verifySignedCode(text, await trusted, new Date(atMs)),
    askColour: async () => null, askHolder: async () => null, askTemperature: async () => null,
    append: async (draft, judge) => {
      const { verdict, reasons } = judge(0);
      const entry: StoredEntry = { ...draft, verdict, reasons, id: `e${log.length + 1}`, seq: log.length + 1, prevHash: '0'.repeat(64), hash: '1'.repeat(64), syncState: 'pending' };
      log.push(entry);
      return ok(entry);
    },
    logged: () => undefined, verifierFailed: () => undefined, saveFailed: () => undefined,
    nowMs: (() => { let t = 0; return () => (t += 60_000); })(),
  });
  return { gate, log };
}

describe('the gate refuses revoked codes', () => {
  it('stops the morning\'s green code after a fever check-in revoked it, and passes the holder\'s twin', async () => {
    const { trust, sign } = await issuer();
    // Whole seconds, as the server dates both a code and a revocation.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const morning = await sign(ZHANG, 'green', new Date(now - 4 * HOUR));
    const twinsCode = await sign(TWIN, 'green', new Date(now - 4 * HOUR));
    // What the server sends: the person's tag under the checkpoint's key-person salt, and the fever check-in's time.
    const revocations = { salt: toBase64(SALT), persons: [{ tag: deriveKeyPerson(SALT, ZHANG.id, KEY_PERSON_KDF).tag, notBefore: new Date(now - HOUR).toISOString() }] };

    const before = tablet(trust, undefined);
    expect(await before.gate.scan(morning)).toMatchObject({ saved: true, judgement: { verdict: 'pass', reasons: [] } });

    const after = tablet(trust, revocations);
    const refused = await after.gate.scan(morning);
    expect(refused).toMatchObject({ saved: true, judgement: { verdict: 'stop', reasons: ['code-revoked'] }, reading: { kind: 'signed', code: { valid: false, reasons: ['code-revoked'] } } });
    expect(after.log[0]).toMatchObject({ source: 'KDH1', personId: ZHANG.id, colour: 'green', verdict: 'stop', reasons: ['code-revoked'] });
    // The twin's code, issued at the same time, is not theirs to lose.
    expect(await after.gate.scan(twinsCode)).toMatchObject({ judgement: { verdict: 'pass', reasons: [] } });
    // The red code issued with the fever check-in is valid: stopped for its colour, not as revoked.
    const red = await sign(ZHANG, 'red', new Date(now - HOUR));
    expect(await after.gate.scan(red)).toMatchObject({ judgement: { verdict: 'stop', reasons: ['colour-red'] } });
  });

  it('stops a code older than the checkpoint\'s age limit', async () => {
    const { trust, sign } = await issuer();
    const old = await sign(ZHANG, 'green', new Date(Date.now() - 3 * HOUR));
    const fresh = await sign(TWIN, 'green', new Date(Date.now() - 30 * 60_000));
    const { gate } = tablet(trust, undefined, { maxCodeAgeMinutes: 120 });
    expect(await gate.scan(old)).toMatchObject({ judgement: { verdict: 'stop', reasons: ['code-too-old'] } });
    expect(await gate.scan(fresh)).toMatchObject({ judgement: { verdict: 'pass' } });
  });
});

describe('a tablet\'s revocations after a pull (mergeRevocations)', () => {
  const NOW = Date.parse('2026-03-02T12:00:00Z');
  const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();
  const held: RevocationList = { salt: 'c2FsdA==', revision: 4, persons: [{ tag: 'B', notBefore: at(HOUR) }, { tag: 'D', notBefore: at(REVOCATION_KEEP_MS + HOUR) }] };

  it('takes a full list as it comes', () => {
    const full = { salt: 'c2FsdA==', revision: 9, persons: [{ tag: 'A', notBefore: at(0) }] };
    expect(mergeRevocations(held, full, NOW)).toEqual(full);
  });

  it('merges a delta in tag order, each tag at its latest not-before, and drops what is past keeping', () => {
    const delta = { salt: 'c2FsdA==', revision: 6, after: 4, persons: [{ tag: 'C', notBefore: at(0) }, { tag: 'B', notBefore: at(60_000) }] };
    expect(mergeRevocations(held, delta, NOW)).toEqual({
      salt: 'c2FsdA==', revision: 6, persons: [{ tag: 'B', notBefore: at(60_000) }, { tag: 'C', notBefore: at(0) }],
    });
  });

  it('gives null for a delta that does not follow what is held (another revision, another salt, nothing held)', () => {
    const delta = { salt: 'c2FsdA==', revision: 6, after: 5, persons: [] };
    expect(mergeRevocations(held, delta, NOW)).toBeNull();
    expect(mergeRevocations(held, { ...delta, after: 4, salt: 'b3RoZXI=' }, NOW)).toBeNull();
    expect(mergeRevocations(undefined, { ...delta, after: 4 }, NOW)).toBeNull();
  });
});
