/** Key persons (重点人员): categories by name and the row checks of an import; the list as tablets hold it is keyPersonLookup.ts. */
import { say, type Language } from './catalogue.ts';
import { parseIdNumber } from './idNumber.ts';
import { err, ok, type Result } from './result.ts';
import { malformedTextAt } from './text.ts';

/**
 * The five key-person categories (重点人员) of the Sanmenxia report; here, not beside the schema, so the page bundles no
 * schema library. A box holds a category by its index here (keyPersonLookup.ts): add at the end, never reorder.
 */
export const KEY_PERSON_CATEGORIES = ['outside-city', 'from-hubei', 'from-wuhan', 'close-contact', 'fever-no-contact'] as const;
export type KeyPersonCategory = (typeof KEY_PERSON_CATEGORIES)[number];

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
  // Counted in code points: a Chinese note of 100 characters is 100, not 100 UTF-16 units. A non-character is refused
  // as the server refuses one in any JSON text: a file upload is not JSON, so it is checked here.
  // eslint-disable-next-line no-control-regex
  if ([...note].length > KEY_PERSON_NOTE_MAX || /[\u0000-\u001f\u007f]/.test(note) || malformedTextAt(note) !== -1) return err('key-person-note');
  return ok({ personId: id.value.id, category, note });
}
