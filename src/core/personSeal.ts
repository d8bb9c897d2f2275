/**
 * Who an entry is about (ID number and name), sealed at rest: a tablet writes with the checkpoint's public key and cannot
 * read back; the server and a lead who knows the PIN hold the private key. ECDH P-256 → HKDF-SHA256 → AES-256-GCM.
 */
import { fromBase64, toBase64 } from './base64.ts';
import { sha256Hex } from './sha256.ts';
import { fromUtf8, utf8 } from './text.ts';
import { randomBytes, subtle, type CryptoKeyHandle } from './webcrypto.ts';

/** The person fields as the sealed box carries them. */
export interface Person {
  personId: string | null;
  name: string | null;
}

/**
 * What opening a box gives: the person, and the secret salt of its commitment (null in a box sealed before entries
 * carried a commitment, which the server still accepts from a tablet's older pending entries).
 */
export interface OpenedPerson extends Person {
  salt: string | null;
}

/** A sealed person: the sender's one-off public key, the nonce and the AES-GCM ciphertext, all Base64. */
export interface SealedPerson {
  epk: string;
  iv: string;
  data: string;
}

/** A checkpoint's private key wrapped with a key stretched from the lead PIN (its own salt, the PIN record's iterations). */
export interface WrappedKey {
  salt: string;
  iv: string;
  data: string;
}

export type UnsealError = 'sealed-malformed' | 'sealed-undecryptable';

/** Random bytes of a commitment's salt: as many as a key, so no one guesses it either. */
const SALT_BYTES = 16;
const COMMITMENT_VERSION = 'kadian-person-v1';

/**
 * The text a person's commitment hashes. The entry's chain hash covers this commitment instead of the ID number and name:
 * with the salt known only inside the sealed box, nothing kept in clear on the tablet lets anyone test a guessed ID
 * number (a typed entry has no name, so its hash over the plain ID number was an oracle for it).
 */
export function commitmentText(salt: string, person: Person): string {
  return JSON.stringify([COMMITMENT_VERSION, salt, person.personId, person.name]);
}

/** The commitment an entry carries as `personCommit`: SHA-256 hex of commitmentText. */
export const personCommitment = (salt: string, person: Person): string => sha256Hex(commitmentText(salt, person));

/** A person sealed for an entry: the box, and the commitment the entry's hash covers. */
export interface SealedForEntry {
  sealed: SealedPerson;
  personCommit: string;
}

const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
/** HKDF's info; the salt is the sender's raw public key. The server's synchronous opener (server/sealing.ts) uses the same. */
export const SEAL_INFO = 'kadian-person-v1';
const INFO = utf8(SEAL_INFO);
const AES = { name: 'AES-GCM', length: 256 } as const;
export const IV_BYTES = 12;
/** A raw uncompressed P-256 public key. */
export const PUBLIC_KEY_BYTES = 65;
/** A one-off key is used for this long, then replaced: what a running tablet could re-derive stays small. */
const SENDER_KEY_LIFETIME_MS = 60 * 60_000;

/** The AES key shared by a one-off sender key and the checkpoint key; salted by the sender's public key. */
async function boxKey(privateKey: CryptoKeyHandle, publicKey: CryptoKeyHandle, epk: Uint8Array): Promise<CryptoKeyHandle> {
  const secret = new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256));
  const hkdf = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: epk, info: INFO }, hkdf, AES, false, ['encrypt', 'decrypt']);
}

/** A new checkpoint key pair: the raw public key (Base64, 65 bytes) and the PKCS#8 private key (Base64). */
export async function newCheckpointKey(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = await subtle.generateKey(CURVE, true, ['deriveBits']);
  return {
    publicKey: toBase64(new Uint8Array(await subtle.exportKey('raw', pair.publicKey))),
    privateKey: toBase64(new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey))),
  };
}

/** The private key from PKCS#8; extractable only when it must be wrapped again (a lead changing the PIN). */
export function importPrivateKey(pkcs8: Uint8Array, extractable = false): Promise<CryptoKeyHandle> {
  return subtle.importKey('pkcs8', pkcs8, CURVE, extractable, ['deriveBits']);
}

interface Sender { publicKey: string; until: number; made: Promise<{ epk: string; key: CryptoKeyHandle }> }
let sender: Sender | undefined;

/**
 * The current one-off sender key for this checkpoint key, made anew each hour and when the checkpoint key changes; kept as
 * a promise, so scans sealed at the same moment share one key rather than each making its own.
 */
