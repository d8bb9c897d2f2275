/** Checkpoints as tablets see them: the demo, the list, one checkpoint's config, and the version tablets pull against. */
import type { Kysely } from 'kysely';
import { readPlaceKind } from '../../core/city.ts';
import { DEFAULT_POLICY, type Policy } from '../../core/policy.ts';
import { compiledOnce, type Db } from './db.ts';
import { readJson, type Database } from './schema.ts';
import { DEMO, type Checkpoint, type ConfigMarks, type StoredConfig } from './storage.ts';

/** Written only by this server from a typed Policy; the defaults fill fields added since. */
export const readPolicy = (stored: Partial<Policy> | string): Policy => ({ ...DEFAULT_POLICY, ...readJson(stored) });

/**
 * A tablet's `communityId` and `communityName` (wire.ts, unchanged since before areas) are its place's area: a
 * community's own area for a checkpoint from before migration 005, the lowest area of its row for an imported one.
 */
const withCommunity = (db: Db) =>
  db.kysely.selectFrom('checkpoints as c').innerJoin('places as p', 'p.id', 'c.place_id').innerJoin('areas as m', 'm.id', 'p.area_id')
    .select(['c.id', 'c.name', 'm.id as community_id', 'm.name as community_name', 'p.kind as place_kind', 'c.policy', 'c.config_version']);

type CheckpointRow = { id: string; name: string; community_id: string; community_name: string; place_kind: string };

const toCheckpoint = (r: CheckpointRow): Checkpoint => {
  const placeKind = readPlaceKind(r.place_kind);
  return { id: r.id, name: r.name, communityId: r.community_id, communityName: r.community_name, ...(placeKind && { placeKind }) };
};

export async function ensureDemo(db: Db): Promise<{ checkpoint: Checkpoint; created: boolean }> {
  const created = await db.kysely.transaction().execute(async (trx) => {
    // As migration 005 made every community from before: an area at the community level, one place of the same id.
    await trx.insertInto('areas').values({ id: DEMO.communityId, parent_id: null, level: 'community', name: DEMO.communityName, code: null, path: `/${DEMO.communityId}/` })
      .onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto('places').values({ id: DEMO.communityId, area_id: DEMO.communityId, name: DEMO.communityName, kind: 'compound', capacity: null, code: null })
      .onConflict((oc) => oc.doNothing()).execute();
    const made = await trx.insertInto('checkpoints')
      .values({ id: DEMO.checkpointId, place_id: DEMO.communityId, name: DEMO.checkpointName, policy: JSON.stringify(DEFAULT_POLICY), config_version: 1 })
      .onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return made.numInsertedOrUpdatedRows === 1n;
  });
  const checkpoint = await getCheckpoint(db, DEMO.checkpointId);
  if (!checkpoint) throw new Error('the demo checkpoint vanished right after it was ensured');
  return { checkpoint, created };
}

export async function listCheckpoints(db: Db): Promise<Checkpoint[]> {
  return (await withCommunity(db).orderBy('m.path').orderBy('c.id').execute()).map(toCheckpoint);
}

export async function getCheckpoint(db: Db, id: string): Promise<Checkpoint | null> {
  const row = await withCommunity(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toCheckpoint(row) : null;
}

// Every config pull lands here.
const configOf = compiledOnce((db, checkpointId: string) => withCommunity(db).where('c.id', '=', checkpointId));

export async function getConfig(db: Db, checkpointId: string): Promise<StoredConfig | null> {
  const [row] = (await configOf(db, [checkpointId])).rows;
  if (!row) return null;
  return { version: row.config_version, checkpoint: toCheckpoint(row), policy: readPolicy(row.policy) };
}

// The one query of a config pull that finds nothing changed: 20,000 tablets make one after each push.
const marksOf = compiledOnce((db, checkpointId: string) => db.kysely.selectFrom('checkpoints as c')
  .select((eb) => [
    'c.config_version',
    eb.selectFrom('trust_list').select('version').where('id', '=', 1).as('trust_version'),
    eb.selectFrom('revocation_revision').select('revision').where('id', '=', 1).as('revocation_revision'),
  ])
  .where('c.id', '=', checkpointId));

export async function configMarks(db: Db, checkpointId: string): Promise<ConfigMarks | null> {
  const [row] = (await marksOf(db, [checkpointId])).rows;
  if (!row) return null;
  return { checkpointVersion: row.config_version, trustVersion: Number(row.trust_version ?? 0), revocationRevision: Number(row.revocation_revision ?? 0) };
}

/**
 * The checkpoint's next config version, and its rules as they were; null for an unknown checkpoint. On PostgreSQL the
 * row stays locked until the transaction ends, so lead-mode changes of one checkpoint take turns (SQLite: IMMEDIATE).
 */
export async function bumpVersion(trx: Kysely<Database>, checkpointId: string): Promise<{ version: number; policy: Policy } | null> {
  const row = await trx.updateTable('checkpoints').set((eb) => ({ config_version: eb('config_version', '+', 1) }))
    .where('id', '=', checkpointId).returning(['config_version', 'policy']).executeTakeFirst();
  return row ? { version: row.config_version, policy: readPolicy(row.policy) } : null;
}
