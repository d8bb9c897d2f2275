/** Key persons (重点人员): categories by name, the salted ID hash the server sends and the tablet looks up, and row checks for imports. */
import { fromBase64, toBase64 } from './base64.ts';
import { say, type Language } from './catalogue.ts';
import { parseIdNumber } from './idNumber.ts';
import { err, ok, type Result } from './result.ts';
import { sha256 } from './sha256.ts';
import { utf8 } from './text.ts';

/** The five key-person categories (重点人员) of the Sanmenxia report; here, not beside the schema, so the page bundles no schema library. */
export const KEY_PERSON_CATEGORIES = ['outside-city', 'from-hubei', 'from-wuhan', 'close-contact', 'fever-no-contact'] as const;
export type KeyPersonCategory = (typeof KEY_PERSON_CATEGORIES)[number];

/** Bytes of SHA-256 kept: 128 bits cannot collide among a few hundred thousand people, and halve the list's size. */
export const KEY_PERSON_HASH_BYTES = 16;
export const KEY_PERSON_SALT_BYTES = 16;
export const KEY_PERSON_NOTE_MAX = 100;

/** A category's name in a language: 市外返回人员 / Returned from outside the city; the Chinese is also what an import file may say. */
export function keyPersonCategoryName(category: KeyPersonCategory, language: Language): string {
  return say(`kp-${category}`, language);
}

/** A category from its English key (`close-contact`) or its Chinese name (密切接触者); undefined otherwise. */
export function parseKeyPersonCategory(text: string): KeyPersonCategory | undefined {
  const wanted = text.trim();
  return KEY_PERSON_CATEGORIES.find((c) => c === wanted.toLowerCase() || keyPersonCategoryName(c, 'zh') === wanted);
}


/**
 * Base64 of the first 16 bytes of SHA-256(salt bytes ‖ UTF-8 of the 18-character ID number). The server hashes the list
 * with the checkpoint's salt; the tablet hashes each scanned ID number the same way and looks it up.
 */
export async function keyPersonHash(salt: Uint8Array, idNumber: string): Promise<string> {
  const id = utf8(idNumber);
  const data = new Uint8Array(salt.length + id.length);
  data.set(salt, 0);
  data.set(id, salt.length);
  return toBase64((await sha256(data)).subarray(0, KEY_PERSON_HASH_BYTES));
}

export interface KeyPersonHit {
  category: KeyPersonCategory;
  note: string;
}

/** A lookup over a synced list: build it once per config, then ask it for each scan. */
export interface KeyPersonIndex {
  readonly size: number;
  /** The listed person with this (canonical, 18-character) ID number, if any. */
  find(idNumber: string): Promise<KeyPersonHit | undefined>;
}

/**
 * What the lookup reads of a synced list: leadWire's KeyPersonList has this shape. Declared here, not imported, because
 * leadWire builds its schema from KEY_PERSON_CATEGORIES above: the wire depends on the domain, never the other way.
 */
export interface HashedKeyPersons {
  salt: string;
  persons: ReadonlyArray<{ idHash: string; category: KeyPersonCategory; note: string }>;
}

export function keyPersonIndex(list: HashedKeyPersons): KeyPersonIndex {
  const salt = fromBase64(list.salt) ?? new Uint8Array(0);
  const byHash = new Map<string, KeyPersonHit>(list.persons.map((p) => [p.idHash, { category: p.category, note: p.note }]));
  return {
    size: byHash.size,
    async find(idNumber) {
      return byHash.size === 0 ? undefined : byHash.get(await keyPersonHash(salt, idNumber));
    },
  };
}

/** A row of an import file, as read (the CSV columns id_number, category, note). */
export interface KeyPersonRow {
  idNumber: string;
  category: string;
  note: string;
}

/** A row that passed: the canonical 18-character ID number (15-digit ones converted). */
export interface KeyPerson {
  personId: string;
  category: KeyPersonCategory;
  note: string;
}

export type KeyPersonRowError =
  | 'id-empty' | 'id-length' | 'id-chars' | 'id-region' | 'id-date' | 'id-check'
  | 'key-person-category' | 'key-person-note';

/** Checks one row: the ID number's check character and date, a known category, a note of at most 100 characters. */
export function checkKeyPersonRow(row: KeyPersonRow): Result<KeyPerson, KeyPersonRowError> {
  const id = parseIdNumber(row.idNumber);
  if (!id.ok) return id;
  const category = parseKeyPersonCategory(row.category);
  if (category === undefined) return err('key-person-category');
  const note = row.note.trim();
  // Counted in code points: a Chinese note of 100 characters is 100, not 100 UTF-16 units.
  // eslint-disable-next-line no-control-regex
  if ([...note].length > KEY_PERSON_NOTE_MAX || /[\u0000-\u001f\u007f]/.test(note)) return err('key-person-note');
  return ok({ personId: id.value.id, category, note });
}
