/** Key-person lists by revision (migration 022): each checkpoint's list as last sent, every tag with the revision it changed at, removals kept a while. */
import type { Kysely } from 'kysely';
import type { KeyPersonDerivation, ScryptParams } from '../../core/keyPersonLookup.ts';
import { compiledOnce, type Db } from './db.ts';
import type { KeyPersonRevision, Publication, PublishedTag, RemovalsKept, SealedTag } from './keyPersonRevisionTypes.ts';
import { readJson, type Database } from './schema.ts';

const sameKdf = (a: ScryptParams, b: ScryptParams): boolean => a.name === b.name && a.N === b.N && a.r === b.r && a.p === b.p;
const sameDerivation = (a: KeyPersonDerivation, b: KeyPersonDerivation): boolean => a.salt === b.salt && sameKdf(a.kdf, b.kdf);

const stateOf = compiledOnce((db, checkpointId: string) => db.kysely.selectFrom('key_person_revisions')
  .select(['salt', 'kdf', 'revision', 'delta_from', 'config_version']).where('checkpoint_id', '=', checkpointId));

export async function keyPersonRevision(db: Db, checkpointId: string): Promise<KeyPersonRevision | null> {
  const [row] = (await stateOf(db, [checkpointId])).rows;
  // kdf is written only by publishKeyPersons, from the derivation the list was sealed with.
  return row ? { derivation: { salt: row.salt, kdf: readJson<ScryptParams>(row.kdf) }, revision: row.revision, deltaFrom: row.delta_from, configVersion: row.config_version } : null;
}

const liveTags = compiledOnce((db, checkpointId: string) => db.kysely.selectFrom('key_person_tags').select(['tag', 'box'])
  .where('checkpoint_id', '=', checkpointId).where('box', 'is not', null));

const tagsAfter = compiledOnce((db, checkpointId: string, after: number) => db.kysely.selectFrom('key_person_tags').select(['tag', 'box'])
  .where('checkpoint_id', '=', checkpointId).where('revision', '>', after));

export async function keyPersonTags(db: Db, checkpointId: string, after?: number): Promise<{ persons: SealedTag[]; removed: string[] }> {
  const { rows } = after === undefined ? await liveTags(db, [checkpointId]) : await tagsAfter(db, [checkpointId, after]);
  const persons: SealedTag[] = [];
  const removed: string[] = [];
  for (const r of rows) {
    if (r.box === null) removed.push(r.tag);
    else persons.push({ tag: r.tag, box: r.box });
  }
  return { persons, removed };
}

/** Rows per insert (6 parameters each) and tags per IN list: far below both databases' parameter limits. */
const ROWS_PER_STATEMENT = 500;

function chunks<T>(items: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / ROWS_PER_STATEMENT) }, (_, i) => items.slice(i * ROWS_PER_STATEMENT, (i + 1) * ROWS_PER_STATEMENT));
}

async function upsertTags(trx: Kysely<Database>, checkpointId: string, persons: readonly PublishedTag[], revision: number, at: string): Promise<void> {
  for (const chunk of chunks(persons)) {
    await trx.insertInto('key_person_tags').values(chunk.map((p) => ({ checkpoint_id: checkpointId, tag: p.tag, box: p.box, said: p.said, revision, changed_at: at })))
      .onConflict((oc) => oc.columns(['checkpoint_id', 'tag']).doUpdateSet((eb) => ({
        box: eb.ref('excluded.box'), said: eb.ref('excluded.said'), revision: eb.ref('excluded.revision'), changed_at: eb.ref('excluded.changed_at'),
      })))
      .execute();
  }
}

/** A removal as remembered: its tag, its revision and when. */
type Tombstone = { tag: string; revision: number; changed_at: string };

/** Which tombstones to forget: the oldest past `removedMax` (the new removals counted first) and any changed before `removedBefore`. */
function forgotten(fresh: readonly Tombstone[], older: readonly Tombstone[], kept: RemovalsKept): Tombstone[] {
  const all = [...fresh, ...[...older].sort((a, b) => b.revision - a.revision)];
  return all.filter((t, i) => i >= kept.removedMax || t.changed_at < kept.removedBefore);
}

