/** The console's figures, read from the hourly roll-ups (entry_hours per checkpoint, area_hours per area) and the tablets' bookkeeping: never a scan of `entries`. */
import type { RawBuilder, SqlBool } from 'kysely';
import type { Db } from './db.ts';
import { ROLLUP_COLUMNS, type RollupColumn } from './entryHours.ts';
import { sql } from './kysely.ts';
import { SELF_TOKEN_PREFIX } from './selfCheckInTypes.ts';

/** The roll-up's counters, summed over some checkpoints and hours, named as entryHours.ts's columns. */
export type RollupSums = Record<RollupColumn, number>;

/** Epoch hours (UTC) from `from` up to, not including, `to`. */
export interface HourRange {
  from: number;
  to: number;
}

export interface TabletFreshness {
  /** Unrevoked tablets. */
  devices: number;
  /** The oldest last-seen among them; null when none has ever been seen. */
  oldestLastSeenAt: string | null;
}

export const emptySums = (): RollupSums => Object.fromEntries(ROLLUP_COLUMNS.map((c) => [c, 0])) as RollupSums;

export function addSums(into: RollupSums, more: RollupSums): RollupSums {
  for (const c of ROLLUP_COLUMNS) into[c] += more[c];
  return into;
}

/**
 * `column` (`checkpoint_id`, `area_id`) is one of `ids`, given as one parameter (a text array on PostgreSQL, a JSON
 * array for SQLite's json_each): the statement's text stays the same for a city's 4,000 checkpoints or one, and each id
 * is a range of the primary key (id, hour).
 */
function ofIds(db: Db, column: string, ids: readonly string[]): RawBuilder<SqlBool> {
  return db.dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = ANY(${ids}::text[])`
    : sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/** sum() of a counter: numeric on PostgreSQL, which pg reads as text, so cast back to int8 (read as a number). */
const total = (db: Db, column: RollupColumn) =>
  (db.dialect === 'postgres' ? sql<number>`sum(${sql.ref(column)})::int8` : sql<number>`sum(${sql.ref(column)})`).as(column);

const sumsOf = (row: Record<RollupColumn, number | string>): RollupSums =>
  Object.fromEntries(ROLLUP_COLUMNS.map((c) => [c, Number(row[c])])) as RollupSums;

const hoursOf = (db: Db, ids: readonly string[], range: HourRange) =>
  db.kysely.selectFrom('entry_hours').where(ofIds(db, 'checkpoint_id', ids)).where('hour', '>=', range.from).where('hour', '<', range.to);

/** The counters of each of `ids` over the hours (a checkpoint without entries there is missing from the map). */
export async function figuresByCheckpoint(db: Db, ids: readonly string[], range: HourRange): Promise<Map<string, RollupSums>> {
  if (ids.length === 0 || range.to <= range.from) return new Map();
  const rows = await hoursOf(db, ids, range)
    .select((eb) => [eb.ref('checkpoint_id').as('checkpoint_id'), ...ROLLUP_COLUMNS.map((c) => total(db, c))])
    .groupBy('checkpoint_id').execute();
  return new Map(rows.map((r) => [r.checkpoint_id, sumsOf(r)]));
}

/** The counters of all of `ids` together, hour by hour (an hour without entries is missing from the map). */
export async function figuresByHour(db: Db, ids: readonly string[], range: HourRange): Promise<Map<number, RollupSums>> {
  if (ids.length === 0 || range.to <= range.from) return new Map();
  const rows = await hoursOf(db, ids, range)
    .select((eb) => [eb.ref('hour').as('hour'), ...ROLLUP_COLUMNS.map((c) => total(db, c))])
    .groupBy('hour').execute();
  return new Map(rows.map((r) => [Number(r.hour), sumsOf(r)]));
}

/** Scans (in + out) of each of `ids` in each hour that has any: the heat map's cells, before they are grouped by child. */
export async function scansByCheckpointHour(db: Db, ids: readonly string[], range: HourRange): Promise<Array<{ checkpointId: string; hour: number; scans: number }>> {
  if (ids.length === 0 || range.to <= range.from) return [];
  const rows = await hoursOf(db, ids, range).select(['checkpoint_id', 'hour', 'entries_in', 'entries_out']).execute();
  return rows.map((r) => ({ checkpointId: r.checkpoint_id, hour: Number(r.hour), scans: Number(r.entries_in) + Number(r.entries_out) }));
}

/**
 * Per checkpoint among `ids`, its unrevoked tablets and the oldest last-seen of them (checkpoints without tablets are
 * missing). A place's self check-in device is the server's own, never seen syncing: not a tablet an operator could chase.
 */
export async function tabletFreshness(db: Db, ids: readonly string[]): Promise<Map<string, TabletFreshness>> {
  if (ids.length === 0) return new Map();
  const rows = await db.kysely.selectFrom('devices').where(ofIds(db, 'checkpoint_id', ids)).where('revoked_at', 'is', null)
    .where('token_hash', 'not like', `${SELF_TOKEN_PREFIX}%`)
    .select((eb) => ['checkpoint_id', eb.fn.countAll<number>().as('devices'), eb.fn.min('last_seen_at').as('oldest')])
    .groupBy('checkpoint_id').execute();
  return new Map(rows.map((r) => [r.checkpoint_id, { devices: Number(r.devices), oldestLastSeenAt: r.oldest ?? null }]));
}

const areaHoursOf = (db: Db, ids: readonly string[], range: HourRange) =>
  db.kysely.selectFrom('area_hours').where(ofIds(db, 'area_id', ids)).where('hour', '>=', range.from).where('hour', '<', range.to);

/**
 * The counters of each of the areas `ids` over the hours, each its whole subtree's (an area without entries there is
 * missing from the map): what figuresByCheckpoint gives for all the checkpoints under it, read from one row per hour.
 */
export async function figuresByArea(db: Db, ids: readonly string[], range: HourRange): Promise<Map<string, RollupSums>> {
  if (ids.length === 0 || range.to <= range.from) return new Map();
  const rows = await areaHoursOf(db, ids, range)
    .select((eb) => [eb.ref('area_id').as('area_id'), ...ROLLUP_COLUMNS.map((c) => total(db, c))])
    .groupBy('area_id').execute();
  return new Map(rows.map((r) => [r.area_id, sumsOf(r)]));
}

/** The counters of the areas `ids` together (areas apart, none inside another), hour by hour, as figuresByHour. */
export async function figuresByHourOfAreas(db: Db, ids: readonly string[], range: HourRange): Promise<Map<number, RollupSums>> {
  if (ids.length === 0 || range.to <= range.from) return new Map();
  const rows = await areaHoursOf(db, ids, range)
    .select((eb) => [eb.ref('hour').as('hour'), ...ROLLUP_COLUMNS.map((c) => total(db, c))])
    .groupBy('hour').execute();
  return new Map(rows.map((r) => [Number(r.hour), sumsOf(r)]));
}

/** Scans (in + out) of each of the areas `ids` in each hour that has any, as scansByCheckpointHour. */
export async function scansByAreaHour(db: Db, ids: readonly string[], range: HourRange): Promise<Array<{ areaId: string; hour: number; scans: number }>> {
  if (ids.length === 0 || range.to <= range.from) return [];
  const rows = await areaHoursOf(db, ids, range).select(['area_id', 'hour', 'entries_in', 'entries_out']).execute();
  return rows.map((r) => ({ areaId: r.area_id, hour: Number(r.hour), scans: Number(r.entries_in) + Number(r.entries_out) }));
}
