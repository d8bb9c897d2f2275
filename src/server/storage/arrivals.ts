/** Arrivals (入市登记, migration 018): registered, listed by area, merged into checkpoints' key-person lists while in force, expired or withdrawn (025) once; and the operator's rule table. */
import type { Kysely } from 'kysely';
import type { ArrivalMeans, ArrivalRule } from '../../core/arrivalRules.ts';
import type { KeyPersonCategory } from '../../core/keyPersons.ts';
import { pathIds } from './areaHours.ts';
import { bumpVersion } from './checkpoints.ts';
import { under } from './city.ts';
import { compiledOnce, type Db } from './db.ts';
import type { ArrivalTable } from './arrivalSchema.ts';
import type { Database } from './schema.ts';
import type { ArrivalAdded, ArrivalFilter, ArrivalWithdrawal, ArrivalWithdrawn, StoredArrival } from './arrivalTypes.ts';

export type { ArrivalAdded, ArrivalFilter, ArrivalWithdrawal, ArrivalWithdrawn, StoredArrival };


type Row = ArrivalTable;

const toArrival = (r: Row): StoredArrival => ({
  // Written only from checked requests: the means and category are known values.
  arrivalId: r.id, personId: r.person_id, name: r.name, phone: r.phone, fromProvince: r.from_province, fromCity: r.from_city,
  arrivalDay: r.arrival_day, means: r.means as ArrivalMeans, meansDetail: r.means_detail, areaId: r.area_id, address: r.address,
  healthYes: r.health_yes === '' ? [] : r.health_yes.split(','), category: r.category as KeyPersonCategory | null, untilDay: r.until_day,
  since: r.since, endsAt: r.ends_at, registeredAt: r.registered_at, expiredAt: r.expired_at,
  withdrawal: r.withdrawn_at === null ? null
    : { at: r.withdrawn_at, by: r.withdrawn_by ?? '', byName: r.withdrawn_by_name ?? '', reason: r.withdrawn_reason ?? '' },
});

const toRow = (a: StoredArrival): Row => ({
  id: a.arrivalId, person_id: a.personId, name: a.name, phone: a.phone, from_province: a.fromProvince, from_city: a.fromCity,
  arrival_day: a.arrivalDay, means: a.means, means_detail: a.meansDetail, area_id: a.areaId, address: a.address,
  health_yes: a.healthYes.join(','), category: a.category, until_day: a.untilDay, since: a.since, ends_at: a.endsAt,
  registered_at: a.registeredAt, expired_at: a.expiredAt, withdrawn_at: a.withdrawal?.at ?? null, withdrawn_by: a.withdrawal?.by ?? null,
  withdrawn_by_name: a.withdrawal?.byName ?? null, withdrawn_reason: a.withdrawal?.reason ?? null,
});

/** The checkpoints of places in the area's subtree. */
async function checkpointsUnder(trx: Kysely<Database>, areaId: string): Promise<string[]> {
  const area = await trx.selectFrom('areas').select('path').where('id', '=', areaId).executeTakeFirst();
  if (!area) return [];
  const rows = await trx.selectFrom('checkpoints as c').innerJoin('places as p', 'p.id', 'c.place_id').innerJoin('areas as a', 'a.id', 'p.area_id')
    .select('c.id').where(under('a.path', area.path)).orderBy('c.id').execute();
  return rows.map((r) => r.id);
}

/** Moves the version of every checkpoint under these areas; the checkpoints, each once. */
async function bumpUnder(trx: Kysely<Database>, areaIds: Iterable<string>): Promise<string[]> {
  const bumped = new Set<string>();
  for (const areaId of new Set(areaIds)) {
    for (const id of await checkpointsUnder(trx, areaId)) {
      if (bumped.has(id)) continue;
      await bumpVersion(trx, id);
      bumped.add(id);
    }
  }
  return [...bumped];
}

export async function addArrival(db: Db, arrival: StoredArrival): Promise<ArrivalAdded> {
  return db.kysely.transaction().execute(async (trx) => {
    const same = await trx.selectFrom('arrivals').selectAll().where('person_id', '=', arrival.personId)
      .where('arrival_day', '=', arrival.arrivalDay).where('area_id', '=', arrival.areaId)
      // A withdrawn one is no answer: after a prank in their name the person's own registration must list them.
      .where('withdrawn_at', 'is', null).orderBy('registered_at').executeTakeFirst();
    if (same) return { arrival: toArrival(same), created: false, checkpointIds: [] };
    await trx.insertInto('arrivals').values(toRow(arrival)).execute();
    const checkpointIds = arrival.category === null ? [] : await bumpUnder(trx, [arrival.areaId]);
    return { arrival, created: true, checkpointIds };
  });
}

/** Area ids per query: far below both databases' parameter limits. */
const IDS_PER_QUERY = 500;

