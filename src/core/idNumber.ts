/** Resident ID numbers (居民身份证号码) by GB 11643-1999: check character, birth date, 15→18 conversion. */
import { err, ok, type Result } from './result.ts';

/** Why a typed or decoded ID number is not a valid one; each has its words in core/catalogue.ts. */
export type IdError = 'id-empty' | 'id-length' | 'id-chars' | 'id-region' | 'id-date' | 'id-check';

export interface IdNumber {
  /** The 18-character number, upper-case X. */
  id: string;
  /** Birth date as YYYY-MM-DD. */
  birthDate: string;
  sex: 'male' | 'female';
  /** True when the input was the old 15-digit form and was converted. */
  converted: boolean;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/**
 * Parses an ID number as a volunteer types it or a code carries it.
 * `today` (YYYY-MM-DD) bounds the birth date; it defaults to no upper bound so core stays clock-free.
 */
export function parseIdNumber(input: string, today?: string): Result<IdNumber, IdError> {
  const raw = input.trim().replace(/\s+/g, '').toUpperCase();
  if (raw.length === 0) return err('id-empty');
  if (raw.length !== 18 && raw.length !== 15) return err('id-length');
  const converted = raw.length === 15;
  if (converted ? !/^\d{15}$/.test(raw) : !/^\d{17}[\dX]$/.test(raw)) return err('id-chars');
  // Region codes begin 1–6 (provinces), 7 (Taiwan), 8 (Hong Kong, Macao), 9 (foreign permanent residents).
  if (raw[0] === '0') return err('id-region');

  const first17 = converted ? `${raw.slice(0, 6)}19${raw.slice(6, 15)}` : raw.slice(0, 17);
  const year = Number(first17.slice(6, 10));
  const month = Number(first17.slice(10, 12));
  const day = Number(first17.slice(12, 14));
  const birthDate = `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`;
  if (year < 1850 || !isRealDate(year, month, day) || (today !== undefined && birthDate > today)) {
    return err('id-date');
  }

  const check = checkCharacter(first17);
  if (!converted && raw[17] !== check) return err('id-check');
  const sequence = Number(first17[16]);
  return ok({ id: first17 + check, birthDate, sex: sequence % 2 === 1 ? 'male' : 'female', converted });
}

/**
 * The birth date (YYYY-MM-DD) a valid ID number holds, as the gate shows it beside the masked number: two people of one
 * region with the same last four characters (twins' masked numbers read alike) differ in it. Undefined for anything else.
 */
export function birthDateOf(id: string): string | undefined {
  const parsed = parseIdNumber(id);
  return parsed.ok ? parsed.value.birthDate : undefined;
}

/** Hides birth date and most of the sequence, as a gate screen shows it: 110101********123X. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
