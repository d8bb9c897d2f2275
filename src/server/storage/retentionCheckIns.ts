/** Retention of residents' check-ins: days before the cutoff deleted in batches of persons, each person's colour rules carried past them. */
import { addDays } from '../../core/calendar.ts';
import { colourOn, type CarriedState, type RuleState } from '../../core/colourRules.ts';
import { sql } from './kysely.ts';
import type { Db } from './db.ts';
import { betweenBatches, RETENTION_BATCH, stopIfAsked } from './retentionBatch.ts';
import { readFlag } from './schema.ts';

/** Persons per batch: each brings all their check-ins before the cutoff, a few dozen at most once retention keeps up. */
const PERSONS_PER_BATCH = Math.floor(RETENTION_BATCH / 2);

/**
 * One batch: the persons of the oldest check-ins (a range of `checkins_by_day`), each person's check-ins before
 * `cutoffDay` replayed by the colour rules on top of what was carried before, the state at the end of the day before
 * `cutoffDay` kept (checkin_states, with their name), and those check-ins deleted; all in one transaction. Returns the
 * check-ins deleted and whether persons may be left.
 */
async function carryBatch(db: Db, cutoffDay: string): Promise<{ deleted: number; more: boolean }> {
  return db.kysely.transaction().execute(async (trx) => {
    // Two servers on one PostgreSQL take turns: the second then finds the first's batch gone (SQLite: IMMEDIATE does it).
    if (db.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtextextended('kadian:retention:checkins', 0))`.execute(trx);
    const oldest = await trx.selectFrom('checkins').select('person_id').where('day', '<', cutoffDay)
      .orderBy('day').orderBy('person_id').limit(PERSONS_PER_BATCH).execute();
    const persons = [...new Set(oldest.map((r) => r.person_id))];
    if (persons.length === 0) return { deleted: 0, more: false };
    const rows = await trx.selectFrom('checkins').select(['person_id', 'day', 'name', 'temperature', 'isolated', 'symptoms'])
      .where('person_id', 'in', persons).where('day', '<', cutoffDay).orderBy('person_id').orderBy('day').execute();
    const carried = new Map((await trx.selectFrom('checkin_states').select(['person_id', 'day', 'state']).where('person_id', 'in', persons).execute())
      // Written only here, from a RuleState.
      .map((r): [string, CarriedState] => [r.person_id, { day: r.day, state: r.state as RuleState }]));
    const byPerson = new Map<string, typeof rows>();
    for (const r of rows) {
      const own = byPerson.get(r.person_id);
      if (own) own.push(r);
      else byPerson.set(r.person_id, [r]);
    }
    const states = [...byPerson].map(([personId, own]) => {
      const history = own.map((r) => ({ day: r.day, temperature: r.temperature, isolated: readFlag(r.isolated), symptoms: readFlag(r.symptoms) }));
      // The state on cutoffDay before any check-in of that day: every day before it counted, checked in or missed.
      const { state } = colourOn(history, cutoffDay, carried.get(personId) ?? null);
      return { person_id: personId, name: own.at(-1)?.name ?? '', day: addDays(cutoffDay, -1), state };
    });
    await trx.insertInto('checkin_states').values(states)
      .onConflict((oc) => oc.column('person_id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), day: eb.ref('excluded.day'), state: eb.ref('excluded.state') })))
      .execute();
    const deleted = await trx.deleteFrom('checkins').where('person_id', 'in', persons).where('day', '<', cutoffDay).executeTakeFirst();
    return { deleted: Number(deleted.numDeletedRows), more: oldest.length === PERSONS_PER_BATCH };
  });
}

/**
 * Check-ins of calendar days before `cutoffDay` (YYYY-MM-DD in TIME_ZONE, as check-ins are dated). The colour rules
 * replay a resident's days from the first check-in on (core/colourRules.ts), so deleting days would change a colour
 * (a red code three silent weeks old would turn green at the next check-in): what the deleted days amounted to is kept
 * as one state per person instead. Adds to `counts` as it goes.
 */
export async function deleteOldCheckIns(db: Db, cutoffDay: string, counts: { checkIns: number }, signal?: AbortSignal): Promise<void> {
  for (;;) {
    stopIfAsked(signal);
    const { deleted, more } = await carryBatch(db, cutoffDay);
    counts.checkIns += deleted;
    if (!more) return;
    await betweenBatches();
  }
}
