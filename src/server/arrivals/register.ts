/**
 * Registering an arrival (入市登记, issue #20): the ID number checked and made canonical, the destination a community,
 * the date in range; the operator's table gives the category and its end; stored, audited, and a worse colour revokes
 * the person's codes of before, as a list import does.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DEFAULT_ARRIVAL_RULES, arrivalListing, type ArrivalRule } from '../../core/arrivalRules.ts';
import { ARRIVAL_DAYS_AHEAD, ARRIVAL_DAYS_BACK, type ArrivalReceipt, type ArrivalRequest } from '../../core/arrivalWire.ts';
import { addDays, calendarDay, endOfDay, isCalendarDay, startOfDay } from '../../core/calendar.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import { HEALTH_QUESTIONS } from '../../core/arrivalRules.ts';
import { ApiFailure } from '../http/errors.ts';
import { normaliseName } from '../issuer/healthCodes.ts';
import { canonicalId } from '../residents/credential.ts';
import { requireVerifiedName, type RealNameVerifier } from '../residents/realName.ts';
import { COMMUNITY_LEVELS } from '../residents/register.ts';
import type { StoredArrival } from '../storage/arrivals.ts';
import type { Storage } from '../storage/storage.ts';

/** The operator's table in force: theirs, or the defaults. */
export async function arrivalRulesInForce(storage: Storage): Promise<readonly ArrivalRule[]> {
  return (await storage.arrivalRules()) ?? DEFAULT_ARRIVAL_RULES;
}

export interface ArrivalContext {
  storage: Storage;
  timeZone: string;
  now: Date;
  /** RESIDENT_VERIFIER: an arrival puts a person on the gates' lists, so their name is checked as a registration's is. */
  verifier: RealNameVerifier;
}

/** The receipt of a stored arrival, as the phone keeps it. */
export const receiptOf = (a: StoredArrival, areaNames: readonly string[]): ArrivalReceipt => ({
  arrivalId: a.arrivalId, registeredAt: a.registeredAt, name: a.name, personId: maskIdNumber(a.personId), arrivalDay: a.arrivalDay,
  areaNames: [...areaNames], category: a.category, until: a.untilDay,
});

export async function registerArrival({ storage, timeZone, now, verifier }: ArrivalContext, request: FastifyRequest, body: ArrivalRequest): Promise<ArrivalReceipt> {
  const today = calendarDay(now, timeZone);
  const personId = canonicalId(body.id, today);
  const name = normaliseName(body.name);
  const fromCity = body.fromCity.trim();
  const address = body.address.trim();
  if (name === '' || fromCity === '' || address === '') throw new ApiFailure(400, 'request-invalid', `body/${name === '' ? 'name' : fromCity === '' ? 'fromCity' : 'address'} must not be blank`);
  const day = body.arrivalDay;
  if (!isCalendarDay(day) || day < addDays(today, -ARRIVAL_DAYS_BACK) || day > addDays(today, ARRIVAL_DAYS_AHEAD)) throw new ApiFailure(400, 'arrival-date', 'body/arrivalDay');
  const area = await storage.getArea(body.areaId);
  if (!area || !COMMUNITY_LEVELS.includes(area.level)) throw new ApiFailure(400, 'community-unknown', 'body/areaId');
  await requireVerifiedName(verifier, { id: personId, name, phone: body.phone.trim() });

  // The destination's own city is the top of its tree: an arrival from there is no arrival from outside.
  const listing = arrivalListing(await arrivalRulesInForce(storage), { province: body.fromProvince, city: fromCity, day, homeCity: area.names[0] ?? '' });
  // A listing already over by today (an arrival registered late) puts no one on a list.
  const listed = listing !== null && listing.lastDay >= today ? listing : null;
  const at = now.toISOString();
  const { arrival, created, checkpointIds } = await storage.addArrival({
    arrivalId: `ar-${randomBytes(8).toString('hex')}`, personId, name, phone: body.phone.trim(), fromProvince: body.fromProvince, fromCity,
    arrivalDay: day, means: body.means, meansDetail: body.meansDetail?.trim() ?? '', areaId: area.id, address,
    healthYes: HEALTH_QUESTIONS.filter((q) => body.health[q]),
    category: listed?.category ?? null, untilDay: listed?.lastDay ?? null,
    since: listed ? startOfDay(day, timeZone).toISOString() : null, endsAt: listed ? endOfDay(listed.lastDay, timeZone).toISOString() : null,
    registeredAt: at, expiredAt: null, withdrawal: null,
  });
  if (created) {
    await storage.appendAudit({
      at, actor: 'arrival', actorName: '', action: 'arrival.register', areaPath: area.path, target: maskIdNumber(personId), origin: request.ip,
      detail: { arrivalId: arrival.arrivalId, from: `${arrival.fromProvince} ${arrival.fromCity}`, arrivalDay: day, category: arrival.category, until: arrival.untilDay, checkpoints: checkpointIds.length },
    });
  }
  return receiptOf(arrival, area.names);
}
