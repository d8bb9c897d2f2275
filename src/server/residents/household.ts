/** A phone's household as the phone sees it (GET /residents/me, and the answer to a registration): each person's colour today, trips and requests. */
import { calendarDay } from '../../core/calendar.ts';
import { parseIdNumber } from '../../core/idNumber.ts';
import type { HelpRequestState, Household, HouseholdPerson } from '../../core/residentWire.ts';
import { colourToday, type IssuerContext } from '../issuer/healthCodes.ts';
import type { AreaRecord } from '../storage/cityTypes.ts';
import type { BoundPerson, StoredRequest } from '../storage/residentTypes.ts';
import type { Storage } from '../storage/storage.ts';

/** Requests done longer ago than this drop off the phone's list (open ones stay until done). */
const DONE_SHOWN_DAYS = 30;

/** Each area once, however many persons name it; null for none or one since removed. */
export function areaLookup(storage: Storage): (id: string | null) => Promise<AreaRecord | null> {
  const seen = new Map<string, Promise<AreaRecord | null>>();
  return (id) => {
    if (id === null) return Promise.resolve(null);
    let found = seen.get(id);
    if (!found) seen.set(id, (found = storage.getArea(id)));
    return found;
  };
}

export const requestWire = (r: StoredRequest): HelpRequestState => ({
  requestId: r.requestId, personId: r.personId, kind: r.kind, text: r.text, status: r.status, createdAt: r.createdAt, doneAt: r.doneAt, note: r.note,
});

async function personWire(issuer: IssuerContext, p: BoundPerson, area: AreaRecord | null, now: Date): Promise<HouseholdPerson> {
  const today = calendarDay(now, issuer.settings.timeZone);
  const rules = await colourToday(issuer, { id: p.personId, name: p.name }, now);
  const history = await issuer.storage.listCheckIns(p.personId);
  const parsed = parseIdNumber(p.personId);
  return {
    id: p.personId, name: p.name, relation: p.relation,
    // Stored only after parseIdNumber accepted it, so the birth date is there.
    birthDate: parsed.ok ? parsed.value.birthDate : '',
    areaId: p.areaId, areaNames: area?.names ?? [],
    colour: rules.ok ? rules.value.colour : null, state: rules.ok ? rules.value.state : null, reasons: rules.ok ? rules.value.reasons : [],
    lastCheckIn: history.filter((c) => c.day <= today).at(-1)?.day ?? null,
  };
}

/** The household of `phoneId`: the owner first; requests newest first. */
export async function householdOf(issuer: IssuerContext, phoneId: string, now: Date): Promise<Household> {
  const { storage } = issuer;
  const persons = await storage.householdOf(phoneId);
  const area = areaLookup(storage);
  const ids = persons.map((p) => p.personId);
  const shownSince = new Date(now.getTime() - DONE_SHOWN_DAYS * 86_400_000).toISOString();
  const [wires, trips, requests] = await Promise.all([
    Promise.all(persons.map(async (p) => personWire(issuer, p, await area(p.areaId), now))),
    storage.tripsOf(ids),
    storage.requestsOf(ids, shownSince),
  ]);
  return {
    persons: wires,
    trips: persons.map((p) => ({ personId: p.personId, trips: trips.get(p.personId) ?? [] })),
    requests: requests.map(requestWire),
  };
}
