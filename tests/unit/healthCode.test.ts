import { Tag } from 'cbor-x';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encode as toBase45 } from '@digitalbazaar/base45';
import { toBase64 } from '../../src/core/base64.ts';
import { decodeCbor, encodeCbor, readSignedQr, wrapQr } from '../../src/core/cose.ts';
import { importIssuerKeys, issueHealthCode, keyId, verifyHealthCode, type HealthClaims } from '../../src/core/healthCode.ts';
import type { CryptoKeyHandle } from '../../src/core/webcrypto.ts';

const AT = new Date('2026-03-02T04:00:00Z');
const CLAIMS: HealthClaims = {
  issuer: 'kadian', issuedAt: new Date('2026-03-02T01:00:00Z'), expires: new Date('2026-03-02T16:00:00Z'),
  id: '11010519491231002X', name: '张三', colour: 'green',
};

async function issuer() {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  const signer = { kid: keyId(spki), privateKey: pair.privateKey as unknown as CryptoKeyHandle };
  return { signer, trusted: { publicKey: toBase64(spki) } };
}

/** The code's COSE parts, to rebuild it with one part changed. */
function parts(code: string) {
  const sign1 = readSignedQr(code, 'KDH1:');
  if (!sign1.ok) throw new Error(sign1.error);
  return sign1.value;
}
const rebuild = (p: ReturnType<typeof parts>) => wrapQr('KDH1:', encodeCbor(new Tag([p.protectedBytes, p.unprotectedHeader, p.payload, p.signature], 18)));

describe('KDH1 health codes', () => {
  it('round-trip: issued, then verified offline with who and what colour', async () => {
    const { signer, trusted } = await issuer();
    const code = await issueHealthCode(CLAIMS, signer);
    expect(code).toMatch(/^KDH1:[0-9A-Z $%*+\-./:]+$/);
    const result = await verifyHealthCode(code, await importIssuerKeys([trusted]), AT);
    expect(result).toEqual({
      kind: 'KDH1', valid: true, reasons: [], subject: { name: '张三', id: '11010519491231002X' }, colour: 'green',
      issuer: 'kadian', issuedAt: '2026-03-02T01:00:00.000Z', expires: '2026-03-02T16:00:00.000Z',
    });
  });

  it('names every kind of tampering, never throwing', async () => {
    const { signer, trusted } = await issuer();
    const keys = await importIssuerKeys([trusted]);
    const code = await issueHealthCode({ ...CLAIMS, colour: 'red' }, signer);
    const reasons = async (text: string) => (await verifyHealthCode(text, keys, AT)).reasons;

    // The colour changed, the signature kept.
    const p = parts(code);
    const claims = decodeCbor(p.payload)!.value as Map<number, Map<number, unknown>>;
    claims.get(-70000)!.set(3, 'green');
    expect(await reasons(rebuild({ ...p, payload: encodeCbor(claims) }))).toEqual(['code-signature']);

    // A signature from another code swapped in.
    const other = parts(await issueHealthCode({ ...CLAIMS, name: '李四' }, signer));
    expect(await reasons(rebuild({ ...p, signature: other.signature }))).toEqual(['code-signature']);

    // Signed by a key the tablet does not know.
    const stranger = await issuer();
    expect(await reasons(await issueHealthCode(CLAIMS, stranger.signer))).toEqual(['code-unknown-key']);

    // Expired, and not yet valid (beyond five minutes of clock leeway).
    expect(await reasons(await issueHealthCode({ ...CLAIMS, expires: new Date('2026-03-02T03:59:59Z') }, signer))).toEqual(['code-expired']);
    expect(await reasons(await issueHealthCode({ ...CLAIMS, issuedAt: new Date('2026-03-02T04:06:00Z') }, signer))).toEqual(['code-not-yet-valid']);

    // One changed character anywhere: a named reason, never a throw; the only changes that still verify leave
    // every signed byte as it was (zlib's trailing checksum, which fflate does not check, is not signed).
    const signedBytes = (q: ReturnType<typeof parts>) => toBase64(encodeCbor([q.protectedBytes, q.payload, q.signature]));
    let stillValid = 0;
    for (let i = 5; i < code.length; i++) {
      const swapped = code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
      const result = await verifyHealthCode(swapped, keys, AT);
      if (result.valid) {
        stillValid++;
        expect(signedBytes(parts(swapped))).toBe(signedBytes(p));
      } else {
        expect(result.reasons.length).toBeGreaterThan(0);
      }
    }
    expect(stillValid).toBeLessThan(8);

    expect(await reasons('KDH1:')).toEqual(['code-zlib']);
    expect(await reasons(`KDH1:${toBase45(encodeCbor(['uncompressed']))}`)).toEqual(['code-zlib']);
    expect(await reasons('KDH1:%%%%')).toEqual(['code-base45']);
    expect(await reasons('KDH1:hello')).toEqual(['code-base45']);
    expect(await reasons(`KDH1:${'0'.repeat(5000)}`)).toEqual(['code-too-long']);
    expect(await reasons(wrapQr('KDH1:', new Uint8Array(200_000)))).toEqual(['code-too-long']);
    expect(await reasons(wrapQr('KDH1:', encodeCbor(['not', 'cose'])))).toEqual(['code-cose']);
    expect(await reasons(rebuild({ ...p, payload: encodeCbor(new Map([[1, 'kadian']])) }))).toEqual(['code-claims']);
  });

  it('keeps a retired key trusted for the codes it signed before, not after', async () => {
    const { signer, trusted } = await issuer();
    const keys = await importIssuerKeys([{ ...trusted, retiredAt: '2026-03-02T02:00:00Z' }]);
    expect((await verifyHealthCode(await issueHealthCode(CLAIMS, signer), keys, AT)).valid).toBe(true);
    const late = await issueHealthCode({ ...CLAIMS, issuedAt: new Date('2026-03-02T03:00:00Z') }, signer);
    expect((await verifyHealthCode(late, keys, AT)).reasons).toEqual(['code-key-retired']);
  });
});
