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
  // Personal fields sealed at rest (personSeal.ts): ECDH P-256, HKDF-SHA256 and AES-256-GCM.
  generateKey(algorithm: { name: 'ECDH'; namedCurve: 'P-256' }, extractable: boolean, usages: ['deriveBits']): Promise<{ publicKey: CryptoKeyHandle; privateKey: CryptoKeyHandle }>;
  exportKey(format: 'raw' | 'pkcs8', key: CryptoKeyHandle): Promise<ArrayBuffer>;
  importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: 'ECDH'; namedCurve: 'P-256' }, extractable: false, usages: []): Promise<CryptoKeyHandle>;
  importKey(format: 'pkcs8', keyData: Uint8Array, algorithm: { name: 'ECDH'; namedCurve: 'P-256' }, extractable: boolean, usages: ['deriveBits']): Promise<CryptoKeyHandle>;
  importKey(format: 'raw', keyData: Uint8Array, algorithm: 'HKDF', extractable: false, usages: ['deriveKey']): Promise<CryptoKeyHandle>;
  importKey(format: 'raw', keyData: Uint8Array, algorithm: 'PBKDF2', extractable: false, usages: ['deriveKey']): Promise<CryptoKeyHandle>;
  deriveBits(algorithm: { name: 'ECDH'; public: CryptoKeyHandle }, key: CryptoKeyHandle, length: number): Promise<ArrayBuffer>;
  deriveKey(
    algorithm: { name: 'HKDF'; hash: 'SHA-256'; salt: Uint8Array; info: Uint8Array } | { name: 'PBKDF2'; hash: 'SHA-256'; salt: Uint8Array; iterations: number },
    key: CryptoKeyHandle, derived: { name: 'AES-GCM'; length: 256 }, extractable: false, usages: Array<'encrypt' | 'decrypt'>,
  ): Promise<CryptoKeyHandle>;
  // A lead's change proven with the checkpoint key (leadProof.ts): HKDF-SHA256 bits, then HMAC-SHA256.
  deriveBits(algorithm: { name: 'HKDF'; hash: 'SHA-256'; salt: Uint8Array; info: Uint8Array }, key: CryptoKeyHandle, length: number): Promise<ArrayBuffer>;
  importKey(format: 'raw', keyData: Uint8Array, algorithm: 'HKDF', extractable: false, usages: ['deriveBits']): Promise<CryptoKeyHandle>;
  importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: 'HMAC'; hash: 'SHA-256' }, extractable: false, usages: ['sign']): Promise<CryptoKeyHandle>;
  sign(algorithm: 'HMAC', key: CryptoKeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
  // A key person's box (keyPersonLookup.ts), under a key scrypt derived from the ID number.
  importKey(format: 'raw', keyData: Uint8Array, algorithm: 'AES-GCM', extractable: false, usages: ['decrypt']): Promise<CryptoKeyHandle>;
  encrypt(algorithm: { name: 'AES-GCM'; iv: Uint8Array }, key: CryptoKeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: { name: 'AES-GCM'; iv: Uint8Array }, key: CryptoKeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
}

// Core compiles without DOM or Node types, so it names the platform calls it needs.
export const subtle = (globalThis as unknown as { crypto: { subtle: Subtle } }).crypto.subtle;

/** Cryptographically random bytes (salts), from the same platform object. */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  (globalThis as unknown as { crypto: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto.getRandomValues(bytes);
  return bytes;
}
