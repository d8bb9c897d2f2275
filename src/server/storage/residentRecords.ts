/** What residents tell their community (issue #18): trips and 困难诉求, the console's facts about each person, and leads' re-binding codes. */
import type { Selectable } from 'kysely';
import type { RequestKind, Trip } from '../../core/residentWire.ts';
import type { Db } from './db.ts';
import { toPerson } from './residentAccounts.ts';
import type { ResidentRequestTable } from './residentSchema.ts';
import type { BoundPerson, NewRebindCode, OpenRebindCode, PersonFacts, StoredRequest } from './residentTypes.ts';
import { readFlag } from './schema.ts';

/** Persons per query: far below either database's limit on parameters. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

// Written only from StoredRequest values, so the narrowing holds.
const toRequest = (r: Selectable<ResidentRequestTable>): StoredRequest => ({
  requestId: r.request_id, personId: r.person_id, kind: r.kind as RequestKind, text: r.text, status: r.status === 'done' ? 'done' : 'open',
  createdAt: r.created_at, doneAt: r.done_at, note: r.note, doneBy: r.done_by,
});

export async function replaceTrips(db: Db, personId: string, trips: readonly Trip[]): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('resident_trips').where('person_id', '=', personId).execute();
    if (trips.length === 0) return;
    await trx.insertInto('resident_trips')
      .values(trips.map((t, position) => ({ person_id: personId, position, place: t.place, from_day: t.from, to_day: t.to }))).execute();
  });
}

export async function tripsOf(db: Db, personIds: readonly string[]): Promise<Map<string, Trip[]>> {
  const trips = new Map<string, Trip[]>();
  for (const ids of chunks(personIds)) {
    const rows = await db.kysely.selectFrom('resident_trips').selectAll().where('person_id', 'in', ids).orderBy('person_id').orderBy('position').execute();
    for (const r of rows) trips.set(r.person_id, [...(trips.get(r.person_id) ?? []), { place: r.place, from: r.from_day, to: r.to_day }]);
  }
  return trips;
}

/** Counted and added in one transaction: two requests sent at once cannot both be the fifth. */
export async function addRequest(db: Db, request: StoredRequest, maxOpen: number): Promise<StoredRequest | null> {
  return db.kysely.transaction().execute(async (trx) => {
    const { n } = await trx.selectFrom('resident_requests').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_id', '=', request.personId).where('status', '=', 'open').executeTakeFirstOrThrow();
    if (Number(n) >= maxOpen) return null;
    await trx.insertInto('resident_requests').values({
      request_id: request.requestId, person_id: request.personId, kind: request.kind, text: request.text, status: request.status,
      created_at: request.createdAt, done_at: request.doneAt, note: request.note, done_by: request.doneBy,
    }).execute();
    return request;
  });
}

export async function requestsOf(db: Db, personIds: readonly string[], since?: string): Promise<StoredRequest[]> {
  const all: StoredRequest[] = [];
  for (const ids of chunks(personIds)) {
    const rows = await db.kysely.selectFrom('resident_requests').selectAll().where('person_id', 'in', ids)
      .$if(since !== undefined, (q) => q.where((eb) => eb.or([eb('status', '=', 'open'), eb('done_at', '>=', since ?? '')])))
      .execute();
    all.push(...rows.map(toRequest));
  }
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.requestId.localeCompare(b.requestId));
}

export async function getRequest(db: Db, requestId: string): Promise<StoredRequest | null> {
  const row = await db.kysely.selectFrom('resident_requests').selectAll().where('request_id', '=', requestId).executeTakeFirst();
  return row ? toRequest(row) : null;
}

/** Only an open request is closed: a second "done" keeps the first's time, note and closer. */
export async function closeRequest(db: Db, requestId: string, done: { at: string; note: string; by: string }): Promise<StoredRequest | null> {
  await db.kysely.updateTable('resident_requests').set({ status: 'done', done_at: done.at, note: done.note, done_by: done.by })
    .where('request_id', '=', requestId).where('status', '=', 'open').execute();
  return getRequest(db, requestId);
}

