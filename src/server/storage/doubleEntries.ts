/** Offline double entries (issue #17): the neighbours the push looks up, the flags it keeps once per pair, and their listing. */
import type { RawBuilder, SqlBool } from 'kysely';
import { comparePassages, DOUBLE_ENTRY_BOUND_MS, samePassage } from '../../core/doubleEntry.ts';
import type { Direction } from '../../core/entry.ts';
import { pathText, under } from './city.ts';
import { runPrepared, type Db } from './db.ts';
import { CompiledQuery, sql } from './kysely.ts';

/** An entry's key in the log and its time, as the tablet wrote it and as an instant. */
export interface PassageKey {
  checkpointId: string;
  deviceId: string;
  seq: number;
  at: string;
  atMs: number;
}

/** A passed passage found next to an entry. */
export type NeighbourPassage = PassageKey & { direction: Direction };

/** An entry whose neighbours are asked for: its person, its key and instant. */
export interface HeldPassage {
  personId: string;
  checkpointId: string;
  deviceId: string;
  seq: number;
  atMs: number;
}

/** The passed passages of the entry's person at the entry's place right before and right after it (within the bound), and that place. */
export interface PassageNeighbours {
  /** Null: its checkpoint is gone. */
  placeId: string | null;
  before: NeighbourPassage | null;
  after: NeighbourPassage | null;
}

export interface NewDoubleEntry {
  id: string;
  placeId: string;
  personId: string;
  first: PassageKey;
  second: PassageKey;
  detectedAt: string;
}

/** A flag as listed: the person's name from the second entry (null if none, or the entry is gone). */
export interface DoubleEntryRecord extends NewDoubleEntry {
  name: string | null;
}

export interface DoubleEntryFilter {
  /** Area ids from the root down: only places in this subtree; absent: the whole city. */
  within?: readonly string[];
  placeId?: string;
  /** Only pairs whose second entry is at or after this instant. */
  sinceMs?: number;
  limit: number;
}

/**
 * A passage of the entry h's person, passed, at h's place (by its gate's place, never a list of the place's gates: the
 * filter must not be one the planner can walk entries_by_time by). `t` is the entries row, `place` the place's SQL.
 */
const near = (t: string, place: string): string => `${t}.person_id = h.person_id AND ${t}.person_id IS NOT NULL AND ${t}.verdict = 'pass'
  AND (SELECT c.place_id FROM checkpoints c WHERE c.id = ${t}.checkpoint_id) = ${place}`;

/** The instant of the nearest such passage strictly before (`<`) or after (`>`) h's, within the bound: the first row of a walk of entries_by_person (person, at_ms), no sort. */
const instant = (side: '<' | '>', place: string, bound: string): string =>
  `SELECT y.at_ms FROM entries y WHERE ${near('y', place)} AND y.at_ms ${side} h.at_ms AND y.at_ms ${side === '<' ? '>' : '<'} h.at_ms ${side === '<' ? '-' : '+'} ${bound}
    ORDER BY y.at_ms${side === '<' ? ' DESC' : ''} LIMIT 1`;

/** Every such passage from the instant before to the instant after: one range of entries_by_person, h's own instant between. */
const around = (place: string, lo: string, hi: string): string =>
  `SELECT x.checkpoint_id, x.device_id, x.seq, x.at, x.at_ms, x.direction FROM entries x
    WHERE ${near('x', place)} AND x.at_ms >= coalesce(${lo}, h.at_ms) AND x.at_ms <= coalesce(${hi}, h.at_ms)`;

/**
 * For each entry h of the batch (i: its place in it, from 1), its person's passed passages at its place at the nearest
 * instant before h's, at h's (h among them) and at the nearest after; the neighbours are picked from them by key order
 * (core/doubleEntry.ts), since two gates may log the same millisecond. Ordered by the whole key in SQL instead, each
 * lookup read and sorted all the person's passages within the bound: 115 ms a lookup on PostgreSQL for a person with
 * 45,000 of them (one test ID scanned all day), where these walks take microseconds. PostgreSQL: the batch as arrays (one
 * plan whatever its size, a named statement), LATERAL for the walks, the range's behind OFFSET 0 (joined flat, it was
 * planned as a hash join over all of that person's passages); SQLite: the instants as correlated subqueries.
 */
