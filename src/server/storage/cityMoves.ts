/** One item of the city moved or removed, in one transaction each; a move corrects the area roll-ups (areaHours.ts) of the areas it leaves and joins. */
import type { Kysely } from 'kysely';
import { err, ok, type Result } from '../../core/result.ts';
import { lockAreaHours, pathIds, shiftAreaHours } from './areaHours.ts';
import { getArea, getCheckpointRecord, getPlace, siblingNamed, under } from './city.ts';
import type { AreaRecord, CheckpointRecord, CityChangeError, PlaceRecord, Removal } from './cityTypes.ts';
import type { Db } from './db.ts';
import { sql } from './kysely.ts';
import type { Database } from './schema.ts';

/**
 * Moves an area and its whole subtree under another parent (null: a root); never under itself. The subtree's figures
 * are its root's own area_hours rows: they leave the old ancestors and join the new ones, hour by hour; the areas
 * inside the subtree keep theirs, since what lies under them has not changed.
 */
export async function moveArea(db: Db, id: string, parentId: string | null): Promise<Result<AreaRecord, CityChangeError>> {
  const done = await db.kysely.transaction().execute(async (trx): Promise<Result<null, CityChangeError>> => {
    await lockAreaHours(trx, db.dialect);
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
    await shiftAreaHours(trx, { areaId: id }, pathIds(area.path).slice(0, -1), pathIds(parent.path));
    return ok(null);
  });
  if (!done.ok) return done;
  const moved = await getArea(db, id);
  return moved ? ok(moved) : err('city-unknown');
}

/** The area path of a place (null: the place is unknown; '' : it has no area, as a legacy SQLite row may not). */
async function placePath(trx: Kysely<Database>, placeId: string): Promise<string | null> {
  const row = await trx.selectFrom('places as p').leftJoin('areas as a', 'a.id', 'p.area_id').select('a.path').where('p.id', '=', placeId).executeTakeFirst();
  return row ? (row.path ?? '') : null;
}

/** Moves a place (with its checkpoints and their figures) into another area. */
export async function movePlace(db: Db, id: string, areaId: string): Promise<Result<PlaceRecord, CityChangeError>> {
  const moved = await db.kysely.transaction().execute(async (trx) => {
    await lockAreaHours(trx, db.dialect);
    const to = await trx.selectFrom('areas').select('path').where('id', '=', areaId).executeTakeFirst();
    const from = await placePath(trx, id);
    if (!to || from === null) return false;
    await trx.updateTable('places').set({ area_id: areaId }).where('id', '=', id).execute();
    // The place's checkpoints have another community now: their tablets are told with their next config pull.
    await trx.updateTable('checkpoints').set((eb) => ({ config_version: eb('config_version', '+', 1) })).where('place_id', '=', id).execute();
    const checkpointIds = (await trx.selectFrom('checkpoints').select('id').where('place_id', '=', id).execute()).map((r) => r.id);
    await shiftAreaHours(trx, { checkpointIds }, pathIds(from), pathIds(to.path));
    return true;
  });
  if (!moved) return err('city-unknown');
  const place = await getPlace(db, id);
  return place ? ok(place) : err('city-unknown');
}

/** Moves a checkpoint (with its figures) to another place, in this area or another. */
export async function moveCheckpoint(db: Db, id: string, placeId: string): Promise<Result<CheckpointRecord, CityChangeError>> {
  const moved = await db.kysely.transaction().execute(async (trx) => {
    await lockAreaHours(trx, db.dialect);
    const to = await placePath(trx, placeId);
    const checkpoint = await trx.selectFrom('checkpoints').select('place_id').where('id', '=', id).executeTakeFirst();
    if (to === null || !checkpoint) return false;
    const from = (await placePath(trx, checkpoint.place_id)) ?? '';
    await trx.updateTable('checkpoints').set((eb) => ({ place_id: placeId, config_version: eb('config_version', '+', 1) })).where('id', '=', id).execute();
    await shiftAreaHours(trx, { checkpointIds: [id] }, pathIds(from), pathIds(to));
    return true;
  });
  if (!moved) return err('city-unknown');
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
    if (places.length > 0) {
      // A count's corrections are kept by place (migration 012), which no checkpoint table covers.
      await trx.deleteFrom('place_count_corrections').where('place_id', 'in', places).execute();
      await trx.deleteFrom('places').where('id', 'in', places).execute();
    }
    if (areas.length > 0) {
      // Their roll-up rows are empty (no checkpoint under them has an entry, or the removal was refused), but any
      // left would outlive the ids they are keyed by.
      await trx.deleteFrom('area_hours').where('area_id', 'in', areas).execute();
      await trx.deleteFrom('areas').where('id', 'in', areas).execute();
    }
    return ok({ areas, places, checkpoints });
  });
}
