/** HC1 (EU DCC) profile: hand-made codes signed with generated keys and self-made signer certificates. */
import { webcrypto } from 'node:crypto';
import { encode as base45 } from '@digitalbazaar/base45';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/base64.ts';
import { decodeCbor, encodeCbor } from '../../src/core/cose.ts';
import { importDccSigners, verifyHcert, type DccSignerKey } from '../../src/core/hcert.ts';
import { issueHealthCode, keyId } from '../../src/core/healthCode.ts';
import { importTrust, verifySignedCode } from '../../src/core/verifyCode.ts';
import type { CryptoKeyHandle } from '../../src/core/webcrypto.ts';
import { readCertificate } from '../../src/core/x509.ts';
import { EKU, hcertPayload, issueHcert, makeSigner, signHcert, wrapHcert, type TestSigner } from './dccSigner.ts';

const AT = new Date('2021-07-01T00:00:00Z');
const keysOf = (...signers: TestSigner[]) => importDccSigners(signers.map((s) => ({ certificate: s.certificate })));

describe('x509', () => {
  it('reads key type, validity and extended key usage, and nothing from garbage', async () => {
    const signer = await makeSigner({ extendedKeyUsage: [EKU.test] });
    const cert = readCertificate(signer.certificate);
    expect(cert?.keyType).toBe('EC-P256');
    expect(cert?.notBefore.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(cert?.extendedKeyUsage).toEqual([EKU.test]);
    expect(readCertificate((await makeSigner({ type: 'RSA' })).certificate)?.keyType).toBe('RSA');
    for (const garbage of ['', 'not base64!', 'AAAA', toBase64(new Uint8Array(300).fill(0x30)), signer.certificate.slice(0, 200)]) {
      expect(readCertificate(garbage)).toBeUndefined();
    }
  });
});

describe('verifyHcert', () => {
  it('accepts a good ES256 code and reads who it is for', async () => {
    const signer = await makeSigner();
    const result = await verifyHcert(await issueHcert(signer), await keysOf(signer), AT);
    expect(result).toEqual({
      kind: 'HC1', valid: true, reasons: [], subject: { name: 'Musterfrau Erika', dateOfBirth: '1964-08-12' }, colour: null,
      issuer: 'DE', issuedAt: '2021-06-01T00:00:00.000Z', expires: '2022-06-01T00:00:00.000Z',
    });
  });

  it('accepts PS256 with an RSA signer, tag-1 dates, untagged and double-tagged COSE', async () => {
    const rsa = await makeSigner({ type: 'RSA' });
    expect((await verifyHcert(await issueHcert(rsa), await keysOf(rsa), AT)).valid).toBe(true);
    // A certificate may call its RSA key RSASSA-PSS rather than rsaEncryption; WebCrypto only imports the latter.
    const pss = await makeSigner({ type: 'RSA', pssSpki: true });
    expect(readCertificate(pss.certificate)?.keyType).toBe('RSA');
    expect((await verifyHcert(await issueHcert(pss), await keysOf(pss), AT)).valid).toBe(true);
    const ec = await makeSigner();
    const keys = await keysOf(ec);
    for (const options of [{ taggedDates: true }, { untagged: true }, { cwtTag: true }, { kid: 'unprotected' as const }]) {
      expect((await verifyHcert(await issueHcert(ec, options), keys, AT)).reasons).toEqual([]);
    }
  });

  it('names garbage, truncated and oversized text, and never throws', async () => {
    const signer = await makeSigner();
    const keys = await keysOf(signer);
    const good = await issueHcert(signer);
    const reasons = async (text: string) => (await verifyHcert(text, keys, AT)).reasons;
    expect(await reasons('KDH1:ABC')).toEqual(['code-prefix']);
    expect(await reasons('HC1:abc')).toEqual(['code-base45']);
    expect(await reasons('HC1:GGW')).toEqual(['code-base45']); // a triple above 65535
    expect(await reasons(`HC1:${base45(new Uint8Array([0x78, 0x9c, 1, 2, 3]))}`)).toEqual(['code-zlib']);
    expect(await reasons(`HC1:${base45(new Uint8Array([1, 2, 3]))}`)).toEqual(['code-zlib']); // not compressed
    expect(await reasons(wrapHcert(encodeCbor([1, 2, 3])))).toEqual(['code-cose']);
    expect(await reasons(good.slice(0, good.length - 30))).not.toEqual([]);
    expect(await reasons(`HC1:${'A'.repeat(5000)}`)).toEqual(['code-too-long']);
    // Every truncation and every one-character change: a named reason or a valid code, never an exception.
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
    for (let i = 4; i < good.length; i += 7) {
      await expect(verifyHcert(good.slice(0, i), keys, AT)).resolves.toMatchObject({ kind: 'HC1', valid: false });
      const changed = good.slice(0, i) + alphabet[(alphabet.indexOf(good[i] ?? '0') + 1) % alphabet.length] + good.slice(i + 1);
      const result = await verifyHcert(changed, keys, AT);
      expect(result.valid === (result.reasons.length === 0)).toBe(true);
    }
  });

  it('finds the key when the kid names no signer or is absent, but refuses a malformed kid', async () => {
    const [a, b] = [await makeSigner(), await makeSigner()];
    const keys = await keysOf(a, b);
    expect((await verifyHcert(await issueHcert(b, { kid: new Uint8Array(8).fill(7) }), keys, AT)).reasons).toEqual([]);
    expect((await verifyHcert(await issueHcert(b, { kid: 'none' }), keys, AT)).reasons).toEqual([]);
    expect((await verifyHcert(await issueHcert(b, { kid: new Uint8Array([1, 2, 3]) }), keys, AT)).reasons).toEqual(['code-unknown-key']);
    // Known kid, wrong key: a forgery, not an unknown signer.
    const forged = await issueHcert({ ...a, kid: b.kid });
    expect((await verifyHcert(forged, keys, AT)).reasons).toEqual(['code-signature']);
    expect((await verifyHcert(await issueHcert(a), await keysOf(b), AT)).reasons).toEqual(['code-unknown-key']);
    expect((await verifyHcert(await issueHcert(a), [], AT)).reasons).toEqual(['code-unknown-key']);
  });

  it('refuses a tampered payload', async () => {
    const signer = await makeSigner();
    const cose = await signHcert(signer, hcertPayload());
    const sign1 = decodeCbor(cose)?.value as { value: unknown[] };
    const [protectedBytes, unprotected, , signature] = sign1.value;
    const other = hcertPayload({ expires: new Date('2030-01-01T00:00:00Z') });
    const tampered = wrapHcert(encodeCbor([protectedBytes, unprotected, other, signature]));
    const result = await verifyHcert(tampered, await keysOf(signer), AT);
    expect(result.reasons).toEqual(['code-signature']);
    expect(result.expires).toBe('2030-01-01T00:00:00.000Z'); // still shown, for the volunteer to compare
  });

  it('checks the signer may sign this type (extended key usage)', async () => {
    const testOnly = await makeSigner({ extendedKeyUsage: [EKU.test] });
    const keys = await keysOf(testOnly);
    expect((await verifyHcert(await issueHcert(testOnly, { type: 'v' }), keys, AT)).reasons).toEqual(['code-key-usage']);
    expect((await verifyHcert(await issueHcert(testOnly, { type: 't' }), keys, AT)).reasons).toEqual([]);
    // No DCC usage OID at all (other OIDs are handled gracefully): every type.
    const other = await makeSigner({ extendedKeyUsage: ['2.23.136.1.1.14.2'] });
    expect((await verifyHcert(await issueHcert(other, { type: 'r' }), await keysOf(other), AT)).reasons).toEqual([]);
  });

  it('checks the clock against the code and its signer certificate', async () => {
    const signer = await makeSigner({ notAfter: new Date('2021-12-31T00:00:00Z') });
    const keys = await keysOf(signer);
    const text = await issueHcert(signer);
    expect((await verifyHcert(text, keys, new Date('2022-07-01T00:00:00Z'))).reasons).toEqual(['code-expired']);
    expect((await verifyHcert(text, keys, new Date('2021-05-01T00:00:00Z'))).reasons).toEqual(['code-not-yet-valid']);
    // The code runs until 2022-06, its signer only until the end of 2021.
    expect((await verifyHcert(text, keys, new Date('2022-01-15T00:00:00Z'))).reasons).toEqual(['code-expired']);
  });

  it('imports each certificate with its algorithm, and leaves out what is not one', async () => {
    const [ec, rsa] = [await makeSigner(), await makeSigner({ type: 'RSA' })];
    const keys: DccSignerKey[] = await importDccSigners([{ certificate: ec.certificate }, { certificate: 'garbage' }, { certificate: rsa.certificate, kid: 'ignored' }]);
    expect(keys.map((k) => [k.alg, [...k.kid]])).toEqual([[-7, [...ec.kid]], [-37, [...rsa.kid]]]);
    expect(keys[0]?.usage).toEqual(['v', 't', 'r']);
  });
});

describe('verifySignedCode', () => {
  it('dispatches KDH1 and HC1, and leaves anything else to the caller', async () => {
    const dsc = await makeSigner();
    const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
    const trust = await importTrust({ issuers: [{ kid: '', publicKey: toBase64(spki) }], dccSigners: [{ kid: '', certificate: dsc.certificate }] });
    const kdh1 = await issueHealthCode(
      { issuer: 'KD', issuedAt: new Date('2021-06-30T00:00:00Z'), expires: new Date('2021-07-02T00:00:00Z'), id: '11010519491231002X', name: '张三', colour: 'green' },
      { kid: keyId(spki), privateKey: pair.privateKey as unknown as CryptoKeyHandle },
    );
    expect(await verifySignedCode(kdh1, trust, AT)).toMatchObject({ kind: 'KDH1', valid: true, colour: 'green' });
    expect(await verifySignedCode(await issueHcert(dsc), trust, AT)).toMatchObject({ kind: 'HC1', valid: true });
    expect(await verifySignedCode('KDR1:ABC', trust, AT)).toBeNull();
    expect(await verifySignedCode('https://example.org', trust, AT)).toBeNull();
  });
});
