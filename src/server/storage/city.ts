/** The city's queries: areas (a tree kept as id paths), places and checkpoints, read by subtree; an import's writes; one item's edit, move and removal. */
import type { Kysely } from 'kysely';
import { readPlaceKind } from '../../core/city.ts';
import { DEFAULT_POLICY } from '../../core/policy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type {
  AreaEdit, AreaRecord, CheckpointEdit, CheckpointRecord, CityChangeError, CityChanges, CityIndex, PlaceEdit, PlaceRecord, Removal,
} from './cityTypes.ts';
import type { Db } from './db.ts';
import { sql } from './kysely.ts';
import type { Database } from './schema.ts';

/** Rows per multi-row insert: at most 6 values each, far below both databases' parameter limits. */
const ROWS = 500;

export const pathText = (ids: readonly string[]): string => `/${ids.map((id) => `${id}/`).join('')}`;
const pathIds = (path: string): string[] => path.split('/').filter((id) => id !== '');

/** `column` (an area path) starts with `prefix`: the subtree test, the same SQL on both databases. */
const under = (column: string, prefix: string) => sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;

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
    for (const p of changes.changedPlaces) {
      await trx.updateTable('places').set({ name: p.name, kind: p.kind, capacity: p.capacity }).where('id', '=', p.id).execute();
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
async function siblingNamed(trx: Kysely<Database>, parentId: string | null, name: string, except: string): Promise<boolean> {
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

/** Moves an area and its whole subtree under another parent (null: a root); never under itself. */
export async function moveArea(db: Db, id: string, parentId: string | null): Promise<Result<AreaRecord, CityChangeError>> {
  const done = await db.kysely.transaction().execute(async (trx): Promise<Result<null, CityChangeError>> => {
    const area = await trx.selectFrom('areas').select(['name', 'path']).where('id', '=', id).executeTakeFirst();
    if (!area) return err('city-unknown');
    const parent = parentId === null ? { path: '/' } : await trx.selectFrom('areas').select('path').where('id', '=', parentId).executeTakeFirst();
    if (!parent) return err('city-unknown');
    if (parent.path.startsWith(area.path)) return err('city-move-into-itself');
    if (await siblingNamed(trx, parentId, area.name, id)) return err('city-name-taken');
    const newPath = `${parent.path}${id}/`;
    await trx.updateTable('areas').set({ path: sql<string>`${newPath} || substr(path, ${area.path.length + 1})` })
      .where(under('path', area.path)).execute();
    await trx.updateTable('areas').set({ parent_id: parentId }).where('id', '=', id).execute();
    return ok(null);
  });
  if (!done.ok) return done;
  const moved = await getArea(db, id);
  return moved ? ok(moved) : err('city-unknown');
}

export async function editPlace(db: Db, id: string, edit: PlaceEdit): Promise<Result<PlaceRecord, CityChangeError>> {
  try {
    const result = await db.kysely.updateTable('places').set({
      ...(edit.name !== undefined && { name: edit.name }), ...(edit.code !== undefined && { code: edit.code }),
      ...(edit.kind !== undefined && { kind: edit.kind }), ...(edit.capacity !== undefined && { capacity: edit.capacity }),
    }).where('id', '=', id).executeTakeFirst();
    if (result.numUpdatedRows !== 1n) return err('city-unknown');
  } catch (e) {
    if (codeTaken(e)) return err('city-code-taken');
    throw e;
  }
  const place = await getPlace(db, id);
  return place ? ok(place) : err('city-unknown');
}

export async function movePlace(db: Db, id: string, areaId: string): Promise<Result<PlaceRecord, CityChangeError>> {
  if (!(await getArea(db, areaId))) return err('city-unknown');
  const moved = await db.kysely.transaction().execute(async (trx) => {
    const result = await trx.updateTable('places').set({ area_id: areaId }).where('id', '=', id).executeTakeFirst();
    // The place's checkpoints have another community now: their tablets are told with their next config pull.
    if (result.numUpdatedRows === 1n) await trx.updateTable('checkpoints').set((eb) => ({ config_version: eb('config_version', '+', 1) })).where('place_id', '=', id).execute();
    return result.numUpdatedRows === 1n;
  });
  if (!moved) return err('city-unknown');
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

export async function moveCheckpoint(db: Db, id: string, placeId: string): Promise<Result<CheckpointRecord, CityChangeError>> {
  if (!(await getPlace(db, placeId))) return err('city-unknown');
  const result = await db.kysely.updateTable('checkpoints').set((eb) => ({ place_id: placeId, config_version: eb('config_version', '+', 1) }))
    .where('id', '=', id).executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return err('city-unknown');
  const checkpoint = await getCheckpointRecord(db, id);
  return checkpoint ? ok(checkpoint) : err('city-unknown');
}

/** The tables keyed by checkpoint, as the database has them now: a later migration's table is removed with its checkpoint too. */
async function checkpointTables(trx: Kysely<Database>, db: Db): Promise<string[]> {
  const { rows } = db.dialect === 'postgres'
    ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'checkpoint_id'`.execute(trx)
    : await sql<{ name: string }>`SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) p
        WHERE m.type = 'table' AND p.name = 'checkpoint_id'`.execute(trx);
  return rows.map((r) => r.name);
}

/**
 * Removes what `what` names and everything under it, in one transaction, or nothing: refused while a checkpoint among
 * them has a tablet (enrolled ever, revoked too) or an entry, or an account belongs to one of the areas or places.
 */
export async function removeCity(db: Db, what: { areaId?: string; placeId?: string; checkpointId?: string }): Promise<Result<Removal, CityChangeError>> {
  return db.kysely.transaction().execute(async (trx): Promise<Result<Removal, CityChangeError>> => {
    let areas: string[] = [];
    let places: string[] = [];
    let checkpoints: string[] = [];
    if (what.areaId !== undefined) {
      const root = await trx.selectFrom('areas').select('path').where('id', '=', what.areaId).executeTakeFirst();
      if (!root) return err('city-unknown');
      areas = (await trx.selectFrom('areas').select('id').where(under('path', root.path)).execute()).map((r) => r.id);
      places = areas.length ? (await trx.selectFrom('places').select('id').where('area_id', 'in', areas).execute()).map((r) => r.id) : [];
    } else if (what.placeId !== undefined) {
      if (!(await trx.selectFrom('places').select('id').where('id', '=', what.placeId).executeTakeFirst())) return err('city-unknown');
      places = [what.placeId];
    }
    if (what.checkpointId !== undefined) {
      if (!(await trx.selectFrom('checkpoints').select('id').where('id', '=', what.checkpointId).executeTakeFirst())) return err('city-unknown');
      checkpoints = [what.checkpointId];
    } else if (places.length > 0) {
      checkpoints = (await trx.selectFrom('checkpoints').select('id').where('place_id', 'in', places).execute()).map((r) => r.id);
    }
    if (checkpoints.length > 0) {
      const device = await trx.selectFrom('devices').select('id').where('checkpoint_id', 'in', checkpoints).executeTakeFirst();
      const entry = await trx.selectFrom('entries').select('seq').where('checkpoint_id', 'in', checkpoints).executeTakeFirst();
      if (device || entry) return err('city-in-use');
    }
    if (areas.length + places.length > 0) {
      const user = await trx.selectFrom('users').select('id')
        .where((eb) => eb.or([...(areas.length ? [eb('area_id', 'in', areas)] : []), ...(places.length ? [eb('place_id', 'in', places)] : [])]))
        .executeTakeFirst();
      if (user) return err('city-has-users');
    }
    if (checkpoints.length > 0) {
      for (const table of await checkpointTables(trx, db)) {
        if (table === 'checkpoints') continue;
        await sql`DELETE FROM ${sql.table(table)} WHERE checkpoint_id IN (${sql.join(checkpoints)})`.execute(trx);
      }
      await trx.deleteFrom('checkpoints').where('id', 'in', checkpoints).execute();
    }
    if (places.length > 0) await trx.deleteFrom('places').where('id', 'in', places).execute();
    if (areas.length > 0) await trx.deleteFrom('areas').where('id', 'in', areas).execute();
    return ok({ areas, places, checkpoints });
  });
}