const POSTGRES_AROUND = `SELECT h.i, hc.place_id, x.* FROM unnest($1::text[], $2::int8[], $3::text[]) WITH ORDINALITY AS h(person_id, at_ms, checkpoint_id, i)
JOIN checkpoints hc ON hc.id = h.checkpoint_id
LEFT JOIN LATERAL (${instant('<', 'hc.place_id', '$4')}) b ON true
LEFT JOIN LATERAL (${instant('>', 'hc.place_id', '$4')}) a ON true
JOIN LATERAL (${around('hc.place_id', 'b.at_ms', 'a.at_ms')} OFFSET 0) x ON true`;

const SQLITE_AROUND = `WITH h AS MATERIALIZED (
  SELECT j.key + 1 AS i, j.value ->> 0 AS person_id, j.value ->> 1 AS at_ms, c.place_id
  FROM json_each(?) j JOIN checkpoints c ON c.id = j.value ->> 2
), t AS MATERIALIZED (
  SELECT h.*, (${instant('<', 'h.place_id', '?')}) AS lo, (${instant('>', 'h.place_id', '?')}) AS hi FROM h
)
SELECT h.i, h.place_id, x.checkpoint_id, x.device_id, x.seq, x.at, x.at_ms, x.direction FROM t h
JOIN entries x ON ${near('x', 'h.place_id')} AND x.at_ms >= coalesce(h.lo, h.at_ms) AND x.at_ms <= coalesce(h.hi, h.at_ms)`;

type AroundRow = { i: number; place_id: string; checkpoint_id: string; device_id: string; seq: number; at: string; at_ms: number; direction: string };

/** For each entry, in order, its place and its person's passed passages there right before and right after it: one statement for the batch. */
export async function passageNeighbours(db: Db, held: readonly HeldPassage[], boundMs: number = DOUBLE_ENTRY_BOUND_MS): Promise<PassageNeighbours[]> {
  if (held.length === 0) return [];
  const query = (db.dialect === 'postgres'
    ? CompiledQuery.raw(POSTGRES_AROUND, [held.map((h) => h.personId), held.map((h) => h.atMs), held.map((h) => h.checkpointId), boundMs])
    : CompiledQuery.raw(SQLITE_AROUND, [JSON.stringify(held.map((h) => [h.personId, h.atMs, h.checkpointId])), boundMs, boundMs])) as CompiledQuery<AroundRow>;
  // PostgreSQL runs it without JIT (postgresDialect.ts): a person who is most of the log skews the estimate into compiling it.
  const { rows } = await runPrepared(db, query);
  const runs = held.map((): NeighbourPassage[] => []);
  const places = held.map((): string | null => null);
  for (const r of rows) {
    const i = Number(r.i) - 1;
    places[i] = r.place_id;
    // Read from entries, written only from validated Entries: the direction is one of DIRECTIONS.
    runs[i]?.push({ checkpointId: r.checkpoint_id, deviceId: r.device_id, seq: Number(r.seq), at: r.at, atMs: Number(r.at_ms), direction: r.direction as Direction });
  }
  return held.map((h, i) => {
    const run = (runs[i] ?? []).sort(comparePassages);
    const at = run.findIndex((p) => samePassage(p, h));
    // h itself not read (deleted since by retention, or its checkpoint gone): nothing to put it beside.
    if (at < 0) return { placeId: places[i] ?? null, before: null, after: null };
    return { placeId: places[i] ?? null, before: run[at - 1] ?? null, after: run[at + 1] ?? null };
  });
}

/** Rows per insert: 14 values each, far below both databases' parameter limits (a batch of 500 entries makes at most ~1,000 pairs). */
const ROWS = 500;

/** Inserts the pairs not flagged yet; how many it inserted. */
export async function recordDoubleEntries(db: Db, found: readonly NewDoubleEntry[]): Promise<number> {
  let made = 0;
  for (let i = 0; i < found.length; i += ROWS) {
    const rows = await db.kysely.insertInto('double_entries').values(found.slice(i, i + ROWS).map((d) => ({
      first_checkpoint_id: d.first.checkpointId, first_device_id: d.first.deviceId, first_seq: d.first.seq,
      second_checkpoint_id: d.second.checkpointId, second_device_id: d.second.deviceId, second_seq: d.second.seq,
      id: d.id, place_id: d.placeId, person_id: d.personId, first_at: d.first.at, first_at_ms: d.first.atMs,
      second_at: d.second.at, second_at_ms: d.second.atMs, detected_at: d.detectedAt,
    })))
      .onConflict((oc) => oc.columns(['first_checkpoint_id', 'first_device_id', 'first_seq', 'second_checkpoint_id', 'second_device_id', 'second_seq']).doNothing())
      .returning('id').execute();
    made += rows.length;
  }
  return made;
}

