/** Colours from the comparison (migration 017): the operator's rules per key-person category, a person's listings, the last code issued, and revocations. */
import type { ColourRule, Listing } from '../../core/colourFromLists.ts';
import type { Colour } from '../../core/entry.ts';
import type { KeyPersonCategory } from '../../core/keyPersons.ts';
import { compiledOnce, type Db } from './db.ts';
import { sql } from './kysely.ts';

/** The last code issued to a person. */
export interface IssuedCode {
  personId: string;
  colour: Colour;
  issuedAt: string;
  expiresMs: number;
}

/** A person's codes issued before `notBefore` are revoked. */
export interface Revocation {
  personId: string;
  notBefore: string;
}

/** Revocations and the counter they are complete up to. */
export interface RevocationsAt {
  revision: number;
  revocations: Revocation[];
}

export interface ColourStorage {
  /** The operator's rows, by category (a category without one keeps its default). */
  colourRules(): Promise<Array<{ category: KeyPersonCategory; rule: ColourRule }>>;
  /** Sets a category's rule; the row before (null: the default was in force). */
  setColourRule(category: KeyPersonCategory, rule: ColourRule, at: string): Promise<ColourRule | null>;
  /** Back to the defaults: deletes every row; how many there were. */
  resetColourRules(): Promise<number>;
  /** The person's categories on any checkpoint's list, each since the earliest list put them there. */
  listingsOf(personId: string): Promise<Listing[]>;
  /** Records a newly issued code and gives back the one it replaces, if that one has not expired at `nowMs`. */
  recordIssuedCode(code: IssuedCode, nowMs: number): Promise<IssuedCode | null>;
  /** Revokes the person's codes issued before `notBefore` (a later revocation replaces an earlier one); deletes those before `pruneBeforeMs`. */
  recordRevocation(revocation: Revocation, pruneBeforeMs: number): Promise<void>;
  /**
   * Revocations whose not-before is at or after `sinceMs`, by person, and the counter the list is complete up to; with
   * `afterRevision`, only those written after that counter value (default -1: all, rows from before revisions too).
   */
  listRevocations(sinceMs: number, afterRevision?: number): Promise<RevocationsAt>;
  /** Persons on the lists of these checkpoints (null: any) holding a code unexpired at `nowMs`, with that code. */
  listedWithCodes(checkpointIds: readonly string[] | null, nowMs: number): Promise<IssuedCode[]>;
}

export async function colourRules(db: Db): Promise<Array<{ category: KeyPersonCategory; rule: ColourRule }>> {
  const rows = await db.kysely.selectFrom('colour_rules').select(['category', 'colour', 'days']).orderBy('category').execute();
  // Written only by setColourRule from checked values.
  return rows.map((r) => ({ category: r.category as KeyPersonCategory, rule: { colour: r.colour as Colour, days: r.days } }));
}

export async function setColourRule(db: Db, category: KeyPersonCategory, rule: ColourRule, at: string): Promise<ColourRule | null> {
  return db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('colour_rules').select(['colour', 'days']).where('category', '=', category).executeTakeFirst();
    const row = { colour: rule.colour, days: rule.days, updated_at: at };
    await trx.insertInto('colour_rules').values({ category, ...row }).onConflict((oc) => oc.column('category').doUpdateSet(row)).execute();
    return before ? { colour: before.colour as Colour, days: before.days } : null;
  });
}

export async function resetColourRules(db: Db): Promise<number> {
  const result = await db.kysely.deleteFrom('colour_rules').executeTakeFirst();
  return Number(result.numDeletedRows);
}

const listings = compiledOnce((db, personId: string) => db.kysely.selectFrom('key_persons')
  .select(['category', (eb) => eb.fn.min('added_at').as('since')]).where('person_id', '=', personId).groupBy('category'));

// Categories are written only from checked rows; every row has added_at since migration 017. An arrival (migration
// 018) is not among them: anyone may register anyone's arrival, so it puts the person on the gates' lists (a check by
// the volunteer) and before the community's lead, but does not make their code worse.
const toListings = (rows: ReadonlyArray<{ category: string; since: string | null }>): Listing[] =>
  rows.flatMap((r) => (r.since === null ? [] : [{ category: r.category as KeyPersonCategory, since: r.since }]));

export async function listingsOf(db: Db, personId: string): Promise<Listing[]> {
  return toListings((await listings(db, [personId])).rows);
}

/** The listings of each of these persons (a few hundred at a time: the caller chunks them). */
export async function listingsOfMany(db: Db, personIds: readonly string[]): Promise<Map<string, Listing[]>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.kysely.selectFrom('key_persons').select(['person_id', 'category', (eb) => eb.fn.min('added_at').as('since')])
    .where('person_id', 'in', personIds).groupBy(['person_id', 'category']).execute();
  const byPerson = new Map<string, Array<{ category: string; since: string | null }>>();
  for (const r of rows) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r]);
  return new Map([...byPerson].map(([personId, own]) => [personId, toListings(own)]));
}

