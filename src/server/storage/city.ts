/** The city's queries: areas (a tree kept as id paths), places and checkpoints, read by subtree; an import's writes; one item's edit (moves and removals: cityMoves.ts). */
import type { Kysely } from 'kysely';
import { readPlaceKind } from '../../core/city.ts';
import { DEFAULT_POLICY } from '../../core/policy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type {
  AreaEdit, AreaRecord, CheckpointEdit, CheckpointRecord, CityChangeError, CityChanges, CityIndex, PlaceEdit, PlaceEditBy, PlaceRecord,
} from './cityTypes.ts';
import { storedPolicy, writePolicyChange } from './policyChangeRows.ts';
import type { Db } from './db.ts';
import { sql } from './kysely.ts';
import { pathIds } from './areaHours.ts';
import type { Database } from './schema.ts';

/** Rows per multi-row insert: at most 6 values each, far below both databases' parameter limits. */
const ROWS = 500;

export const pathText = (ids: readonly string[]): string => `/${ids.map((id) => `${id}/`).join('')}`;

/** `column` (an area path) starts with `prefix`: the subtree test, the same SQL on both databases. */
export const under = (column: string, prefix: string) => sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;

type AreaRow = { id: string; parent_id: string | null; level: string; name: string; code: string | null; path: string };

/** Every area, with its path of ids and names: read whole (a city's tree is thousands of rows), so names need no join per level. */
async function areaMap(db: Kysely<Database>): Promise<Map<string, AreaRecord>> {
  const rows: AreaRow[] = await db.selectFrom('areas').select(['id', 'parent_id', 'level', 'name', 'code', 'path']).execute();
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return new Map(rows.map((r) => {
    const path = pathIds(r.path);
    return [r.id, { id: r.id, parentId: r.parent_id, level: r.level, name: r.name, code: r.code, path, names: path.map((id) => names.get(id) ?? id) }];
  }));
}

const byPath = (a: AreaRecord, b: AreaRecord): number => a.names.join('\u0000').localeCompare(b.names.join('\u0000'), 'zh') || a.id.localeCompare(b.id);

/** The areas of `rootId`'s subtree (the root included), or every area for null; parents before children. */
export async function listAreas(db: Db, rootId: string | null): Promise<AreaRecord[]> {
  const areas = [...(await areaMap(db.kysely)).values()];
  const within = rootId === null ? areas : areas.filter((a) => a.path.includes(rootId));
  return within.sort(byPath);
}

export async function getArea(db: Db, id: string): Promise<AreaRecord | null> {
  return (await areaMap(db.kysely)).get(id) ?? null;
}

type PlaceRow = { id: string; area_id: string | null; name: string; kind: string; capacity: number | null; code: string | null };
const toPlace = (r: PlaceRow): PlaceRecord => ({ id: r.id, areaId: r.area_id ?? '', name: r.name, kind: readPlaceKind(r.kind) ?? 'other', capacity: r.capacity, code: r.code });

const placeColumns = ['p.id', 'p.area_id', 'p.name', 'p.kind', 'p.capacity', 'p.code'] as const;

export async function listPlaces(db: Db, rootId: string | null): Promise<PlaceRecord[]> {
  const root = rootId === null ? null : await getArea(db, rootId);
  if (rootId !== null && !root) return [];
  const rows = await db.kysely.selectFrom('places as p').innerJoin('areas as a', 'a.id', 'p.area_id').select(placeColumns)
    .$if(root !== null, (q) => q.where(under('a.path', pathText(root?.path ?? []))))
    .orderBy('a.path').orderBy('p.name').execute();
  return rows.map(toPlace);
}

export async function getPlace(db: Db, id: string): Promise<PlaceRecord | null> {
  const row = await db.kysely.selectFrom('places as p').select(placeColumns).where('p.id', '=', id).executeTakeFirst();
  return row ? toPlace(row) : null;
}

const checkpointRows = (db: Db) => db.kysely.selectFrom('checkpoints as c')
  .innerJoin('places as p', 'p.id', 'c.place_id').innerJoin('areas as a', 'a.id', 'p.area_id')
  .select(['c.id', 'c.name', 'c.code', 'c.place_id', 'p.name as place_name', 'a.id as area_id', 'a.path']);

type CheckpointRow = { id: string; name: string; code: string | null; place_id: string; place_name: string; area_id: string; path: string };

function toCheckpointRecord(r: CheckpointRow, areas: Map<string, AreaRecord>): CheckpointRecord {
  const areaIds = pathIds(r.path);
  return {
    id: r.id, name: r.name, code: r.code, placeId: r.place_id, placeName: r.place_name, areaId: r.area_id,
    areaIds, areaPath: areaIds.map((id) => areas.get(id)?.name ?? id),
  };
}