/**
 * Publishes a list computed at config `version` (storage's KeyPersonRevisionStorage). The derivation is checked against
 * key_person_lists after the persons were read, so persons of a salt replaced meanwhile are never published under the
 * old one. On PostgreSQL the conditional update holds the checkpoint's row: two publishers take turns, and the second
 * finds the version already published.
 */
export async function publishKeyPersons(
  db: Db, checkpointId: string, version: number, derivation: KeyPersonDerivation, persons: readonly PublishedTag[], at: string, kept: RemovalsKept,
): Promise<Publication> {
  return db.kysely.transaction().execute(async (trx): Promise<Publication> => {
    const list = await trx.selectFrom('key_person_lists').select(['salt', 'kdf']).where('checkpoint_id', '=', checkpointId).executeTakeFirst();
    if (!list || !sameDerivation({ salt: list.salt, kdf: readJson(list.kdf) }, derivation)) return 'stale';
    await trx.insertInto('key_person_revisions')
      .values({ checkpoint_id: checkpointId, salt: derivation.salt, kdf: JSON.stringify(derivation.kdf), revision: 0, delta_from: 0, config_version: 0 })
      .onConflict((oc) => oc.column('checkpoint_id').doNothing()).execute();
    const state = await trx.updateTable('key_person_revisions').set({ config_version: version })
      .where('checkpoint_id', '=', checkpointId).where('config_version', '<', version)
      .returning(['salt', 'kdf', 'revision', 'delta_from']).executeTakeFirst();
    if (!state) return 'already';
    const next = state.revision + 1;
    // One entry per tag (a tag is one person's under one salt).
    const wanted = new Map(persons.map((p) => [p.tag, p]));

    if (!sameDerivation({ salt: state.salt, kdf: readJson<ScryptParams>(state.kdf) }, derivation)) {
      // Another salt: no tag carries over, so the whole list is the delta; tablets holding any older revision get it whole.
      await trx.deleteFrom('key_person_tags').where('checkpoint_id', '=', checkpointId).execute();
      await upsertTags(trx, checkpointId, [...wanted.values()], next, at);
      await trx.updateTable('key_person_revisions').set({ salt: derivation.salt, kdf: JSON.stringify(derivation.kdf), revision: next, delta_from: next })
        .where('checkpoint_id', '=', checkpointId).execute();
      return 'published';
    }

    const rows = await trx.selectFrom('key_person_tags').select(['tag', 'box', 'said', 'revision', 'changed_at']).where('checkpoint_id', '=', checkpointId).execute();
    const held = new Map(rows.map((r) => [r.tag, r]));
    // A person saying the same keeps the box tablets hold, even if sealed again since (another IV).
    const changed = [...wanted.values()].filter((p) => {
      const row = held.get(p.tag);
      return row === undefined || row.box === null || row.said !== p.said;
    });
    const removed = rows.filter((r) => r.box !== null && !wanted.has(r.tag)).map((r) => r.tag);
    const forget = forgotten(
      removed.map((tag) => ({ tag, revision: next, changed_at: at })),
      rows.filter((r) => r.box === null && !wanted.has(r.tag)),
      kept,
    );
    await upsertTags(trx, checkpointId, changed, next, at);
    for (const chunk of chunks(removed)) {
      await trx.updateTable('key_person_tags').set({ box: null, revision: next, changed_at: at }).where('checkpoint_id', '=', checkpointId).where('tag', 'in', chunk).execute();
    }
    for (const chunk of chunks(forget.map((t) => t.tag))) {
      await trx.deleteFrom('key_person_tags').where('checkpoint_id', '=', checkpointId).where('tag', 'in', chunk).execute();
    }
    const revision = changed.length + removed.length > 0 ? next : state.revision;
    // A tablet behind a forgotten removal could not learn of it: it gets the whole list.
    const deltaFrom = forget.reduce((highest, t) => Math.max(highest, t.revision), state.delta_from);
    if (revision !== state.revision || deltaFrom !== state.delta_from) {
      await trx.updateTable('key_person_revisions').set({ revision, delta_from: deltaFrom }).where('checkpoint_id', '=', checkpointId).execute();
    }
    return 'published';
  });
}
