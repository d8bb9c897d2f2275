/** A resident's colour from the comparison (对比): the check-in rules and every key-person list that holds them, by the operator's table; the worse wins, with the reasons. */
import { calendarDay } from '../../core/calendar.ts';
import { colourFromLists, colourRuleTable, type ColourRuleTable, type ColourWithReasons } from '../../core/colourFromLists.ts';
import { colourOn, type ColourOnDay } from '../../core/colourRules.ts';
import type { HealthCodeSettings } from '../settings.ts';
import type { Storage } from '../storage/storage.ts';

/** What the colour needs: the check-ins and lists, and the zone whose days the check-ins count in. */
export interface ColourContext {
  storage: Storage;
  settings: Pick<HealthCodeSettings, 'timeZone'>;
}

/** The operator's table in force: their rows over the defaults. */
export async function colourRulesInForce(storage: Storage): Promise<ColourRuleTable> {
  return colourRuleTable(await storage.colourRules());
}

/** The check-in rules' colour today combined with the lists' (`rules` as colourOn gave it). */
export async function withLists(storage: Storage, personId: string, rules: ColourOnDay, now: Date): Promise<ColourWithReasons> {
  const [listings, table] = await Promise.all([storage.listingsOf(personId), colourRulesInForce(storage)]);
  return colourFromLists(rules, listings, table, now);
}

/**
 * A person's colour now, where the check-in rules stand and why (catalogue keys, what decides the colour first): for
 * whatever shows a person their colour (the health code, the resident's own page). Checks no name or credential: the
 * caller has established who asks. `colour` is null for a person who never checked in and whom no list colours.
 */
export async function colourWithReasons({ storage, settings }: ColourContext, personId: string, now: Date): Promise<ColourWithReasons> {
  const history = await storage.listCheckIns(personId);
  // After the check-ins (storage/residents.ts says why).
  const carried = await storage.checkInsCarried(personId);
  return withLists(storage, personId, colourOn(history, calendarDay(now, settings.timeZone), carried), now);
}

/**
 * The colours of many persons at once (the console's list of a community): the same rules as colourWithReasons, from
 * facts read together (storage colourFactsOf) and the table read once. Null for a person who never checked in, as the
 * health code has none to give them.
 */
export async function coloursOf({ storage, settings }: ColourContext, personIds: readonly string[], now: Date): Promise<Map<string, ColourWithReasons | null>> {
  const [facts, table] = await Promise.all([storage.colourFactsOf(personIds), colourRulesInForce(storage)]);
  const today = calendarDay(now, settings.timeZone);
  return new Map([...facts].map(([personId, { history, carried, listings }]) => [
    personId, history.length === 0 && carried === null ? null : colourFromLists(colourOn(history, today, carried), listings, table, now),
  ]));
}