/**
 * Whether the flag `d` still holds: no passed passage of its person at its place arrived since between its two entries
 * (a third tablet's exit synced after the second entry was flagged). Such a flag stays stored, and is not shown.
 */
export function stillDouble(db: Db, d: string): RawBuilder<SqlBool> {
  const binary = db.dialect === 'postgres' ? sql.raw(' COLLATE "C"') : sql.raw('');
  const ref = (c: string) => sql.ref(`${d}.${c}`);
  const key = (p: 'first' | 'second') => sql`${ref(`${p}_at_ms`)}, ${ref(`${p}_checkpoint_id`)}${binary}, ${ref(`${p}_device_id`)}${binary}, ${ref(`${p}_seq`)}`;
  // An alias of its own: the flag's may be any (deviceReport.ts calls it x).
  const e = sql`between_e.at_ms, between_e.checkpoint_id${binary}, between_e.device_id${binary}, between_e.seq`;
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM entries between_e WHERE between_e.person_id = ${ref('person_id')} AND between_e.person_id IS NOT NULL
    AND between_e.verdict = 'pass' AND between_e.at_ms >= ${ref('first_at_ms')} AND between_e.at_ms <= ${ref('second_at_ms')}
    AND (${e}) > (${key('first')}) AND (${e}) < (${key('second')})
    AND (SELECT c.place_id FROM checkpoints c WHERE c.id = between_e.checkpoint_id) = ${ref('place_id')})`;
}

/** The flags that still hold, newest second entry first, each with its person's name. */
export async function listDoubleEntries(db: Db, filter: DoubleEntryFilter): Promise<DoubleEntryRecord[]> {
  const { within, placeId, sinceMs } = filter;
  const rows = await db.kysely.selectFrom('double_entries as d')
    .leftJoin('entries as s', (j) => j.onRef('s.checkpoint_id', '=', 'd.second_checkpoint_id').onRef('s.device_id', '=', 'd.second_device_id').onRef('s.seq', '=', 'd.second_seq'))
    .selectAll('d').select('s.name')
    .$if(within !== undefined, (q) => q.where('d.place_id', 'in', db.kysely.selectFrom('places as p').innerJoin('areas as a', 'a.id', 'p.area_id')
      .select('p.id').where(under('a.path', pathText(within ?? [])))))
    .$if(placeId !== undefined, (q) => q.where('d.place_id', '=', placeId ?? ''))
    .$if(sinceMs !== undefined, (q) => q.where('d.second_at_ms', '>=', sinceMs ?? 0))
    .where(stillDouble(db, 'd'))
    .orderBy('d.second_at_ms', 'desc').orderBy('d.id')
    .limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id, placeId: r.place_id, personId: r.person_id, name: r.name, detectedAt: r.detected_at,
    first: { checkpointId: r.first_checkpoint_id, deviceId: r.first_device_id, seq: Number(r.first_seq), at: r.first_at, atMs: Number(r.first_at_ms) },
    second: { checkpointId: r.second_checkpoint_id, deviceId: r.second_device_id, seq: Number(r.second_seq), at: r.second_at, atMs: Number(r.second_at_ms) },
  }));
}

/**
 * Retention's condition: the flags whose first entry is older than the cutoff go with it (they hold the whole ID number,
 * and what lay between the two may be gone). Found through double_entries_by_time: the second is less than the bound after.
 */
export const oldDoubleEntries = (cutoffMs: number): RawBuilder<unknown> =>
  sql`second_at_ms < ${cutoffMs + DOUBLE_ENTRY_BOUND_MS} AND first_at_ms < ${cutoffMs}`;

/** Double entries' part of the storage contract (storage.ts's Storage extends it). */
export interface DoubleEntryStorage {
  /** For each entry, in order, its place and its person's passed passages there right before and after it, within the bound. */
  passageNeighbours(held: readonly HeldPassage[], boundMs?: number): Promise<PassageNeighbours[]>;
  /** Inserts the pairs not flagged yet (one row per pair of entries, whichever arrived last); how many it inserted. */
  recordDoubleEntries(found: readonly NewDoubleEntry[]): Promise<number>;
  /** The flags that still hold, of a subtree or a place, newest first. */
  listDoubleEntries(filter: DoubleEntryFilter): Promise<DoubleEntryRecord[]>;
}
