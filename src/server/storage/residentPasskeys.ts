/** Residents' passkeys (issue #18): added to a phone account, looked up by credential id, and a recovery's secret swap, each atomic. */
import type { Selectable } from 'kysely';
import type { Db } from './db.ts';
import { sql } from './kysely.ts';
import type { ResidentPasskeyTable } from './residentPasskeySchema.ts';
import type { PasskeyAdded, PhoneRecovery, ResidentPasskey } from './residentPasskeyTypes.ts';
import { readJson } from './schema.ts';

const toPasskey = (r: Selectable<ResidentPasskeyTable>): ResidentPasskey => ({
  credentialId: r.credential_id, phoneId: r.phone_id, publicKey: r.public_key, counter: r.counter, transports: readJson(r.transports),
  createdAt: r.created_at, lastUsedAt: r.last_used_at,
});

export async function addResidentPasskey(db: Db, p: ResidentPasskey, max: number): Promise<PasskeyAdded> {
  return db.kysely.transaction().execute(async (trx) => {
    // PostgreSQL: two registrations of one phone take turns, so the count below cannot be passed by both (SQLite's IMMEDIATE transactions already do).
    if (db.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`resident-phone:${p.phoneId}`}, 0))`.execute(trx);
    const held = await trx.selectFrom('resident_passkeys').select((eb) => eb.fn.countAll<number | string>().as('n')).where('phone_id', '=', p.phoneId).executeTakeFirst();
    if (Number(held?.n ?? 0) >= max) return 'full';
    const made = await trx.insertInto('resident_passkeys').values({
      credential_id: p.credentialId, phone_id: p.phoneId, public_key: p.publicKey, counter: p.counter, transports: JSON.stringify(p.transports),
      created_at: p.createdAt, last_used_at: p.lastUsedAt,
    }).onConflict((oc) => oc.column('credential_id').doNothing()).executeTakeFirst();
    return made.numInsertedOrUpdatedRows === 1n ? 'added' : 'taken';
  });
}

export async function residentPasskeys(db: Db, phoneId: string): Promise<ResidentPasskey[]> {
  return (await db.kysely.selectFrom('resident_passkeys').selectAll().where('phone_id', '=', phoneId).orderBy('created_at').orderBy('credential_id').execute()).map(toPasskey);
}

export async function residentPasskey(db: Db, credentialId: string): Promise<ResidentPasskey | null> {
  const row = await db.kysely.selectFrom('resident_passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
  return row ? toPasskey(row) : null;
}

export async function recoverPhone(db: Db, r: PhoneRecovery): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    // Compare-and-set on the counter: of two assertions checked against one counter, one recovers (unless the counter
    // stays 0, as a synced passkey's does; then each used its own single-use challenge).
    const moved = await trx.updateTable('resident_passkeys').set({ counter: r.counterAfter, last_used_at: r.at })
      .where('credential_id', '=', r.credentialId).where('phone_id', '=', r.phoneId).where('counter', '=', r.counterBefore).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    const swapped = await trx.updateTable('resident_phones').set({ secret_hash: r.secretHash, last_seen: r.at }).where('phone_id', '=', r.phoneId).executeTakeFirst();
    if (Number(swapped.numUpdatedRows) !== 1) throw new Error(`resident phone ${r.phoneId} of a passkey is missing`);
    return true;
  });
}
