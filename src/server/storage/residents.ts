/** Residents' daily check-ins: one per person and day, the worse answer kept. */
import type { Selectable } from 'kysely';
import { sql } from './kysely.ts';
import { ok, type Result } from '../../core/result.ts';
import type { Db } from './db.ts';
import { readFlag, toFlag, type CheckInTable } from './schema.ts';
import type { CarriedCheckIns, CheckInError, ColourFacts, StoredCheckIn } from './storage.ts';
import type { RuleState } from '../../core/colourRules.ts';
import { listingsOfMany } from './colours.ts';

const toCheckIn = (r: Selectable<CheckInTable>): StoredCheckIn => ({
  personId: r.person_id, day: r.day, name: r.name, temperature: r.temperature, isolated: readFlag(r.isolated), symptoms: readFlag(r.symptoms), at: r.at,
});

export async function recordCheckIn(db: Db, checkIn: StoredCheckIn): Promise<Result<{ merged: boolean }, CheckInError>> {
  return db.kysely.transaction().execute(async (trx): Promise<Result<{ merged: boolean }, CheckInError>> => {
    // One person's check-ins of a day take turns (SQLite: the IMMEDIATE transaction already makes every writer take
    // turns), so `merged` is said by exactly one of two sent at once. Who may check in is the person's binding to a
    // phone (issue #18), checked before: the name is stored as the binding gives it.
    if (db.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtextextended('checkin:' || ${checkIn.personId}, 0))`.execute(trx);
    const seen = await trx.selectNoFrom((eb) => [
      eb.selectFrom('checkins').select((c) => c.fn.countAll<number>().as('n'))
        .where('person_id', '=', checkIn.personId).where('day', '=', checkIn.day).as('same_day'),
    ]).executeTakeFirstOrThrow();
    // The day keeps the worse of each answer: a fever checked in at 8:00 is not undone by a second try at 8:05.
    await trx.insertInto('checkins')
      .values({
        person_id: checkIn.personId, day: checkIn.day, name: checkIn.name, temperature: checkIn.temperature,
        isolated: toFlag(checkIn.isolated), symptoms: toFlag(checkIn.symptoms), at: checkIn.at,
      })
      .onConflict((oc) => oc.columns(['person_id', 'day']).doUpdateSet({
        temperature: sql`CASE WHEN excluded.temperature > checkins.temperature THEN excluded.temperature ELSE checkins.temperature END`,
        isolated: sql`checkins.isolated OR excluded.isolated`,
        symptoms: sql`checkins.symptoms OR excluded.symptoms`,
        at: (eb) => eb.ref('excluded.at'),
      }))
      .execute();
    return ok({ merged: Number(seen.same_day) > 0 });
  });
}

export async function listCheckIns(db: Db, personId: string): Promise<StoredCheckIn[]> {
  return (await db.kysely.selectFrom('checkins').selectAll().where('person_id', '=', personId).orderBy('day').execute()).map(toCheckIn);
}

/**
 * Where the person's rules stood when retention deleted their older check-ins (null: none deleted). Read after
 * listCheckIns, never before: a retention run between the two then gives rows it has since deleted and the state that
 * replaced them, and colourOn skips rows the state already holds; the other order could give neither.
 */
export async function checkInsCarried(db: Db, personId: string): Promise<CarriedCheckIns | null> {
  const row = await db.kysely.selectFrom('checkin_states').select(['name', 'day', 'state']).where('person_id', '=', personId).executeTakeFirst();
  // Written only by retention from a RuleState, so the narrowing holds.
  return row ? { name: row.name, day: row.day, state: row.state as RuleState } : null;
}

/** Persons per query: far below both databases' parameter limits. */
const PERSONS_PER_QUERY = 500;

/**
 * The check-ins, carried state and listings of many persons, three queries per 500 (the console's list of a community,
 * which read them person by person before: three queries each). The same order as the single reads: check-ins first.
 */
export async function colourFactsOf(db: Db, personIds: readonly string[]): Promise<Map<string, ColourFacts>> {
  const facts = new Map<string, ColourFacts>(personIds.map((id) => [id, { history: [], carried: null, listings: [] }]));
  for (let i = 0; i < personIds.length; i += PERSONS_PER_QUERY) {
    const ids = personIds.slice(i, i + PERSONS_PER_QUERY);
    const rows = await db.kysely.selectFrom('checkins').selectAll().where('person_id', 'in', ids).orderBy('person_id').orderBy('day').execute();
    for (const r of rows) facts.get(r.person_id)?.history.push(toCheckIn(r));
    const carried = await db.kysely.selectFrom('checkin_states').select(['person_id', 'name', 'day', 'state']).where('person_id', 'in', ids).execute();
    // Written only by retention from a RuleState, so the narrowing holds.
    for (const r of carried) { const f = facts.get(r.person_id); if (f) f.carried = { name: r.name, day: r.day, state: r.state as RuleState }; }
    for (const [personId, listings] of await listingsOfMany(db, ids)) { const f = facts.get(personId); if (f) f.listings = listings; }
  }
  return facts;
}
