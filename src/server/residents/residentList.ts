/** What a community sees of its registered residents (issue #18), for the console's 居民 page and `kadian residents list`: flags first, ID numbers masked. */
import { addDays, calendarDay, daysBetween } from '../../core/calendar.ts';
import { FEVER_CELSIUS } from '../../core/colourRules.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import type { ConsoleRequest, ResidentList, ResidentRow } from '../../core/residentWire.ts';
import { coloursOf } from '../issuer/colours.ts';
import type { IssuerContext } from '../issuer/healthCodes.ts';
import { householdId } from './credential.ts';
import { areaLookup, requestWire } from './household.ts';

/** The window of "recent": a fever or a trip in the last 14 days (today included), as the key-person rules count. */
export const RECENT_DAYS = 14;
/** Requests done within this many days stay on the list beside the open ones, so a lead sees what was just closed. */
export const DONE_LISTED_DAYS = 7;
/** Flagged: someone to call on (a fever, isolation, a full day without a check-in, an open request, recent travel). */
export const flagged = (r: ResidentRow): boolean => r.fever || r.isolated || r.missedDays >= 2 || r.openRequests > 0 || r.tripsLast14Days > 0;

/** The persons bound in `areaIds` (null: everyone, an admin's or the operator's), each with their flags, and their requests. */
export async function listResidents(issuer: IssuerContext, areaIds: readonly string[] | null, now: Date): Promise<ResidentList> {
  const { storage } = issuer;
  const today = calendarDay(now, issuer.settings.timeZone);
  const persons = await storage.personsInAreas(areaIds);
  const ids = persons.map((p) => p.personId);
  const area = areaLookup(storage);
  const doneSince = new Date(now.getTime() - DONE_LISTED_DAYS * 86_400_000).toISOString();
  const [facts, colours, requests] = await Promise.all([
    storage.personFacts(ids, addDays(today, -(RECENT_DAYS - 1)), FEVER_CELSIUS),
    coloursOf(issuer, ids, now),
    storage.requestsOf(ids, doneSince),
  ]);
  const names = new Map<string, { name: string; areaNames: string[] }>();
  const rows: ResidentRow[] = [];
  for (const p of persons) {
    const f = facts.get(p.personId);
    const areaNames = (await area(p.areaId))?.names ?? [];
    names.set(p.personId, { name: p.name, areaNames });
    // Before the first check-in, the days since the person registered.
    const since = f?.lastCheckIn ?? calendarDay(new Date(p.boundAt), issuer.settings.timeZone);
    rows.push({
      personId: maskIdNumber(p.personId), name: p.name, areaNames, phoneId: householdId(p.phoneId), relation: p.relation,
      colour: colours.get(p.personId)?.colour ?? null, fever: f?.feverSince ?? false, isolated: f?.lastIsolated ?? false,
      missedDays: Math.max(0, daysBetween(since, today)), openRequests: f?.openRequests ?? 0, tripsLast14Days: f?.trips ?? 0,
    });
  }
  const order = (r: ResidentRow): string => `${flagged(r) ? 0 : 1}\u0000${r.areaNames.join('/')}\u0000${r.phoneId}\u0000${r.name}`;
  rows.sort((a, b) => order(a).localeCompare(order(b)));
  const listed = requests.flatMap((r): ConsoleRequest[] => {
    const who = names.get(r.personId);
    return who ? [{ ...requestWire(r), personId: maskIdNumber(r.personId), ...who }] : [];
  });
  // Open ones first, each group newest first (requestsOf's order).
  return { rows, requests: [...listed.filter((r) => r.status === 'open'), ...listed.filter((r) => r.status === 'done')] };
}
