/** Key persons as tablets hold them (format 2): scrypt over (list salt, ID number) gives a lookup tag and a key; category and note open only with that key. */
import { scrypt } from '@noble/hashes/scrypt.js';
import { fromBase64, toBase64 } from './base64.ts';
import { KEY_PERSON_CATEGORIES, type KeyPersonCategory } from './keyPersons.ts';
import { sha256 } from './sha256.ts';
import { fromUtf8, utf8 } from './text.ts';
import { subtle } from './webcrypto.ts';


/** scrypt's cost: N (a power of two) × r × 128 bytes of memory, and about N × r block mixes of time, per derivation. */
export interface ScryptParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
}

/**
 * What a new list is derived with. N = 2^8, r = 8: 256 KiB, a few ms per ID number on a cheap tablet (BENCHMARKS.md, "Key
 * persons": in Chromium at 4× CPU, N = 2^9 took 20 ms even in the quietest rounds, N = 2^8 about 5 ms; each doubling of N
 * doubles both the guesser's cost and the gate's, which pays it at each new person's first scan). Each list carries its
 * own, so a later change of these only affects lists imported after it.
 */
export const KEY_PERSON_KDF: ScryptParams = { name: 'scrypt', N: 2 ** 8, r: 8, p: 1 };

/** What a list is derived with: its salt (Base64, 16 random bytes) and scrypt's parameters. */
export interface KeyPersonDerivation {
  salt: string;
  kdf: ScryptParams;
}

export const KEY_PERSON_TAG_BYTES = 16;
export const KEY_PERSON_KEY_BYTES = 32;
export const KEY_PERSON_IV_BYTES = 12;
/** Plaintexts are padded to a multiple of this, so a box's length tells neither the category nor the note's exact length. */
export const KEY_PERSON_PAD = 16;

/** Prefixed to the list's salt: these derivations serve this use and no other. */
const DOMAIN = utf8('kadian-key-person-v2');

/** The salt scrypt gets: the domain, then the list's random salt. */
export function kdfSalt(listSalt: Uint8Array): Uint8Array {
  const out = new Uint8Array(DOMAIN.length + listSalt.length);
  out.set(DOMAIN, 0);
  out.set(listSalt, DOMAIN.length);
  return out;
}

/** One ID number's derivation: the tag the list is searched by (Base64) and the AES-256-GCM key of its box. */
export interface DerivedKeyPerson {
  tag: string;
  key: Uint8Array;
}

/** scrypt's 48 output bytes, split: the first 16 are the public tag, the other 32 the key, which the tag does not reveal. */
export function splitDerived(bytes: Uint8Array): DerivedKeyPerson {
  return { tag: toBase64(bytes.subarray(0, KEY_PERSON_TAG_BYTES)), key: bytes.slice(KEY_PERSON_TAG_BYTES, KEY_PERSON_TAG_BYTES + KEY_PERSON_KEY_BYTES) };
}

/** scrypt(UTF-8 of the canonical 18-character ID number, domain ‖ list salt): synchronous (@noble/hashes), as on the tablet. */
export function deriveKeyPerson(listSalt: Uint8Array, idNumber: string, kdf: ScryptParams): DerivedKeyPerson {
  return splitDerived(scrypt(utf8(idNumber), kdfSalt(listSalt), { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: KEY_PERSON_TAG_BYTES + KEY_PERSON_KEY_BYTES }));
}

export interface KeyPersonHit {
  category: KeyPersonCategory;
  note: string;
}

/**
 * A box's plaintext: the category's index in KEY_PERSON_CATEGORIES (one byte; that order is part of format 2), the note
 * in UTF-8, then zero bytes up to a multiple of 16. A note never holds a control character (checkKeyPersonRow), so the
 * padding is unambiguous.
 */
export function keyPersonPlaintext(hit: KeyPersonHit): Uint8Array {
  const note = utf8(hit.note);
  const out = new Uint8Array(Math.ceil((1 + note.length) / KEY_PERSON_PAD) * KEY_PERSON_PAD);
  out[0] = KEY_PERSON_CATEGORIES.indexOf(hit.category);
  out.set(note, 1);
  return out;
}

/** The hit a plaintext holds; undefined for bytes no server wrote. */
export function readKeyPersonPlaintext(bytes: Uint8Array): KeyPersonHit | undefined {
  const category = KEY_PERSON_CATEGORIES[bytes[0] ?? -1];
  if (category === undefined) return undefined;
  let end = bytes.length;
  while (end > 1 && bytes[end - 1] === 0) end--;
  try {
    return { category, note: fromUtf8(bytes.subarray(1, end)) };
  } catch {
    return undefined;
  }
}

