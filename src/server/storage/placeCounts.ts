/** A place's shared inside count over all its gates (issue #17): passed entries minus passed exits since the last daily reset or correction, from the roll-ups and the log. */

// A sum over stored rows: a re-sent batch (stored once) or batches arriving out of order change nothing, by construction.
import { randomBytes } from 'node:crypto';
import { baselineOf, insideFrom, isResetTime, type Baseline, type PlaceCount } from '../../core/placeCount.ts';
import type { RawBuilder, SqlBool } from 'kysely';
import { compiledOnce, type Db } from './db.ts';
import { HOUR_MS } from './entryHours.ts';
import { sql } from './kysely.ts';

/** The first whole epoch hour starting at or after `ms`: the roll-ups count from it, the log before it. */
export const ceilHour = (ms: number): number => Math.ceil(ms / HOUR_MS);

/** A correction as the console or the CLI makes it: `inside` persons were in the place at `at`, said by `by` ('operator' at the CLI). */
export interface PlaceCountCorrection {
  placeId: string;
  inside: number;
  at: Date;
  reason: string;
  by: string;
  byName: string | null;
}

/** A place as its count needs it, with its newest correction up to now (null: none). */
interface PlaceRow {
  id: string;
  name: string;
  capacity: number | null;
  resetTime: string | null;
  gates: number;
  correction: Baseline | null;
}

/** Ids per list: far below both databases' parameter limits. */
const CHUNK = 500;

/** A list of ids as one parameter (a text array for PostgreSQL, a JSON array for SQLite's json_each), as db.ts's NumberList. */
type TextList = readonly string[] | string;

const textList = (db: Db, ids: readonly string[]): TextList => (db.dialect === 'postgres' ? ids : JSON.stringify(ids));

