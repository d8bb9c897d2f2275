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
}

// Core compiles without DOM or Node types, so it names the platform calls it needs.
export const subtle = (globalThis as unknown as { crypto: { subtle: Subtle } }).crypto.subtle;
