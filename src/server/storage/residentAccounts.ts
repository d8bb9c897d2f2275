/** Resident phones and the persons bound to them (issue #18): the credential check, a household, and binding, re-binding and leaving, each atomic. */
import type { Selectable, Transaction } from 'kysely';
import { err, ok, type Result } from '../../core/result.ts';
import type { Relation } from '../../core/residentWire.ts';
import type { Db } from './db.ts';
import { SEEN_RESOLUTION_MS } from './devices.ts';
import { sql } from './kysely.ts';
import type { Database } from './schema.ts';
import type { ResidentPersonTable } from './residentSchema.ts';
import type { BindError, Binding, Bound, BoundPerson } from './residentTypes.ts';

// Written only from BoundPerson values (Relation, 'self' | 'rebind'), so the narrowing holds.
export const toPerson = (r: Selectable<ResidentPersonTable>): BoundPerson => ({
  personId: r.person_id, name: r.name, relation: r.relation as Relation, phone: r.phone, areaId: r.area_id, address: r.address,
  phoneId: r.phone_id, boundAt: r.bound_at, boundBy: r.bound_by === 'rebind' ? 'rebind' : 'self',
});

/** The stored secret hash is compared in the query; a phone unseen for a minute is marked seen. */
export async function authenticatePhone(db: Db, phoneId: string, secretHash: string, seenAt: string): Promise<boolean> {
  const row = await db.kysely.selectFrom('resident_phones').select(['secret_hash', 'last_seen']).where('phone_id', '=', phoneId).executeTakeFirst();
  // Both are SHA-256 hex of the server's own making: equal length, and the hash of a guess says nothing of the secret.
  if (!row || row.secret_hash !== secretHash) return false;
  if (Date.parse(seenAt) - Date.parse(row.last_seen) >= SEEN_RESOLUTION_MS) {
    await db.kysely.updateTable('resident_phones').set({ last_seen: seenAt }).where('phone_id', '=', phoneId).execute();
  }
  return true;
}

export async function boundPerson(db: Db, personId: string): Promise<BoundPerson | null> {
  const row = await db.kysely.selectFrom('resident_persons').selectAll().where('person_id', '=', personId).executeTakeFirst();
  return row ? toPerson(row) : null;
}

export async function householdOf(db: Db, phoneId: string): Promise<BoundPerson[]> {
  const rows = await db.kysely.selectFrom('resident_persons').selectAll().where('phone_id', '=', phoneId).orderBy('bound_at').orderBy('person_id').execute();
  const persons = rows.map(toPerson);
  return [...persons.filter((p) => p.relation === 'self'), ...persons.filter((p) => p.relation !== 'self')];
}

/** PostgreSQL: the phone's registrations take turns, then the person's (always in this order, so two never wait on each other). */
async function lockFor(trx: Transaction<Database>, db: Db, phoneId: string, personId: string): Promise<void> {
  if (db.dialect !== 'postgres') return; // SQLite's IMMEDIATE transactions already take turns
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`resident-phone:${phoneId}`}, 0))`.execute(trx);
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`resident-person:${personId}`}, 0))`.execute(trx);
}

/**
 * The checks are made again here, inside the write's transaction: another phone may have taken the ID, or a second
 * `self` joined the phone, between the route's look and this write.
 */
export async function bindPerson(db: Db, { person, newPhone, rebindCodeHash }: Binding, maxHousehold: number): Promise<Result<Bound, BindError>> {
  return db.kysely.transaction().execute(async (trx): Promise<Result<Bound, BindError>> => {
    await lockFor(trx, db, person.phoneId, person.personId);
    // Every refusal comes before the first write: returning an error commits what was written.
    const before = await trx.selectFrom('resident_persons').select(['phone_id', 'name', 'area_id']).where('person_id', '=', person.personId).executeTakeFirst();
    const elsewhere = before !== undefined && before.phone_id !== person.phoneId;
    if (elsewhere && rebindCodeHash === undefined) return err('resident-claimed');
    const others = newPhone ? [] : await trx.selectFrom('resident_persons').select(['person_id', 'relation'])
      .where('phone_id', '=', person.phoneId).where('person_id', '!=', person.personId).execute();
    if (others.length >= maxHousehold) return err('resident-household-full');
    if (person.relation === 'self' && others.some((o) => o.relation === 'self')) return err('resident-self-taken');
    if (rebindCodeHash !== undefined) {
      const used = await trx.updateTable('rebind_codes').set({ used_at: person.boundAt })
        .where('code_hash', '=', rebindCodeHash).where('used_at', 'is', null).where('expires_at', '>', person.boundAt).executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) return err('rebind-code-invalid');
    }
    if (newPhone) {
      await trx.insertInto('resident_phones')
        .values({ phone_id: newPhone.phoneId, secret_hash: newPhone.secretHash, created_at: person.boundAt, last_seen: person.boundAt }).execute();
    }
    const details = { name: person.name, relation: person.relation, phone: person.phone, area_id: person.areaId, address: person.address };
    const binding = { phone_id: person.phoneId, bound_at: person.boundAt, bound_by: person.boundBy };
    if (before === undefined) await trx.insertInto('resident_persons').values({ person_id: person.personId, ...details, ...binding }).execute();
    // Details updated on the same phone keep when and how it was bound; a move to this phone is a new binding.
    else await trx.updateTable('resident_persons').set(elsewhere ? { ...details, ...binding } : details).where('person_id', '=', person.personId).execute();
    // The travel the other phone declared is its holder's word, not this person's: it goes with the old binding.
    if (elsewhere) await trx.deleteFrom('resident_trips').where('person_id', '=', person.personId).execute();
    return ok({ before: before === undefined ? null : { phoneId: before.phone_id, name: before.name, areaId: before.area_id } });
  });
}

/** Leaving takes what the phone told about the person with it: their trips and requests. */
export async function unbindPerson(db: Db, phoneId: string, personId: string): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('resident_persons').where('person_id', '=', personId).where('phone_id', '=', phoneId).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) return false;
    await trx.deleteFrom('resident_trips').where('person_id', '=', personId).execute();
    await trx.deleteFrom('resident_requests').where('person_id', '=', personId).execute();
    return true;
  });
}