export async function listArrivals(db: Db, filter: ArrivalFilter): Promise<StoredArrival[]> {
  const chunks = filter.areaIds === null ? [null]
    : Array.from({ length: Math.ceil(filter.areaIds.length / IDS_PER_QUERY) }, (_, i) => filter.areaIds!.slice(i * IDS_PER_QUERY, (i + 1) * IDS_PER_QUERY));
  const found: StoredArrival[] = [];
  for (const ids of chunks) {
    if (ids !== null && ids.length === 0) continue;
    const rows = await db.kysely.selectFrom('arrivals').selectAll()
      .$if(ids !== null, (q) => q.where('area_id', 'in', ids ?? []))
      .$if(filter.since !== undefined, (q) => q.where('registered_at', '>=', filter.since ?? ''))
      .orderBy('registered_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    found.push(...rows.map(toArrival));
  }
  return found.sort((a, b) => (a.registeredAt < b.registeredAt ? 1 : a.registeredAt > b.registeredAt ? -1 : 0)).slice(0, filter.limit);
}

/** The areas from the city down to the checkpoint's place's: an arrival to any of them lists at the checkpoint. Null: no such checkpoint. */
async function areasAbove(db: Db, checkpointId: string): Promise<string[] | null> {
  const at = await db.kysely.selectFrom('checkpoints as c').innerJoin('places as p', 'p.id', 'c.place_id').innerJoin('areas as a', 'a.id', 'p.area_id')
    .select('a.path').where('c.id', '=', checkpointId).executeTakeFirst();
  return at ? pathIds(at.path) : null;
}

export async function listedArrivalsAt(db: Db, checkpointId: string, now: string): Promise<StoredArrival[]> {
  const areas = await areasAbove(db, checkpointId);
  if (!areas) return [];
  const rows = await db.kysely.selectFrom('arrivals').selectAll().where('area_id', 'in', areas)
    .where('category', 'is not', null).where('ends_at', '>', now).where('withdrawn_at', 'is', null).orderBy('registered_at').execute();
  return rows.map(toArrival);
}

/**
 * The persons arrivals add to this checkpoint's list at `now`, by category: the sealed list's own rule (one per person, the
 * latest registration; a person the imported list holds is left to it), counted without reading the imported list.
 */
export async function listedArrivalCounts(db: Db, checkpointId: string, now: string): Promise<Partial<Record<KeyPersonCategory, number>>> {
  const areas = await areasAbove(db, checkpointId);
  if (!areas) return {};
  const rows = await db.kysely.selectFrom('arrivals as r').select(['r.person_id', 'r.category']).where('r.area_id', 'in', areas)
    .where('r.category', 'is not', null).where('r.ends_at', '>', now).where('r.withdrawn_at', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('key_persons as k').select('k.person_id')
      .where('k.checkpoint_id', '=', checkpointId).whereRef('k.person_id', '=', 'r.person_id'))))
    .orderBy('r.registered_at').execute();
  const latest = new Map(rows.map((r) => [r.person_id, r.category as KeyPersonCategory]));
  const counts: Partial<Record<KeyPersonCategory, number>> = {};
  for (const category of latest.values()) counts[category] = (counts[category] ?? 0) + 1;
  return counts;
}

// A withdrawn arrival is never expired: its withdrawal already took it off the lists (and moved the versions).
const due = compiledOnce((db, now: string) => db.kysely.selectFrom('arrivals').select('id').where('expired_at', 'is', null).where('withdrawn_at', 'is', null)
  .where('ends_at', '<=', now).limit(1));

export async function arrivalsDue(db: Db, now: string): Promise<boolean> {
  return (await due(db, [now])).rows.length > 0;
}

export async function expireArrivals(db: Db, now: string): Promise<StoredArrival[]> {
  return db.kysely.transaction().execute(async (trx) => {
    // One UPDATE: of two processes at it together, each row is marked (and so audited) by one of them only.
    const rows = await trx.updateTable('arrivals').set({ expired_at: now }).where('expired_at', 'is', null).where('withdrawn_at', 'is', null)
      .where('ends_at', '<=', now).returningAll().execute();
    await bumpUnder(trx, rows.map((r) => r.area_id));
    return rows.map(toArrival);
  });
}

export async function getArrival(db: Db, arrivalId: string): Promise<StoredArrival | null> {
  const row = await db.kysely.selectFrom('arrivals').selectAll().where('id', '=', arrivalId).executeTakeFirst();
  return row ? toArrival(row) : null;
}

export async function withdrawArrival(db: Db, arrivalId: string, w: ArrivalWithdrawal): Promise<ArrivalWithdrawn | null> {
  return db.kysely.transaction().execute(async (trx) => {
    // One UPDATE: of two withdrawals at once, one marks the row (and its reason stands); the other finds it marked.
    const row = await trx.updateTable('arrivals').set({ withdrawn_at: w.at, withdrawn_by: w.by, withdrawn_by_name: w.byName, withdrawn_reason: w.reason })
      .where('id', '=', arrivalId).where('withdrawn_at', 'is', null).returningAll().executeTakeFirst();
    if (!row) {
      const kept = await trx.selectFrom('arrivals').selectAll().where('id', '=', arrivalId).executeTakeFirst();
      return kept ? { arrival: toArrival(kept), first: false, checkpointIds: [] } : null;
    }
    // Still on the gates' lists (listed, not yet seen ended): they pull the list without it at their next sync.
    const listed = row.category !== null && row.expired_at === null;
    return { arrival: toArrival(row), first: true, checkpointIds: listed ? await bumpUnder(trx, [row.area_id]) : [] };
  });
}

export async function arrivalsOf(db: Db, personId: string): Promise<StoredArrival[]> {
  return (await db.kysely.selectFrom('arrivals').selectAll().where('person_id', '=', personId).orderBy('registered_at').execute()).map(toArrival);
}

export async function arrivalRules(db: Db): Promise<ArrivalRule[] | null> {
  const row = await db.kysely.selectFrom('arrival_rules').select('rules').where('id', '=', 1).executeTakeFirst();
  // Written only by setArrivalRules from checked rules.
  return row ? (JSON.parse(row.rules) as ArrivalRule[]) : null;
}

export async function setArrivalRules(db: Db, rules: readonly ArrivalRule[], at: string): Promise<void> {
  const row = { rules: JSON.stringify(rules), updated_at: at };
  await db.kysely.insertInto('arrival_rules').values({ id: 1, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
}

export async function resetArrivalRules(db: Db): Promise<boolean> {
  return Number((await db.kysely.deleteFrom('arrival_rules').executeTakeFirst()).numDeletedRows) > 0;
}