function senderFor(publicKey: string, now: number): Promise<{ epk: string; key: CryptoKeyHandle }> {
  if (sender && sender.publicKey === publicKey && now < sender.until) return sender.made;
  const made = (async () => {
    const raw = fromBase64(publicKey);
    if (!raw) throw new Error('The checkpoint key in the config is not Base64');
    const recipient = await subtle.importKey('raw', raw, CURVE, false, []);
    // Never extractable and never stored: once it is replaced, nothing on the tablet can open what it sealed.
    const pair = await subtle.generateKey(CURVE, false, ['deriveBits']);
    const epk = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    return { epk: toBase64(epk), key: await boxKey(pair.privateKey, recipient, epk) };
  })();
  const current: Sender = { publicKey, until: now + SENDER_KEY_LIFETIME_MS, made };
  sender = current;
  // A failed key is not kept: the next scan tries again.
  made.catch(() => { if (sender === current) sender = undefined; });
  return made;
}

/** Makes the hour's sender key now, so the first scan does not wait for the key agreement. */
export async function prepareSeal(publicKey: string, now = Date.now()): Promise<void> {
  await senderFor(publicKey, now);
}

/** Seals a person to the checkpoint's public key (Base64 raw P-256), with a fresh salt for its commitment inside the box. */
export async function sealPerson(person: Person, publicKey: string, now = Date.now()): Promise<SealedForEntry> {
  const { epk, key } = await senderFor(publicKey, now);
  const iv = randomBytes(IV_BYTES);
  const salt = toBase64(randomBytes(SALT_BYTES));
  const data = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv }, key, utf8(JSON.stringify([person.personId, person.name, salt]))));
  return { sealed: { epk, iv: toBase64(iv), data: toBase64(data) }, personCommit: personCommitment(salt, person) };
}

/** Opens sealed persons with one checkpoint private key, deriving each sender's box key once. */
export class PersonOpener {
  private readonly keys = new Map<string, Promise<CryptoKeyHandle>>();

  constructor(private readonly privateKey: CryptoKeyHandle, private readonly cacheSize = 1024) {}

  private keyFor(epk: string, raw: Uint8Array): Promise<CryptoKeyHandle> {
    let key = this.keys.get(epk);
    if (!key) {
      if (this.keys.size >= this.cacheSize) this.keys.clear();
      key = subtle.importKey('raw', raw, CURVE, false, []).then((sender) => boxKey(this.privateKey, sender, raw));
      // A bad sender key must not stay cached as a rejected promise.
      key.catch(() => this.keys.delete(epk));
      this.keys.set(epk, key);
    }
    return key;
  }

  async open(sealed: SealedPerson): Promise<{ ok: true; value: OpenedPerson } | { ok: false; error: UnsealError }> {
    const epk = fromBase64(sealed.epk), iv = fromBase64(sealed.iv), data = fromBase64(sealed.data);
    if (!epk || epk.length !== PUBLIC_KEY_BYTES || !iv || iv.length !== IV_BYTES || !data) return { ok: false, error: 'sealed-malformed' };
    let plain: string;
    try {
      plain = fromUtf8(new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv }, await this.keyFor(sealed.epk, epk), data)));
    } catch {
      return { ok: false, error: 'sealed-undecryptable' };
    }
    return readPerson(plain);
  }
}

const SALT_PATTERN = /^[A-Za-z0-9+/]{22}==$/;

/** The person from an opened box's text: JSON `[personId, name, salt]` (or `[personId, name]` from older tablets). */
export function readPerson(plain: string): { ok: true; value: OpenedPerson } | { ok: false; error: UnsealError } {
  let value: unknown;
  try {
    value = JSON.parse(plain);
  } catch {
    return { ok: false, error: 'sealed-malformed' };
  }
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3)) return { ok: false, error: 'sealed-malformed' };
  const field = (v: unknown) => (v === null || typeof v === 'string' ? v : undefined);
  const [id, n] = [field(value[0]), field(value[1])];
  const salt: unknown = value.length === 3 ? value[2] : null;
  if (id === undefined || n === undefined || (salt !== null && !(typeof salt === 'string' && SALT_PATTERN.test(salt)))) return { ok: false, error: 'sealed-malformed' };
  return { ok: true, value: { personId: id, name: n, salt } };
}

async function pinKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKeyHandle> {
  const material = await subtle.importKey('raw', utf8(pin), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, AES, false, ['encrypt', 'decrypt']);
}

/** Wraps a PKCS#8 private key for the lead: a new salt, so the stored PIN hash says nothing about this key. */
export async function wrapForLead(pkcs8: Uint8Array, pin: string, iterations: number): Promise<WrappedKey> {
  const salt = randomBytes(16), iv = randomBytes(IV_BYTES);
  const data = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv }, await pinKey(pin, salt, iterations), pkcs8));
  return { salt: toBase64(salt), iv: toBase64(iv), data: toBase64(data) };
}

/** The PKCS#8 private key the lead's PIN unwraps; null for a wrong PIN or a damaged record. */
export async function unwrapForLead(wrapped: WrappedKey, pin: string, iterations: number): Promise<Uint8Array | null> {
  const salt = fromBase64(wrapped.salt), iv = fromBase64(wrapped.iv), data = fromBase64(wrapped.data);
  if (!salt || !iv || !data) return null;
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv }, await pinKey(pin, salt, iterations), data));
  } catch {
    return null;
  }
}