/** The checkpoints of `rootId`'s subtree, or every one for null, with their place and area path. */
export async function listCheckpointRecords(db: Db, rootId: string | null): Promise<CheckpointRecord[]> {
  const areas = await areaMap(db.kysely);
  const root = rootId === null ? null : areas.get(rootId);
  if (rootId !== null && !root) return [];
  const rows = await checkpointRows(db).$if(root !== undefined && root !== null, (q) => q.where(under('a.path', pathText(root?.path ?? []))))
    .orderBy('a.path').orderBy('p.name').orderBy('c.name').execute();
  return rows.map((r) => toCheckpointRecord(r, areas));
}

export async function getCheckpointRecord(db: Db, id: string): Promise<CheckpointRecord | null> {
  const row = await checkpointRows(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toCheckpointRecord(row, await areaMap(db.kysely)) : null;
}

export async function cityIndex(db: Db): Promise<CityIndex> {
  const areas = [...(await areaMap(db.kysely)).values()];
  const places = (await db.kysely.selectFrom('places as p').select(placeColumns).execute()).map(toPlace);
  const checkpoints = (await db.kysely.selectFrom('checkpoints').select(['id', 'place_id', 'name', 'code']).execute())
    .map((r) => ({ id: r.id, placeId: r.place_id, name: r.name, code: r.code }));
  return { areas, places, checkpoints };
}

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS) await insert(rows.slice(i, i + ROWS));
}

/**
 * An import's writes in one transaction: all of them or none. New areas come parent first (the plan orders them), so
 * each one's path is its parent's (new or stored) plus its id. A new checkpoint starts with the default rules, and the
 * capacity of its place when the file gives one.
 */
export async function applyCityChanges(db: Db, changes: CityChanges): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const stored = await trx.selectFrom('areas').select(['id', 'path']).execute();
    const paths = new Map(stored.map((r) => [r.id, r.path]));
    const areaRows = changes.newAreas.map((a) => {
      const path = `${a.parentId === null ? '/' : paths.get(a.parentId)}${a.id}/`;
      paths.set(a.id, path);
      return { id: a.id, parent_id: a.parentId, level: a.level, name: a.name, code: a.code, path };
    });
    await insertChunked(areaRows, (chunk) => trx.insertInto('areas').values(chunk).execute());
    for (const a of changes.renamedAreas) await trx.updateTable('areas').set({ name: a.name }).where('id', '=', a.id).execute();
    await tellTabletsOfAreas(trx, changes.renamedAreas.map((a) => a.id));
    await insertChunked(changes.newPlaces, (chunk) => trx.insertInto('places')
      .values(chunk.map((p) => ({ id: p.id, area_id: p.areaId, name: p.name, kind: p.kind, capacity: p.capacity, code: p.code }))).execute());
    const at = new Date().toISOString();
    for (const p of changes.changedPlaces) {
      const before = await trx.selectFrom('places').select('capacity').where('id', '=', p.id).executeTakeFirst();
      await trx.updateTable('places').set({ name: p.name, kind: p.kind, capacity: p.capacity }).where('id', '=', p.id).execute();
      // A new capacity from the file is the gates' too, as an edit's is; a rename leaves the gates' rules as they are.
      if (before && before.capacity !== p.capacity) await capacityToGates(trx, p.id, p.capacity, { at });
    }
    await insertChunked(changes.newCheckpoints, (chunk) => trx.insertInto('checkpoints').values(chunk.map((c) => ({
      id: c.id, place_id: c.placeId, name: c.name, code: c.code, config_version: 1,
      policy: JSON.stringify({ ...DEFAULT_POLICY, capacity: c.capacity ?? DEFAULT_POLICY.capacity }),
    }))).execute());
    for (const c of changes.renamedCheckpoints) {
      await trx.updateTable('checkpoints').set((eb) => ({ name: c.name, config_version: eb('config_version', '+', 1) })).where('id', '=', c.id).execute();
    }
  });
}

/**
 * A tablet's community is its place's area (storage/checkpoints.ts): when such an area is renamed, the checkpoints of
 * its places get a new config version, so their tablets pull the new name (as a checkpoint's own rename does).
 */
async function tellTabletsOfAreas(trx: Kysely<Database>, areaIds: readonly string[]): Promise<void> {
  if (areaIds.length === 0) return;
  await trx.updateTable('checkpoints').set((eb) => ({ config_version: eb('config_version', '+', 1) }))
    .where('place_id', 'in', trx.selectFrom('places').select('id').where('area_id', 'in', areaIds)).execute();
}

