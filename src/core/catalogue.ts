/** Kadian's one message catalogue: every word a person reads, Chinese and English side by side, for the page, the workers and the server. */
import { ARRIVAL_WORDS } from './catalogue/arrival.ts';
import { CITY_WORDS } from './catalogue/city.ts';
import { COLOUR_WORDS } from './catalogue/colours.ts';
import { CONSOLE_WORDS } from './catalogue/console.ts';
import { EXPORT_WORDS } from './catalogue/exportWords.ts';
import { GATE_WORDS } from './catalogue/gate.ts';
import { LEAD_WORDS } from './catalogue/lead.ts';
import { PLACE_WORDS } from './catalogue/place.ts';
import { POLICY_WORDS } from './catalogue/policy.ts';
import { REASONS } from './catalogue/reasons.ts';
import { RESIDENT_WORDS } from './catalogue/resident.ts';
import { SERVER_ERRORS } from './catalogue/serverErrors.ts';
import { SHARED_WORDS } from './catalogue/shared.ts';
import { TRACE_WORDS } from './catalogue/trace.ts';
import type { Language, Section, Words } from './catalogue/words.ts';

export type { Language, Words };

/** The sections, by name; the unit test walks them for duplicates and empty words. */
export const SECTIONS = {
  reasons: REASONS,
  serverErrors: SERVER_ERRORS,
  shared: SHARED_WORDS,
  gate: GATE_WORDS,
  lead: LEAD_WORDS,
  resident: RESIDENT_WORDS,
  policy: POLICY_WORDS,
  export: EXPORT_WORDS,
  city: CITY_WORDS,
  console: CONSOLE_WORDS,
  trace: TRACE_WORDS,
  colours: COLOUR_WORDS,
  place: PLACE_WORDS,
  arrival: ARRIVAL_WORDS,
} as const;

type Sections = typeof SECTIONS;
type SectionName = keyof Sections;

/** Keys of section `S` that another section also has: merged, one would silently hide the other. */
type SharedKeys<S extends SectionName> = keyof Sections[S] & { [O in Exclude<SectionName, S>]: keyof Sections[O] }[Exclude<SectionName, S>];
/** Keys whose Chinese or English is empty (the sections are `as const`, so the words are literal types). */
type EmptyKeys<S extends SectionName> = { [K in keyof Sections[S]]: Sections[S][K] extends { zh: '' } | { en: '' } ? K : never }[keyof Sections[S]];
type Problems = { [S in SectionName]: SharedKeys<S> | EmptyKeys<S> }[SectionName];

/**
 * A key in two sections, or an empty word, is a compile error here that names the key (the unit test checks the same
 * at run time, and catches what a widened type would hide).
 */
const wellFormed: [Problems] extends [never] ? true : { duplicateOrEmptyKeys: Problems } = true;
void wellFormed;

export const CATALOGUE = {
  ...REASONS,
  ...SERVER_ERRORS,
  ...SHARED_WORDS,
  ...GATE_WORDS,
  ...LEAD_WORDS,
  ...RESIDENT_WORDS,
  ...POLICY_WORDS,
  ...EXPORT_WORDS,
  ...CITY_WORDS,
  ...CONSOLE_WORDS,
  ...TRACE_WORDS,
  ...COLOUR_WORDS,
  ...PLACE_WORDS,
  ...ARRIVAL_WORDS,
} as const satisfies Section;

export type CatalogueKey = keyof typeof CATALOGUE;

/** Whether this build has words for a key (own keys only: `toString` is not a message). */
export function isCatalogueKey(key: string): key is CatalogueKey {
  return Object.hasOwn(CATALOGUE, key);
}

/** The words for a key in a language. */
export function say(key: CatalogueKey, language: Language): string {
  return CATALOGUE[key][language];
}

/**
 * The words for a key that comes from outside this build's types: a reason stored in an entry, a server's `error`
 * name. A key this build does not know (from a newer server, say) is shown as itself rather than hidden.
 */
export function sayAny(key: string, language: Language): string {
  return isCatalogueKey(key) ? say(key, language) : key;
}
