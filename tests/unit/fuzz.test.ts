/** Property-based fuzzing of every decoder a scanned QR code reaches: whatever the text, a named result, never a throw. */
import { encode as base45 } from '@digitalbazaar/base45';
import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/base64.ts';
import { wrapQr } from '../../src/core/cose.ts';
import { keyId } from '../../src/core/healthCode.ts';
import { parseIdNumber } from '../../src/core/idNumber.ts';
import { decodeResidentCode } from '../../src/core/residentCode.ts';
import { readCode } from '../../src/core/scan.ts';
import { importTrust, verifySignedCode } from '../../src/core/verifyCode.ts';

// Bounded: a few hundred cases per property keeps `npm test` quick; the seed is printed on failure to replay it.
const RUNS = { numRuns: 400 };
const AT = new Date('2026-03-02T04:00:00Z');

/** Text as a camera could read it: any Unicode, control characters, right-to-left marks, markup. */
const scannedText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom('\u202e', '\u200f', '<script>alert(1)</script>', '\u0000', '\r\n').chain((s) => fc.string({ maxLength: 50 }).map((t) => s + t)),
);
/** A prefix we know, then noise: the decoders' deeper layers get exercised, not only the prefix check. */
const prefixed = fc.tuple(fc.constantFrom('KDR1:', 'KDH1:', 'HC1:'), fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => base45(b)),
  fc.uint8Array({ maxLength: 300 }).map((b) => wrapQr('', b)),
)).map(([p, body]) => p + body);

describe('fuzzing the decoders', () => {
  it('parseIdNumber and readCode answer every text with a result', () => {
    fc.assert(fc.property(scannedText, (text) => {
      const id = parseIdNumber(text);
      expect(typeof id.ok).toBe('boolean');
      expect(['identity', 'invalid', 'unknown']).toContain(readCode(text).kind);
    }), RUNS);
  });

  it('decodeResidentCode never throws and never accepts noise', () => {
    fc.assert(fc.property(fc.oneof(scannedText, prefixed), (text) => {
      const result = decodeResidentCode(text);
      if (result.ok) expect(parseIdNumber(result.value.id).ok).toBe(true);
    }), RUNS);
  });

  it('signed-code verification names a reason for noise, never throws, never calls it valid', async () => {
    const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
    const trust = await importTrust({ issuers: [{ kid: toBase64(keyId(spki)), publicKey: toBase64(spki) }], dccSigners: [] });
    await fc.assert(fc.asyncProperty(prefixed, async (text) => {
      const result = await verifySignedCode(text, trust, AT);
      if (text.startsWith('KDR1:')) expect(result).toBeNull();
      else {
        expect(result?.valid).toBe(false);
        expect(result?.reasons.length).toBeGreaterThan(0);
      }
    }), RUNS);
  });
});
