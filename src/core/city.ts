/** The city above the gates: area levels, place kinds, official codes, and what a name may be; pure rules the server and the console share. */
import { err, ok, type Result } from './result.ts';

/** The five levels of the seeds' grid (市 › 区/县 › 街道/乡镇 › 社区/村 › 网格), top first; a tree may go deeper with levels of its own name. */
export const AREA_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
export type DefaultLevel = (typeof AREA_LEVELS)[number];

export const LEVEL_NAMES: Readonly<Record<DefaultLevel, { zh: string; en: string }>> = {
  city: { zh: '市', en: 'city' },
  district: { zh: '区县', en: 'district' },
  street: { zh: '街道乡镇', en: 'street' },
  community: { zh: '社区村', en: 'community' },
  grid: { zh: '网格', en: 'grid' },
};

/** A level's words: one of the five by its name, any other level (a tree's own, like 片区) as it was written. */
export const levelName = (level: string, language: 'zh' | 'en'): string =>
  (AREA_LEVELS as readonly string[]).includes(level) ? LEVEL_NAMES[level as DefaultLevel][language] : level;

/** What a place is; the kind decides nothing yet, it tells the console and the tracer what kind of gate it is. */
export const PLACE_KINDS = ['compound', 'village', 'scenic', 'market', 'road', 'other'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const PLACE_KIND_NAMES: Readonly<Record<PlaceKind, { zh: string; en: string }>> = {
  compound: { zh: '小区', en: 'compound' },
  village: { zh: '村庄', en: 'village' },
  scenic: { zh: '景区', en: 'scenic area' },
  market: { zh: '市场', en: 'market' },
  road: { zh: '道路卡口', en: 'road checkpoint' },
  other: { zh: '其他', en: 'other' },
};

/** A kind as a spreadsheet may write it: its key, its Chinese or English name (case and spaces aside); undefined for none of them. */
export function readPlaceKind(text: string): PlaceKind | undefined {
  const t = text.trim().toLowerCase();
  return PLACE_KINDS.find((k) => k === t || PLACE_KIND_NAMES[k].zh === t || PLACE_KIND_NAMES[k].en === t);
}

export type CityTextError = 'city-name-empty' | 'city-name-long' | 'city-name-chars' | 'city-code-invalid' | 'city-capacity-invalid';

/** Longer than any Chinese place name; short enough for a printed sheet's heading. */
export const MAX_NAME_LENGTH = 64;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A name of an area, a place or a checkpoint: trimmed, 1–64 characters, no control characters. */
export function checkName(text: string): Result<string, CityTextError> {
  const name = text.trim();
  if (name === '') return err('city-name-empty');
  if ([...name].length > MAX_NAME_LENGTH) return err('city-name-long');
  if (CONTROL.test(name)) return err('city-name-chars');
  return ok(name);
}

/**
 * An official code (GB/T 2260's six digits, the 12-digit statistical code) or a grid's own: letters, digits, `-` and
 * `_`, at most 32; empty means none. Checked for shape only: the code lists change every year.
 */
export function checkCode(text: string): Result<string | null, CityTextError> {
  const code = text.trim();
  if (code === '') return ok(null);
  return /^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$/.test(code) ? ok(code) : err('city-code-invalid');
}

/** A place's capacity: empty for none, else a whole number of people from 1 to 1,000,000. */
export function checkCapacity(text: string): Result<number | null, CityTextError> {
  const t = text.trim();
  if (t === '') return ok(null);
  if (!/^\d{1,7}$/.test(t) || Number(t) < 1 || Number(t) > 1_000_000) return err('city-capacity-invalid');
  return ok(Number(t));
}

/** Ids the server makes: lower-case letters and digits after a prefix, so no id reads as a spreadsheet formula. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