export async function personsInAreas(db: Db, areaIds: readonly string[] | null): Promise<BoundPerson[]> {
  if (areaIds === null) return (await db.kysely.selectFrom('resident_persons').selectAll().orderBy('person_id').execute()).map(toPerson);
  const persons: BoundPerson[] = [];
  for (const ids of chunks(areaIds)) {
    persons.push(...(await db.kysely.selectFrom('resident_persons').selectAll().where('area_id', 'in', ids).orderBy('person_id').execute()).map(toPerson));
  }
  return persons;
}

/** Four grouped reads per chunk of persons, whatever their number: the console's list is one page of a community. */
export async function personFacts(db: Db, personIds: readonly string[], sinceDay: string, feverCelsius: number): Promise<Map<string, PersonFacts>> {
  const facts = new Map<string, PersonFacts>(personIds.map((id) => [id, { lastCheckIn: null, lastIsolated: false, feverSince: false, openRequests: 0, trips: 0 }]));
  const fact = (id: string): PersonFacts | undefined => facts.get(id);
  for (const ids of chunks(personIds)) {
    const last = await db.kysely.selectFrom('checkins as c').select(['c.person_id', 'c.day', 'c.isolated'])
      .where('c.person_id', 'in', ids)
      .where((eb) => eb('c.day', '=', eb.selectFrom('checkins as d').select((d) => d.fn.max('d.day').as('day')).whereRef('d.person_id', '=', 'c.person_id')))
      .execute();
    for (const r of last) {
      const f = fact(r.person_id);
      if (f) Object.assign(f, { lastCheckIn: r.day, lastIsolated: readFlag(r.isolated) });
    }
    const fevers = await db.kysely.selectFrom('checkins').select('person_id').distinct()
      .where('person_id', 'in', ids).where('day', '>=', sinceDay).where('temperature', '>=', feverCelsius).execute();
    for (const r of fevers) {
      const f = fact(r.person_id);
      if (f) f.feverSince = true;
    }
    const open = await db.kysely.selectFrom('resident_requests').select((eb) => ['person_id', eb.fn.countAll<number>().as('n')])
      .where('person_id', 'in', ids).where('status', '=', 'open').groupBy('person_id').execute();
    for (const r of open) {
      const f = fact(r.person_id);
      if (f) f.openRequests = Number(r.n);
    }
    // A trip counts when any of it falls in the window: one that ended before it is old news.
    const trips = await db.kysely.selectFrom('resident_trips').select((eb) => ['person_id', eb.fn.countAll<number>().as('n')])
      .where('person_id', 'in', ids).where('to_day', '>=', sinceDay).groupBy('person_id').execute();
    for (const r of trips) {
      const f = fact(r.person_id);
      if (f) f.trips = Number(r.n);
    }
  }
  return facts;
}

export async function addRebindCode(db: Db, code: NewRebindCode): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('rebind_codes').set({ expires_at: code.createdAt })
      .where('person_id', '=', code.personId).where('used_at', 'is', null).where('expires_at', '>', code.createdAt).execute();
    await trx.insertInto('rebind_codes').values({
      code_hash: code.codeHash, person_id: code.personId, name: code.name, area_id: code.areaId, created_by: code.createdBy,
      created_at: code.createdAt, reason: code.reason, expires_at: code.expiresAt,
    }).execute();
  });
}

export async function openRebindCode(db: Db, codeHash: string, now: string, maxAttempts: number): Promise<OpenRebindCode | null> {
  const row = await db.kysely.selectFrom('rebind_codes').select(['code_hash', 'person_id', 'name', 'area_id', 'created_by', 'reason'])
    .where('code_hash', '=', codeHash).where('used_at', 'is', null).where('expires_at', '>', now).where('attempts', '<', maxAttempts).executeTakeFirst();
  return row ? { codeHash: row.code_hash, personId: row.person_id, name: row.name, areaId: row.area_id, createdBy: row.created_by, reason: row.reason } : null;
}

export async function countRebindAttempt(db: Db, personId: string, now: string): Promise<void> {
  await db.kysely.updateTable('rebind_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('person_id', '=', personId).where('used_at', 'is', null).where('expires_at', '>', now).execute();
}