/** `column` is one of the list's ids: one statement text, so one prepared statement, for one place or five hundred. */
const inTexts = (db: Db, column: string, list: TextList): RawBuilder<SqlBool> => (db.dialect === 'postgres'
  ? sql<SqlBool>`${sql.ref(column)} = ANY(${list}::text[])`
  : sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${list}))`);

/** The places with their number of gates (checkpoints_by_place) and newest correction not after `nowMs` (place_count_corrections_by_place). */
const placesQuery = (db: Db, nowMs: number) => db.kysely.selectFrom('places as p').select((eb) => [
  'p.id', 'p.name', 'p.capacity', 'p.reset_time',
  eb.selectFrom('checkpoints as g').select((g) => g.fn.countAll<number | string>().as('n')).whereRef('g.place_id', '=', 'p.id').as('gates'),
  eb.selectFrom('place_count_corrections as k').select('k.at_ms').whereRef('k.place_id', '=', 'p.id').where('k.at_ms', '<=', nowMs)
    .orderBy('k.at_ms', 'desc').orderBy('k.id', 'desc').limit(1).as('corrected_at_ms'),
  eb.selectFrom('place_count_corrections as k').select('k.inside').whereRef('k.place_id', '=', 'p.id').where('k.at_ms', '<=', nowMs)
    .orderBy('k.at_ms', 'desc').orderBy('k.id', 'desc').limit(1).as('corrected_inside'),
]);

// Every sync reply and poll of every tablet reads its place through these: built and compiled once (db.ts).
const placeOfCheckpoint = compiledOnce((db, checkpointId: string, nowMs: number) =>
  placesQuery(db, nowMs).where('p.id', '=', (eb) => eb.selectFrom('checkpoints').select('place_id').where('id', '=', checkpointId)));
const placesIn = compiledOnce((db, ids: TextList, nowMs: number) => placesQuery(db, nowMs).where(inTexts(db, 'p.id', ids)));

type PlaceQueryRow = { id: string; name: string; capacity: number | null; reset_time: string | null; gates: number | string | null; corrected_at_ms: number | null; corrected_inside: number | null };

const toPlaceRow = (r: PlaceQueryRow): PlaceRow => ({
  id: r.id, name: r.name, capacity: r.capacity, resetTime: r.reset_time, gates: Number(r.gates ?? 0),
  correction: r.corrected_at_ms === null || r.corrected_inside === null ? null : { atMs: Number(r.corrected_at_ms), inside: Number(r.corrected_inside) },
});

interface Passages { passedIn: number; passedOut: number }

/** Before every hour there is: "since the beginning" as a bound, so the statement keeps one text. */
const EVER = Number.MIN_SAFE_INTEGER;

/** Whole hours at or after `fromHour` of the places' gates, from entry_hours (its key: checkpoint, then hour). */
const hoursSince = compiledOnce((db, ids: TextList, fromHour: number) => db.kysely.selectFrom('entry_hours as h')
  .innerJoin('checkpoints as c', 'c.id', 'h.checkpoint_id')
  .select(['c.place_id', sql<number | string>`sum(h.passed_in)`.as('passed_in'), sql<number | string>`sum(h.passed_out)`.as('passed_out')])
  .where(inTexts(db, 'c.place_id', ids)).where('h.hour', '>=', fromHour).groupBy('c.place_id'));

/** Passed entries and exits of the places' gates in [fromMs, toMs), from the log (entries_by_time: checkpoint_id, at_ms). */
const passedBetween = compiledOnce((db, ids: TextList, fromMs: number, toMs: number) => db.kysely.selectFrom('entries as e')
  .innerJoin('checkpoints as c', 'c.id', 'e.checkpoint_id')
  .select([
    'c.place_id',
    sql<number | string>`sum(CASE WHEN e.direction = 'in' THEN 1 ELSE 0 END)`.as('passed_in'),
    sql<number | string>`sum(CASE WHEN e.direction = 'out' THEN 1 ELSE 0 END)`.as('passed_out'),
  ])
  .where(inTexts(db, 'c.place_id', ids)).where('e.at_ms', '>=', fromMs).where('e.at_ms', '<', toMs).where('e.verdict', '=', 'pass').groupBy('c.place_id'));

/**
 * Passed entries and exits per place since `atMs` (null: ever), over all the places' gates: the whole hours from the
 * roll-ups, the part-hour before the first of them from the log. Retention deletes entries but keeps their roll-ups, so
 * only a baseline older than the retention loses its first part-hour.
 */
async function passages(db: Db, placeIds: readonly string[], atMs: number | null): Promise<Map<string, Passages>> {
  const sums = new Map<string, Passages>();
  const add = (rows: ReadonlyArray<{ place_id: string; passed_in: number | string | null; passed_out: number | string | null }>): void => {
    for (const r of rows) {
      const so = sums.get(r.place_id) ?? { passedIn: 0, passedOut: 0 };
      sums.set(r.place_id, { passedIn: so.passedIn + Number(r.passed_in ?? 0), passedOut: so.passedOut + Number(r.passed_out ?? 0) });
    }
  };
  const ids = textList(db, placeIds);
  const fromHour = atMs === null ? EVER : ceilHour(atMs);
  add((await hoursSince(db, [ids, fromHour])).rows);
  if (atMs !== null && atMs < fromHour * HOUR_MS) add((await passedBetween(db, [ids, atMs, fromHour * HOUR_MS])).rows);
  return sums;
}

function countOf(row: PlaceRow, baseline: Baseline, sums: Passages | undefined, now: Date): PlaceCount {
  return {
    placeId: row.id, placeName: row.name, inside: insideFrom(baseline, sums?.passedIn ?? 0, sums?.passedOut ?? 0),
    capacity: row.capacity, gates: row.gates, since: baseline.atMs === null ? null : new Date(baseline.atMs).toISOString(), countedAt: now.toISOString(),
  };
}

const baselineOfRow = (row: PlaceRow, now: Date, timeZone: string): Baseline => baselineOf(now, row.resetTime, timeZone, row.correction);

/** The count of the place of one gate: what a tablet's sync reply and poll carry; two or three indexed queries. */
export async function placeCountOfCheckpoint(db: Db, checkpointId: string, now: Date, timeZone: string): Promise<PlaceCount | null> {
  const [found] = (await placeOfCheckpoint(db, [checkpointId, now.getTime()])).rows;
  if (!found) return null;
  const row = toPlaceRow(found);
  const baseline = baselineOfRow(row, now, timeZone);
  return countOf(row, baseline, (await passages(db, [row.id], baseline.atMs)).get(row.id), now);
}

/** The counts of many places: those sharing a baseline instant (the same reset time, or none) summed together. */
export async function placeCounts(db: Db, placeIds: readonly string[], now: Date, timeZone: string): Promise<Map<string, PlaceCount>> {
  const unique = [...new Set(placeIds)];
  const counts = new Map<string, PlaceCount>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = (await placesIn(db, [textList(db, unique.slice(i, i + CHUNK)), now.getTime()])).rows.map(toPlaceRow);
    const groups = new Map<number | null, Array<{ row: PlaceRow; baseline: Baseline }>>();
    for (const row of rows) {
      const baseline = baselineOfRow(row, now, timeZone);
      groups.set(baseline.atMs, [...(groups.get(baseline.atMs) ?? []), { row, baseline }]);
    }
    for (const [atMs, group] of groups) {
      const sums = await passages(db, group.map((g) => g.row.id), atMs);
      for (const { row, baseline } of group) counts.set(row.id, countOf(row, baseline, sums.get(row.id), now));
    }
  }
  return counts;
}

/** Sorts as the time does, as the audit log's ids: milliseconds in 11 base-36 digits, then 8 random bytes. */
const correctionId = (atMs: number): string => `${atMs.toString(36).padStart(11, '0')}-${randomBytes(8).toString('hex')}`;

/** Records a correction; false for an unknown place. The count starts again from it (and from any newer reset). */
export async function correctPlaceCount(db: Db, c: PlaceCountCorrection): Promise<boolean> {
  if (!Number.isSafeInteger(c.inside) || c.inside < 0) throw new RangeError(`not a count of persons: ${c.inside}`);
  const atMs = c.at.getTime();
  return db.kysely.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('places').select('id').where('id', '=', c.placeId).executeTakeFirst())) return false;
    await trx.insertInto('place_count_corrections').values({
      id: correctionId(atMs), place_id: c.placeId, at_ms: atMs, at: c.at.toISOString(), inside: c.inside, reason: c.reason, made_by: c.by, made_by_name: c.byName,
    }).execute();
    return true;
  });
}

/** Sets (HH:MM) or clears (null) the place's daily reset time; false for an unknown place. */
export async function setPlaceResetTime(db: Db, placeId: string, resetTime: string | null): Promise<boolean> {
  if (resetTime !== null && !isResetTime(resetTime)) throw new RangeError(`not a reset time (HH:MM): ${resetTime}`);
  const result = await db.kysely.updateTable('places').set({ reset_time: resetTime }).where('id', '=', placeId).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The inside counts' part of the storage contract (storage.ts's Storage extends it). */
export interface PlaceCountStorage {
  /** The count of the place this checkpoint is a gate of, as of `now`; null for an unknown checkpoint. */
  placeCountOfCheckpoint(checkpointId: string, now: Date, timeZone: string): Promise<PlaceCount | null>;
  /** The counts of these places, by id; an unknown place is missing. */
  placeCounts(placeIds: readonly string[], now: Date, timeZone: string): Promise<Map<string, PlaceCount>>;
  /** Records that `inside` persons were in the place at `at`; false for an unknown place. */
  correctPlaceCount(c: PlaceCountCorrection): Promise<boolean>;
  /** Sets the daily reset time (HH:MM on TIME_ZONE's wall clock) or clears it (null); false for an unknown place. */
  setPlaceResetTime(placeId: string, resetTime: string | null): Promise<boolean>;
}