const toIssued = (r: { person_id: string; colour: string; issued_at: string; expires_ms: number | string }): IssuedCode => ({
  // PostgreSQL's bigint comes back as text.
  personId: r.person_id, colour: r.colour as Colour, issuedAt: r.issued_at, expiresMs: Number(r.expires_ms),
});

export async function recordIssuedCode(db: Db, code: IssuedCode, nowMs: number): Promise<IssuedCode | null> {
  return db.kysely.transaction().execute(async (trx) => {
    // One person's codes are recorded in turn: two issued at once would otherwise both compare against the same last code
    // (PostgreSQL's read committed; SQLite's one writer already serialises them), and a worsening could go unrevoked.
    if (db.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`kadian:issued-code:${code.personId}`}, 0))`.execute(trx);
    const before = await trx.selectFrom('issued_codes').selectAll().where('person_id', '=', code.personId).executeTakeFirst();
    const row = { colour: code.colour, issued_at: code.issuedAt, expires_ms: code.expiresMs };
    await trx.insertInto('issued_codes').values({ person_id: code.personId, ...row }).onConflict((oc) => oc.column('person_id').doUpdateSet(row)).execute();
    return before && Number(before.expires_ms) > nowMs ? toIssued(before) : null;
  });
}

export async function recordRevocation(db: Db, revocation: Revocation, pruneBeforeMs: number): Promise<void> {
  const ms = Date.parse(revocation.notBefore);
  await db.kysely.transaction().execute(async (trx) => {
    // The counter first: on PostgreSQL its row stays locked to the commit, so revisions commit in order.
    const counter = await trx.updateTable('revocation_revision').set((eb) => ({ revision: eb('revision', '+', 1) }))
      .where('id', '=', 1).returning('revision').executeTakeFirstOrThrow();
    const revision = Number(counter.revision);
    await trx.deleteFrom('code_revocations').where('not_before_ms', '<', pruneBeforeMs).execute();
    await trx.insertInto('code_revocations').values({ person_id: revocation.personId, not_before: revocation.notBefore, not_before_ms: ms, revision })
      .onConflict((oc) => oc.column('person_id').doUpdateSet({ not_before: revocation.notBefore, not_before_ms: ms, revision }).where('code_revocations.not_before_ms', '<', ms))
      .execute();
  });
}

const revocationsSince = compiledOnce((db, sinceMs: number, afterRevision: number) => db.kysely.selectFrom('code_revocations')
  .select(['person_id', 'not_before']).where('not_before_ms', '>=', sinceMs).where('revision', '>', afterRevision).orderBy('person_id'));

const revisionNow = compiledOnce((db) => db.kysely.selectFrom('revocation_revision').select('revision').where('id', '=', 1));

export async function listRevocations(db: Db, sinceMs: number, afterRevision = -1): Promise<RevocationsAt> {
  // The counter first: every row at or below it is committed by then (recordRevocation), so none is missed for good.
  const [counter] = (await revisionNow(db, [])).rows;
  const rows = (await revocationsSince(db, [sinceMs, afterRevision])).rows;
  return { revision: Number(counter?.revision ?? 0), revocations: rows.map((r) => ({ personId: r.person_id, notBefore: r.not_before })) };
}

/** Checkpoint ids per query: far below both databases' parameter limits. */
const IDS_PER_QUERY = 500;

export async function listedWithCodes(db: Db, checkpointIds: readonly string[] | null, nowMs: number): Promise<IssuedCode[]> {
  const chunks = checkpointIds === null ? [null] : Array.from({ length: Math.ceil(checkpointIds.length / IDS_PER_QUERY) }, (_, i) => checkpointIds.slice(i * IDS_PER_QUERY, (i + 1) * IDS_PER_QUERY));
  const found = new Map<string, IssuedCode>();
  for (const ids of chunks) {
    if (ids !== null && ids.length === 0) continue;
    // From the codes side: today's codes are what can be revoked, and a person is looked up in the lists by index.
    const rows = await db.kysely.selectFrom('issued_codes as i').selectAll('i').where('i.expires_ms', '>', nowMs)
      .where(({ exists, selectFrom }) => exists(selectFrom('key_persons as k').select('k.person_id').whereRef('k.person_id', '=', 'i.person_id')
        .$if(ids !== null, (q) => q.where('k.checkpoint_id', 'in', ids ?? []))))
      .execute();
    for (const r of rows) found.set(r.person_id, toIssued(r));
  }
  return [...found.values()];
}
