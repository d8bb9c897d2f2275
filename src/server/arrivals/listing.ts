/**
 * Arrivals on the tablets' key-person lists (issue #20): kept in their own table, so a lead's re-import never drops them,
 * and sealed into the config of every checkpoint under the destination community while in force; an ended listing is
 * expired once (audited), which moves those checkpoints' config versions so their tablets pull the list without it.
 */
import { maskIdNumber } from '../../core/idNumber.ts';
import type { KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import type { KeyPerson } from '../../core/keyPersons.ts';
import { sealKeyPersons, type SealedKeyPerson } from '../operator/keyPersonSeal.ts';
import type { StoredArrival } from '../storage/arrivals.ts';
import type { Storage } from '../storage/storage.ts';

/** What the gate reads beside the category: when and from where (at most KEY_PERSON_NOTE_MAX characters: a city is at most 32). */
export const arrivalNote = (a: StoredArrival): string => `入市登记 ${a.arrivalDay} 自${a.fromProvince}${a.fromProvince === a.fromCity ? '' : a.fromCity} 至${a.untilDay ?? ''}`;

/**
 * Sealed persons by salt, parameters, person, category and note: a config is built for each tablet after each version
 * change, and an arrival's scrypt need not be paid again for each (a box may be reused: the list's own unchanged persons
 * keep theirs too). A cache of this process only, bounded; losing it costs derivations, never correctness.
 */
const sealedCache = new Map<string, SealedKeyPerson>();
const CACHE_MAX = 50_000;
const cacheKey = (d: KeyPersonDerivation, p: KeyPerson): string => `${d.salt}\u0000${JSON.stringify(d.kdf)}\u0000${p.personId}\u0000${p.category}\u0000${p.note}`;

/**
 * The arrivals listed at `now` for this checkpoint, sealed with its list's derivation, one per person (the latest
 * registration), leaving out persons the imported list already holds: the lead's list decides for them.
 */
export async function arrivalKeyPersons(
  storage: Storage, checkpointId: string, derivation: KeyPersonDerivation, imported: ReadonlySet<string>, now: Date,
): Promise<SealedKeyPerson[]> {
  const latest = new Map<string, KeyPerson>();
  for (const a of await storage.listedArrivalsAt(checkpointId, now.toISOString())) {
    if (a.category === null || imported.has(a.personId)) continue;
    latest.set(a.personId, { personId: a.personId, category: a.category, note: arrivalNote(a) });
  }
  if (latest.size === 0) return [];
  const persons = [...latest.values()];
  const previous = persons.flatMap((p) => sealedCache.get(cacheKey(derivation, p)) ?? []);
  const { persons: sealed } = await sealKeyPersons(derivation, persons, previous);
  if (sealedCache.size + sealed.length > CACHE_MAX) sealedCache.clear();
  for (const p of sealed) sealedCache.set(cacheKey(derivation, p), p);
  return sealed;
}

/** How often a process asks whether a listing has ended: listings end by the day, so a minute late is on time. */
const DUE_CHECK_MS = 60_000;
const dueCheckedAt = new WeakMap<Storage, number>();

/**
 * Expires the listings ended by `now`, once across processes (storage.expireArrivals), each with its audit line; asked
 * at most once a minute per process, so a config pull that finds nothing changed stays one query.
 */
export async function expireEndedArrivals(storage: Storage, now: Date): Promise<number> {
  const last = dueCheckedAt.get(storage);
  if (last !== undefined && now.getTime() - last >= 0 && now.getTime() - last < DUE_CHECK_MS) return 0;
  dueCheckedAt.set(storage, now.getTime());
  const at = now.toISOString();
  if (!(await storage.arrivalsDue(at))) return 0;
  const expired = await storage.expireArrivals(at);
  for (const a of expired) {
    const area = await storage.getArea(a.areaId);
    await storage.appendAudit({
      at, actor: 'server', actorName: '', action: 'arrival.expired', areaPath: area?.path ?? null, target: maskIdNumber(a.personId), origin: 'server',
      detail: { arrivalId: a.arrivalId, category: a.category, until: a.untilDay },
    });
  }
  return expired.length;
}
