/** Lead mode: the lead PIN, the checkpoint's rules and their history, the seal key pair, and the key-person list. */
import type { Kysely } from 'kysely';
import type { KeyPersonCategory } from '../../core/keyPersons.ts';
import type { LeadPin } from '../../core/leadWire.ts';
import { bumpVersion, readPolicy } from './checkpoints.ts';
import { compiledOnce, type Db } from './db.ts';
import { writePolicyChange } from './policyChangeRows.ts';
import { readJson, type Database } from './schema.ts';
import type { KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import type { KeyPersonListSummary, NewPolicyChange, PolicyChangeRecord, SealKeyPair, StoredKeyPerson } from './storage.ts';

export async function getLeadPin(db: Db, checkpointId: string): Promise<LeadPin | null> {
  const row = await db.kysely.selectFrom('lead_pins').select(['salt', 'hash', 'iterations', 'lead_key'])
    .where('checkpoint_id', '=', checkpointId).executeTakeFirst();
  // lead_key is written only by setLeadPin, from a checked LeadPin.
  return row ? { salt: row.salt, hash: row.hash, iterations: row.iterations, ...(row.lead_key !== null && { key: readJson(row.lead_key) }) } : null;
}

export async function setLeadPin(db: Db, checkpointId: string, pin: LeadPin, setAt: string, setBy: string | null): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    if ((await bumpVersion(trx, checkpointId)) === null) return false;
    const row = { salt: pin.salt, hash: pin.hash, iterations: pin.iterations, set_at: setAt, set_by: setBy, lead_key: pin.key ? JSON.stringify(pin.key) : null };
    await trx.insertInto('lead_pins').values({ checkpoint_id: checkpointId, ...row })
      .onConflict((oc) => oc.column('checkpoint_id').doUpdateSet(row)).execute();
    return true;
  });
}

/** The rules read as "before" are the ones this write replaces: the version bump comes first and holds the row (policyChangeRows.ts). */
export async function changePolicy(db: Db, change: NewPolicyChange): Promise<PolicyChangeRecord | null> {
  return db.kysely.transaction().execute(async (trx): Promise<PolicyChangeRecord | null> => {
    const restoredFrom = change.restoredFrom ?? null;
    const written = await writePolicyChange(trx, { ...change, restoredFrom });
    return written && { ...change, before: written.before, version: written.version, restoredFrom };
  });
}

export async function listPolicyChanges(db: Db, checkpointId: string): Promise<PolicyChangeRecord[]> {
  const rows = await db.kysely.selectFrom('policy_changes').selectAll().where('checkpoint_id', '=', checkpointId).orderBy('version').execute();
  return rows.map((r) => ({
    checkpointId: r.checkpoint_id, version: r.version, deviceId: r.device_id, deviceLabel: r.device_label,
    changedAt: r.changed_at, receivedAt: r.received_at, before: readPolicy(r.policy_before), after: readPolicy(r.policy_after),
    restoredFrom: r.restored_from,
    // Absent, not null, for the changes of a tablet or the CLI: they have no user.
    ...(r.user_id !== null && { user: { id: r.user_id, name: r.user_name ?? '' } }),
  }));
}

/**
 * The row of `table` for the checkpoint, made from `candidate` the first time. Every config pull lands here: a read
 * first (compiled once), and a write only the once; a config that now carries what it did not before gets a new
 * version, so tablets holding the old one pull again.
 */
async function ensureOnce<T>(db: Db, checkpointId: string, read: (on: Kysely<Database>) => Promise<T | undefined>, insert: (trx: Kysely<Database>) => Promise<boolean>): Promise<T> {
  const seen = await read(db.kysely);
  if (seen !== undefined) return seen;
  return db.kysely.transaction().execute(async (trx) => {
    if (await insert(trx)) await bumpVersion(trx, checkpointId);
    const made = await read(trx);
    if (made === undefined) throw new Error(`what ${checkpointId} was just given vanished right after it was written`);
    return made;
  });
}

const derivationOf = compiledOnce((db, checkpointId: string) => db.kysely.selectFrom('key_person_lists').select(['salt', 'kdf']).where('checkpoint_id', '=', checkpointId));

const sealKeyOf = compiledOnce((db, checkpointId: string) => db.kysely.selectFrom('seal_keys')
  .select(['public_key as publicKey', 'private_key as privateKey']).where('checkpoint_id', '=', checkpointId));

