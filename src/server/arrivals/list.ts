/** Arrivals as the console and `kadian arrivals list` show them: newest first, the ID number masked, each with its community's names, whether it is still listed, and its withdrawal. */
import { MAX_ARRIVALS_LISTED, type ArrivalList, type ConsoleArrival } from '../../core/arrivalWire.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import type { StoredArrival } from '../storage/arrivals.ts';
import type { Storage } from '../storage/storage.ts';

export function consoleArrival(a: StoredArrival, areaNames: readonly string[], now: Date): ConsoleArrival {
  return {
    arrivalId: a.arrivalId, registeredAt: a.registeredAt, name: a.name, personId: maskIdNumber(a.personId), phone: a.phone,
    fromProvince: a.fromProvince, fromCity: a.fromCity, arrivalDay: a.arrivalDay, means: a.means, meansDetail: a.meansDetail,
    areaId: a.areaId, areaNames: [...areaNames], address: a.address, healthYes: a.healthYes, category: a.category, until: a.untilDay,
    active: !a.withdrawal && a.endsAt !== null && a.endsAt > now.toISOString(),
    // The user's name, not their id: the lead reads who withdrew it.
    withdrawn: a.withdrawal ? { at: a.withdrawal.at, byName: a.withdrawal.byName, reason: a.withdrawal.reason } : null,
  };
}

/** The arrivals to these areas (null: all), registered at or after `since` (ISO 8601) when given. */
export async function arrivalList(storage: Storage, areaIds: readonly string[] | null, since: string | undefined, now: Date): Promise<ArrivalList> {
  const rows = await storage.listArrivals({ areaIds, ...(since !== undefined && { since }), limit: MAX_ARRIVALS_LISTED + 1 });
  const names = new Map((await storage.listAreas(null)).map((a) => [a.id, a.names]));
  const truncated = rows.length > MAX_ARRIVALS_LISTED;
  return { arrivals: rows.slice(0, MAX_ARRIVALS_LISTED).map((a) => consoleArrival(a, names.get(a.areaId) ?? [a.areaId], now)), truncated };
}
