/** The colour from the comparison (对比): the check-in rules' colour and the key-person lists' by the operator's table, the worse winning, with the reasons. */
import type { RuleState } from './colourRules.ts';
import { COLOURS, type Colour } from './entry.ts';
import { KEY_PERSON_CATEGORIES, type KeyPersonCategory } from './keyPersons.ts';

/** What being on the list in a category does to the colour: `colour` for `days` days from when the person was put on it. */
export interface ColourRule {
  colour: Colour;
  days: number;
}

export type ColourRuleTable = Readonly<Record<KeyPersonCategory, ColourRule>>;

/** A rule's days: from one day up to a year (a listing longer than that is the list's business, by a new import). */
export const COLOUR_RULE_MAX_DAYS = 365;

/**
 * The table until the operator changes it (`kadian colour-rules set`). 14 days is the isolation or observation the seed
 * reports give every category; close contacts and persons from Wuhan or Hubei are isolated (red, as the check-in rules
 * make isolation red), returnees from outside the city and fever without contact are watched (yellow). Green for a
 * category means the list does not colour it.
 */
export const DEFAULT_COLOUR_RULES: ColourRuleTable = {
  'outside-city': { colour: 'yellow', days: 14 },
  'from-hubei': { colour: 'red', days: 14 },
  'from-wuhan': { colour: 'red', days: 14 },
  'close-contact': { colour: 'red', days: 14 },
  'fever-no-contact': { colour: 'yellow', days: 14 },
};

/** The operator's rows over the defaults: a category without a row keeps its default. */
export function colourRuleTable(rows: Iterable<{ category: KeyPersonCategory; rule: ColourRule }>): ColourRuleTable {
  const table: Record<KeyPersonCategory, ColourRule> = { ...DEFAULT_COLOUR_RULES };
  for (const { category, rule } of rows) table[category] = rule;
  return table;
}

/** Green < blue < yellow < red, in COLOURS' order. */
export const colourRank = (colour: Colour): number => COLOURS.indexOf(colour);

/** The worse of two colours. */
export const worseColour = (a: Colour, b: Colour): Colour => (colourRank(b) > colourRank(a) ? b : a);

/** Whether `colour` is worse than `than`. */
export const isWorse = (colour: Colour, than: Colour): boolean => colourRank(colour) > colourRank(than);

/** A person on some checkpoint's key-person list: the category, and since when (ISO 8601, the earliest over the lists that hold them so). */
export interface Listing {
  category: KeyPersonCategory;
  since: string;
}

/** A listing that colours the person now: its colour by the table, and until when (ISO 8601). */
export interface ActiveListing extends Listing {
  colour: Colour;
  until: string;
}

const DAY_MS = 86_400_000;

/** The listings whose rule is in force at `now` and colours more than green, worst first (then by category order). */
export function activeListings(listings: readonly Listing[], table: ColourRuleTable, now: Date): ActiveListing[] {
  const active: ActiveListing[] = [];
  for (const listing of listings) {
    const rule = table[listing.category];
    const since = Date.parse(listing.since);
    if (!Number.isFinite(since) || rule.colour === 'green') continue;
    const until = since + rule.days * DAY_MS;
    if (now.getTime() < until) active.push({ ...listing, colour: rule.colour, until: new Date(until).toISOString() });
  }
  return active.sort((a, b) => colourRank(b.colour) - colourRank(a.colour)
    || KEY_PERSON_CATEGORIES.indexOf(a.category) - KEY_PERSON_CATEGORIES.indexOf(b.category));
}

/** The worst colour the lists give at `now`; null when none colours the person. */
export function listColour(listings: readonly Listing[], table: ColourRuleTable, now: Date): Colour | null {
  return activeListings(listings, table, now)[0]?.colour ?? null;
}

/** A colour and why: `reasons` are catalogue keys (`state-red-2`, `kp-close-contact`), what decides the colour first. */
export interface ColourWithReasons {
  /** Null only for a person who never checked in and is on no list that colours them: no code yet. */
  colour: Colour | null;
  /** Where the check-in rules stand (colourRules.ts). */
  state: RuleState;
  reasons: string[];
  /** The listings in force, worst first, with their colour and end. */
  listings: ActiveListing[];
}

/**
 * The check-in rules' colour combined with the lists', the worse winning. The reasons name the rules' state (unless the
 * person never checked in) and each category in force; whichever gives the colour comes first, the rules on a tie, as
 * what the resident can change by checking in is what they read first.
 */
export function colourFromLists(
  rules: { colour: Colour | null; state: RuleState }, listings: readonly Listing[], table: ColourRuleTable, now: Date,
): ColourWithReasons {
  const active = activeListings(listings, table, now);
  const fromLists = active[0]?.colour ?? null;
  const colour = rules.colour === null ? fromLists : fromLists === null ? rules.colour : worseColour(rules.colour, fromLists);
  const stateReason = rules.colour === null ? [] : [`state-${rules.state}`];
  const listReasons = active.map((l) => `kp-${l.category}`);
  const listsFirst = rules.colour === null || (fromLists !== null && isWorse(fromLists, rules.colour));
  return { colour, state: rules.state, reasons: listsFirst ? [...listReasons, ...stateReason] : [...stateReason, ...listReasons], listings: active };
}
