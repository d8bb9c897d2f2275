/** The colour from the comparison (core/colourFromLists.ts): check-in rules and key-person lists, the worse winning, with the reasons. */
import { describe, expect, it } from 'vitest';
import { activeListings, colourFromLists, colourRuleTable, DEFAULT_COLOUR_RULES, isWorse, listColour, worseColour } from '../../src/core/colourFromLists.ts';
import { isCatalogueKey } from '../../src/core/catalogue.ts';
import { RULE_STATES } from '../../src/core/colourRules.ts';
import { KEY_PERSON_CATEGORIES } from '../../src/core/keyPersons.ts';

const NOW = new Date('2026-11-30T08:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

describe('colours from the lists', () => {
  it('ranks colours: red is worse than yellow, yellow than green', () => {
    expect(worseColour('green', 'red')).toBe('red');
    expect(worseColour('yellow', 'green')).toBe('yellow');
    expect(isWorse('red', 'yellow')).toBe(true);
    expect(isWorse('green', 'green')).toBe(false);
    // A city's fourth colour sits between green and yellow: worse than green, better than yellow.
    expect(worseColour('green', 'blue')).toBe('blue');
    expect(worseColour('blue', 'yellow')).toBe('yellow');
  });

  it('has a default rule for every category, and the operator\'s rows override only their own', () => {
    expect(Object.keys(DEFAULT_COLOUR_RULES).sort()).toEqual([...KEY_PERSON_CATEGORIES].sort());
    expect(DEFAULT_COLOUR_RULES['close-contact']).toEqual({ colour: 'red', days: 14 });
    expect(DEFAULT_COLOUR_RULES['outside-city']).toEqual({ colour: 'yellow', days: 14 });
    const table = colourRuleTable([{ category: 'outside-city', rule: { colour: 'red', days: 7 } }]);
    expect(table['outside-city']).toEqual({ colour: 'red', days: 7 });
    expect(table['close-contact']).toEqual(DEFAULT_COLOUR_RULES['close-contact']);
  });

  it('a close contact listed a day ago is red, with the category first in the reasons', () => {
    const c = colourFromLists({ colour: 'green', state: 'green' }, [{ category: 'close-contact', since: daysAgo(1) }], DEFAULT_COLOUR_RULES, NOW);
    expect(c).toMatchObject({ colour: 'red', state: 'green', reasons: ['kp-close-contact', 'state-green'] });
    expect(c.listings).toEqual([{ category: 'close-contact', since: daysAgo(1), colour: 'red', until: new Date(Date.parse(daysAgo(1)) + 14 * 86_400_000).toISOString() }]);
  });

  it('counts the days from being put on the list: after them the category no longer colours', () => {
    const listings = [{ category: 'close-contact' as const, since: daysAgo(14) }];
    expect(colourFromLists({ colour: 'green', state: 'green' }, listings, DEFAULT_COLOUR_RULES, NOW)).toMatchObject({ colour: 'green', reasons: ['state-green'] });
    const justInside = [{ category: 'close-contact' as const, since: new Date(NOW.getTime() - 14 * 86_400_000 + 1).toISOString() }];
    expect(listColour(justInside, DEFAULT_COLOUR_RULES, NOW)).toBe('red');
  });

  it('the worse wins: a red check-in state stays red beside a yellow listing, the state first', () => {
    const c = colourFromLists({ colour: 'red', state: 'red-2' }, [{ category: 'outside-city', since: daysAgo(3) }], DEFAULT_COLOUR_RULES, NOW);
    expect(c).toMatchObject({ colour: 'red', reasons: ['state-red-2', 'kp-outside-city'] });
  });

  it('several categories: worst first; a category set to green does not colour', () => {
    const table = colourRuleTable([{ category: 'fever-no-contact', rule: { colour: 'green', days: 14 } }]);
    const listings = [
      { category: 'outside-city' as const, since: daysAgo(2) }, { category: 'from-wuhan' as const, since: daysAgo(2) }, { category: 'fever-no-contact' as const, since: daysAgo(1) },
    ];
    expect(activeListings(listings, table, NOW).map((l) => l.category)).toEqual(['from-wuhan', 'outside-city']);
    expect(colourFromLists({ colour: 'yellow', state: 'yellow' }, listings, table, NOW).reasons).toEqual(['kp-from-wuhan', 'kp-outside-city', 'state-yellow']);
  });

  it('a person who never checked in is coloured by the lists alone, or has no colour', () => {
    expect(colourFromLists({ colour: null, state: 'none' }, [{ category: 'close-contact', since: daysAgo(1) }], DEFAULT_COLOUR_RULES, NOW))
      .toMatchObject({ colour: 'red', reasons: ['kp-close-contact'] });
    expect(colourFromLists({ colour: null, state: 'none' }, [], DEFAULT_COLOUR_RULES, NOW)).toMatchObject({ colour: null, reasons: [] });
  });

  it('every reason it can give has words in the catalogue', () => {
    for (const state of RULE_STATES.filter((s) => s !== 'none')) expect(isCatalogueKey(`state-${state}`), state).toBe(true);
    for (const category of KEY_PERSON_CATEGORIES) expect(isCatalogueKey(`kp-${category}`), category).toBe(true);
  });
});