/** Opens a box (Base64 of IV ‖ AES-256-GCM ciphertext and tag) with a derived key; undefined when it does not open. */
export async function openKeyPersonBox(key: Uint8Array, box: string): Promise<KeyPersonHit | undefined> {
  const bytes = fromBase64(box);
  if (!bytes || bytes.length < KEY_PERSON_IV_BYTES + 16) return undefined;
  try {
    const aes = await subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
    const plain = await subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, KEY_PERSON_IV_BYTES) }, aes, bytes.subarray(KEY_PERSON_IV_BYTES));
    return readKeyPersonPlaintext(new Uint8Array(plain));
  } catch {
    return undefined;
  }
}

/** A list as the server sends it (leadWire's KeyPersonList has this shape; declared here so the page bundles no schema library). */
export interface SealedKeyPersons {
  format: 2;
  kdf: ScryptParams;
  salt: string;
  persons: ReadonlyArray<{ tag: string; box: string }>;
}

/**
 * A list from before format 2, as a tablet may still hold it until its first pull from this server: a salted SHA-256
 * per ID number, category and note in clear. Only read (the server no longer sends it); remove once no tablet holds one.
 */
export interface LegacyKeyPersons {
  salt: string;
  persons: ReadonlyArray<{ idHash: string; category: KeyPersonCategory; note: string }>;
}

/** Either kind a tablet may hold. */
export type HeldKeyPersons = SealedKeyPersons | LegacyKeyPersons;

export const isLegacyList = (list: HeldKeyPersons): list is LegacyKeyPersons => !('format' in list);

/** The legacy lookup: Base64 of the first 16 bytes of SHA-256(salt ‖ UTF-8 of the ID number). For LegacyKeyPersons only. */
export function legacyKeyPersonHash(salt: Uint8Array, idNumber: string): string {
  const id = utf8(idNumber);
  const data = new Uint8Array(salt.length + id.length);
  data.set(salt, 0);
  data.set(id, salt.length);
  return toBase64(sha256(data).subarray(0, KEY_PERSON_TAG_BYTES));
}

/** A derivation for one list's salt and parameters: an ID number in, its tag and key out. */
export type Derive = (idNumber: string) => DerivedKeyPerson;

/**
 * Derivations memoised by ID number, newest kept, at most `limit`: a person seen again in the session (the way out, a
 * health code after the resident code) costs no second scrypt. In memory only; the caller drops it when the salt or
 * the parameters change, and may drop it sooner (gate/keyPersons.ts: every hour).
 */
export function memoisedDerive(listSalt: Uint8Array, kdf: ScryptParams, limit: number): Derive {
  const seen = new Map<string, DerivedKeyPerson>();
  return (idNumber) => {
    const known = seen.get(idNumber);
    if (known) {
      seen.delete(idNumber);
      seen.set(idNumber, known);
      return known;
    }
    const derived = deriveKeyPerson(listSalt, idNumber, kdf);
    seen.set(idNumber, derived);
    if (seen.size > limit) seen.delete(seen.keys().next().value as string);
    return derived;
  };
}

/** A lookup over a held list: build it once per list, then ask it for each scan. */
export interface KeyPersonIndex {
  readonly size: number;
  /** The listed person with this (canonical, 18-character) ID number, if any. */
  find(idNumber: string): Promise<KeyPersonHit | undefined>;
}

/** The index of a list; `derive` (for a format-2 list) defaults to a plain derivation with the list's salt and parameters. */
export function keyPersonIndex(list: HeldKeyPersons, derive?: Derive): KeyPersonIndex {
  const salt = fromBase64(list.salt) ?? new Uint8Array(0);
  if (isLegacyList(list)) {
    const byHash = new Map<string, KeyPersonHit>(list.persons.map((p) => [p.idHash, { category: p.category, note: p.note }]));
    return {
      size: byHash.size,
      find: async (idNumber) => (byHash.size === 0 ? undefined : byHash.get(legacyKeyPersonHash(salt, idNumber))),
    };
  }
  const boxes = new Map(list.persons.map((p) => [p.tag, p.box]));
  const derived = derive ?? ((idNumber: string) => deriveKeyPerson(salt, idNumber, list.kdf));
  return {
    size: boxes.size,
    async find(idNumber) {
      // An empty list needs no derivation: nobody can be on it.
      if (boxes.size === 0) return undefined;
      const { tag, key } = derived(idNumber);
      const box = boxes.get(tag);
      return box === undefined ? undefined : openKeyPersonBox(key, box);
    },
  };
}