/** Whether a sibling (same parent, or both roots) already has this name. */
export async function siblingNamed(trx: Kysely<Database>, parentId: string | null, name: string, except: string): Promise<boolean> {
  const row = await trx.selectFrom('areas').select('id').where('name', '=', name).where('id', '!=', except)
    .where((eb) => (parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parentId))).executeTakeFirst();
  return row !== undefined;
}

const codeTaken = (e: unknown): boolean => /unique|duplicate/i.test(String((e as Error).message));

export async function editArea(db: Db, id: string, edit: AreaEdit): Promise<Result<AreaRecord, CityChangeError>> {
  try {
    const done = await db.kysely.transaction().execute(async (trx): Promise<Result<null, CityChangeError>> => {
      const area = await trx.selectFrom('areas').select(['parent_id']).where('id', '=', id).executeTakeFirst();
      if (!area) return err('city-unknown');
      if (edit.name !== undefined && (await siblingNamed(trx, area.parent_id, edit.name, id))) return err('city-name-taken');
      await trx.updateTable('areas').set({
        ...(edit.name !== undefined && { name: edit.name }), ...(edit.code !== undefined && { code: edit.code }), ...(edit.level !== undefined && { level: edit.level }),
      }).where('id', '=', id).execute();
      if (edit.name !== undefined) await tellTabletsOfAreas(trx, [id]);
      return ok(null);
    });
    if (!done.ok) return done;
  } catch (e) {
    if (codeTaken(e)) return err('city-code-taken');
    throw e;
  }
  const area = await getArea(db, id);
  return area ? ok(area) : err('city-unknown');
}

/**
 * A place's capacity is what its gates judge entries by (their policies' `capacity`, core/verdict.ts) against its
 * shared inside count: each gate whose rules say otherwise gets it, as a change of its rules (version bumped, recorded
 * in its history as `by`'s), so its tablets pull it. Gates in id order: two edits of one place take their rows in turn.
 */
async function capacityToGates(trx: Kysely<Database>, placeId: string, capacity: number | null, by: PlaceEditBy): Promise<void> {
  const gates = await trx.selectFrom('checkpoints').select(['id', 'policy']).where('place_id', '=', placeId).orderBy('id').execute();
  for (const gate of gates) {
    const policy = storedPolicy(gate.policy);
    if (policy.capacity === capacity) continue;
    await writePolicyChange(trx, {
      checkpointId: gate.id, deviceId: null, deviceLabel: null, changedAt: by.at, receivedAt: by.at, after: { ...policy, capacity }, restoredFrom: null,
      ...(by.user && { user: by.user }),
    });
  }
}

export async function editPlace(db: Db, id: string, edit: PlaceEdit, by: PlaceEditBy = { at: new Date().toISOString() }): Promise<Result<PlaceRecord, CityChangeError>> {
  try {
    const found = await db.kysely.transaction().execute(async (trx) => {
      const result = await trx.updateTable('places').set({
        ...(edit.name !== undefined && { name: edit.name }), ...(edit.code !== undefined && { code: edit.code }),
        ...(edit.kind !== undefined && { kind: edit.kind }), ...(edit.capacity !== undefined && { capacity: edit.capacity }),
      }).where('id', '=', id).executeTakeFirst();
      if (result.numUpdatedRows !== 1n) return false;
      if (edit.capacity !== undefined) await capacityToGates(trx, id, edit.capacity, by);
      // The kind reaches the tablets in their config (a road's gates log vehicles): they pull it at the next version.
      if (edit.kind !== undefined) {
        await trx.updateTable('checkpoints').set((eb) => ({ config_version: eb('config_version', '+', 1) })).where('place_id', '=', id).execute();
      }
      return true;
    });
    if (!found) return err('city-unknown');
  } catch (e) {
    if (codeTaken(e)) return err('city-code-taken');
    throw e;
  }
  const place = await getPlace(db, id);
  return place ? ok(place) : err('city-unknown');
}

export async function editCheckpoint(db: Db, id: string, edit: CheckpointEdit): Promise<Result<CheckpointRecord, CityChangeError>> {
  try {
    // A new name reaches the tablets with their next config pull.
    const result = await db.kysely.updateTable('checkpoints').set((eb) => ({
      ...(edit.name !== undefined && { name: edit.name }), ...(edit.code !== undefined && { code: edit.code }),
      ...(edit.name !== undefined && { config_version: eb('config_version', '+', 1) }),
    })).where('id', '=', id).executeTakeFirst();
    if (result.numUpdatedRows !== 1n) return err('city-unknown');
  } catch (e) {
    if (codeTaken(e)) return err('city-code-taken');
    throw e;
  }
  const checkpoint = await getCheckpointRecord(db, id);
  return checkpoint ? ok(checkpoint) : err('city-unknown');
}
