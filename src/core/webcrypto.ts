/** The WebCrypto calls core makes; browsers, workers and Node ≥ 19 all expose them as `globalThis.crypto`. */

/** A key as WebCrypto hands it out; core never looks inside. */
export interface CryptoKeyHandle { readonly type: string; readonly algorithm: { name: string } }

export type KeyAlgorithm =
  | { name: 'ECDSA'; namedCurve: 'P-256' }
  | { name: 'RSA-PSS'; hash: 'SHA-256' };

export type SignatureAlgorithm = { name: 'ECDSA'; hash: 'SHA-256' } | { name: 'RSA-PSS'; saltLength: number };

/** The subset of SubtleCrypto used here, typed without DOM or Node libraries. */
export interface Subtle {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
  importKey(format: 'spki', keyData: Uint8Array, algorithm: KeyAlgorithm, extractable: boolean, usages: ['verify']): Promise<CryptoKeyHandle>;
  verify(algorithm: SignatureAlgorithm, key: CryptoKeyHandle, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  sign(algorithm: SignatureAlgorithm, key: CryptoKeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
  // The lead PIN's slow hash (leadPin.ts): the PIN as a raw PBKDF2 key, stretched by deriveBits.
  importKey(format: 'raw', keyData: Uint8Array, algorithm: 'PBKDF2', extractable: false, usages: ['deriveBits']): Promise<CryptoKeyHandle>;
  deriveBits(algorithm: { name: 'PBKDF2'; hash: 'SHA-256'; salt: Uint8Array; iterations: number }, key: CryptoKeyHandle, length: number): Promise<ArrayBuffer>;
}

// Core compiles without DOM or Node types, so it names the platform calls it needs.
export const subtle = (globalThis as unknown as { crypto: { subtle: Subtle } }).crypto.subtle;

/** Cryptographically random bytes (salts), from the same platform object. */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  (globalThis as unknown as { crypto: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto.getRandomValues(bytes);
  return bytes;
}
