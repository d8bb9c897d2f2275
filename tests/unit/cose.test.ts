import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { encode as base45 } from '@digitalbazaar/base45';
import { decodeCbor, encodeCbor, parseCoseSign1, signCoseES256, unwrapQr, verifyCoseSignature, wrapQr } from '../../src/core/cose.ts';
import type { CryptoKeyHandle } from '../../src/core/webcrypto.ts';

async function es256Pair() {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return { privateKey: pair.privateKey as unknown as CryptoKeyHandle, publicKey: pair.publicKey as unknown as CryptoKeyHandle };
}

describe('COSE_Sign1 container', () => {
  it('round-trips: sign, wrap, unwrap, parse, verify', async () => {
    const { privateKey, publicKey } = await es256Pair();
    const payload = encodeCbor(new Map<number, unknown>([[1, 'KD'], [4, 1_800_000_000]]));
    const kid = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const text = wrapQr('KDH1:', await signCoseES256(payload, kid, privateKey));
    const unwrapped = unwrapQr(text, 'KDH1:');
    if (!unwrapped.ok) return;
    const sign1 = parseCoseSign1(unwrapped.value);
    expect(sign1.ok).toBe(true);
    if (!sign1.ok) return;
    expect(sign1.value.alg).toBe(-7);
    expect([...sign1.value.kid!]).toEqual([...kid]);
    expect(decodeCbor(sign1.value.payload)?.value).toEqual(new Map<number, unknown>([[1, 'KD'], [4, 1_800_000_000]]));
    expect(await verifyCoseSignature(sign1.value, publicKey)).toBe(true);
    const other = await es256Pair();
    expect(await verifyCoseSignature(sign1.value, other.publicKey)).toBe(false);
    const tampered = { ...sign1.value, payload: encodeCbor(new Map<number, unknown>([[1, 'KD'], [4, 1_900_000_000]])) };
    expect(await verifyCoseSignature(tampered, publicKey)).toBe(false);
  });

  it('names each broken layer and never throws', () => {
    expect(unwrapQr('HC1:ABC', 'KDH1:')).toEqual({ ok: false, error: 'code-prefix' });
    expect(unwrapQr('KDH1:abc', 'KDH1:')).toEqual({ ok: false, error: 'code-base45' });
    expect(unwrapQr(`KDH1:${'A'.repeat(5000)}`, 'KDH1:')).toEqual({ ok: false, error: 'code-too-long' });
    // A zlib header (0x78 0x9C) followed by a broken stream.
    expect(unwrapQr('KDH1:' + base45(new Uint8Array([0x78, 0x9c, 0xff, 0xff, 0x00])), 'KDH1:')).toEqual({ ok: false, error: 'code-zlib' });
    // A deflate bomb: 1 MiB of zeros compresses to about a kilobyte.
    expect(unwrapQr(wrapQr('KDH1:', new Uint8Array(1 << 20)), 'KDH1:')).toEqual({ ok: false, error: 'code-too-long' });
    expect(parseCoseSign1(new Uint8Array([0x84, 1, 2, 3, 4]))).toEqual({ ok: false, error: 'code-cose' });
    expect(parseCoseSign1(new Uint8Array([0xff]))).toEqual({ ok: false, error: 'code-cose' });
    expect(parseCoseSign1(encodeCbor(['a', new Map(), new Uint8Array(1), new Uint8Array(1)]))).toEqual({ ok: false, error: 'code-cose' });
  });
});