export function ensureKeyPersonList(db: Db, checkpointId: string, candidate: KeyPersonDerivation): Promise<KeyPersonDerivation> {
  return ensureOnce(db, checkpointId,
    async (on) => {
      const row = (await derivationOf(db, [checkpointId], on)).rows[0];
      return row && { salt: row.salt, kdf: readJson(row.kdf) };
    },
    async (trx) => (await trx.insertInto('key_person_lists').values({ checkpoint_id: checkpointId, salt: candidate.salt, kdf: JSON.stringify(candidate.kdf) })
      .onConflict((oc) => oc.column('checkpoint_id').doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows === 1n);
}

export function ensureSealKey(db: Db, checkpointId: string, candidate: SealKeyPair): Promise<SealKeyPair> {
  return ensureOnce(db, checkpointId,
    async (on) => (await sealKeyOf(db, [checkpointId], on)).rows[0],
    async (trx) => (await trx.insertInto('seal_keys').values({ checkpoint_id: checkpointId, public_key: candidate.publicKey, private_key: candidate.privateKey })
      .onConflict((oc) => oc.column('checkpoint_id').doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows === 1n);
}

export async function listKeyPersons(db: Db, checkpointId: string): Promise<StoredKeyPerson[]> {
  const rows = await db.kysely.selectFrom('key_persons').select(['person_id', 'category', 'note', 'tag', 'box'])
    .where('checkpoint_id', '=', checkpointId).orderBy('person_id').execute();
  // Written only from checked rows, so the category is one of the five.
  return rows.map((r) => ({ personId: r.person_id, category: r.category as KeyPersonCategory, note: r.note, tag: r.tag, box: r.box }));
}

/** Rows per insert statement: 7 parameters each stays far below both databases' limits. */
const KEY_PERSON_ROWS = 1000;

export async function replaceKeyPersons(db: Db, checkpointId: string, derivation: KeyPersonDerivation, persons: readonly StoredKeyPerson[], at: string): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    // The version bump first: it locks the checkpoint's row, so two replacements of one list take turns.
    await bumpVersion(trx, checkpointId);
    // A person kept in the same category keeps the day they were put on the list: their colour's days count from it.
    const since = new Map((await trx.selectFrom('key_persons').select(['person_id', 'category', 'added_at']).where('checkpoint_id', '=', checkpointId).execute())
      .map((r) => [`${r.person_id}\u0000${r.category}`, r.added_at]));
    await trx.deleteFrom('key_persons').where('checkpoint_id', '=', checkpointId).execute();
    for (let i = 0; i < persons.length; i += KEY_PERSON_ROWS) {
      await trx.insertInto('key_persons')
        .values(persons.slice(i, i + KEY_PERSON_ROWS).map((p) => ({
          checkpoint_id: checkpointId, person_id: p.personId, category: p.category, note: p.note, tag: p.tag, box: p.box,
          added_at: since.get(`${p.personId}\u0000${p.category}`) ?? at,
        })))
        .execute();
    }
    // The salt and parameters these persons were sealed with, in the same transaction as they are.
    const list = { salt: derivation.salt, kdf: JSON.stringify(derivation.kdf), updated_at: at };
    await trx.insertInto('key_person_lists').values({ checkpoint_id: checkpointId, ...list })
      .onConflict((oc) => oc.column('checkpoint_id').doUpdateSet(list)).execute();
  });
}

/** Checkpoint ids per query: far below both databases' parameter limits. */
const SUMMARY_IDS = 500;

export async function keyPersonListSummaries(db: Db, checkpointIds: readonly string[]): Promise<KeyPersonListSummary[]> {
  const byId = new Map<string, KeyPersonListSummary>(checkpointIds.map((id) => [id, { checkpointId: id, persons: 0, byCategory: {}, updatedAt: null }]));
  for (let i = 0; i < checkpointIds.length; i += SUMMARY_IDS) {
    const ids = checkpointIds.slice(i, i + SUMMARY_IDS);
    // Counted where the rows are: a list of thousands is never read to count it.
    const counts = await db.kysely.selectFrom('key_persons').select(['checkpoint_id', 'category', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('checkpoint_id', 'in', ids).groupBy(['checkpoint_id', 'category']).execute();
    for (const row of counts) {
      const summary = byId.get(row.checkpoint_id);
      if (!summary) continue;
      // Written only from checked rows, so the category is one of the five; PostgreSQL's count is a bigint, as text.
      summary.byCategory[row.category as KeyPersonCategory] = Number(row.n);
      summary.persons += Number(row.n);
    }
    const lists = await db.kysely.selectFrom('key_person_lists').select(['checkpoint_id', 'updated_at']).where('checkpoint_id', 'in', ids).execute();
    for (const row of lists) {
      const summary = byId.get(row.checkpoint_id);
      if (summary) summary.updatedAt = row.updated_at;
    }
  }
  return [...byId.values()];
}
