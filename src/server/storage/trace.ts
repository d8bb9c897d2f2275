/** Tracing's reads (issue #16): passages by person or by checkpoint in time order, bounded; the places they were at, named; and the trace lines of the audit log. */
import type { Colour, Direction, Verdict } from '../../core/entry.ts';
import { DEFAULT_POLICY, type Policy } from '../../core/policy.ts';
import type { AreaStep } from '../../core/traceWire.ts';
import { pathIds } from './areaHours.ts';
import type { AuditRecord } from './accountTypes.ts';
import { pathText, under } from './city.ts';
import type { Db } from './db.ts';
import { readJson } from './schema.ts';

/** A passage as tracing reads it from the log: what a trace shows of an entry, and its instant. */
export interface TraceRow {
  at: string;
  atMs: number;
  checkpointId: string;
  direction: Direction;
  verdict: Verdict;
  colour: Colour | null;
  temperature: number | null;
  personId: string | null;
  name: string | null;
  operator: string | null;
}

/** Whose passages, or which gates', over [sinceMs, untilMs); `within`: the reader's subtree (area ids), null for the whole city. */
export interface PassageQuery {
  personIds?: readonly string[];
  checkpointIds?: readonly string[];
  sinceMs: number;
  untilMs: number;
  within: readonly string[] | null;
  /** At most this many rows, oldest first: one more than a caller shows tells it that more exist. */
  limit: number;
}

/** Of `checkpointIds`, those whose place lies in the subtree `within`, by its area path as the export reads an area (entries.ts). */
async function checkpointsWithin(db: Db, checkpointIds: readonly string[], within: readonly string[]): Promise<Set<string>> {
  if (checkpointIds.length === 0) return new Set();
  const rows = await db.kysely.selectFrom('checkpoints as c').innerJoin('places as p', 'p.id', 'c.place_id').innerJoin('areas as a', 'a.id', 'p.area_id')
    .select('c.id').where('c.id', 'in', checkpointIds).where(under('a.path', pathText(within))).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * By person: one range of entries_by_person per ID number (migration 009); by checkpoint: one range of entries_by_time
 * per gate. Ordered by time, then by the log's key, so the same query answers the same rows in the same order.
 * A person's rows are read first and kept to the subtree after: with the subtree in the same statement, PostgreSQL
 * planned a busy person (one of its most common values) as a walk of entries_by_time for every gate of the subtree,
 * seconds instead of milliseconds (bench/trace). Gates the caller named are already the caller's (the routes check).
 */
export async function tracePassages(db: Db, query: PassageQuery): Promise<TraceRow[]> {
  const { personIds, checkpointIds, within } = query;
  // `in ()` is no SQL: nobody asked for, no passage.
  if (personIds?.length === 0 || checkpointIds?.length === 0 || (personIds === undefined && checkpointIds === undefined)) return [];
  const byPerson = personIds !== undefined;
  let rows = await db.kysely.selectFrom('entries as e')
    .select(['e.at', 'e.at_ms', 'e.checkpoint_id', 'e.direction', 'e.verdict', 'e.colour', 'e.temperature', 'e.person_id', 'e.name', 'e.operator'])
    .$if(byPerson, (q) => q.where('e.person_id', 'in', personIds ?? []))
    .$if(checkpointIds !== undefined, (q) => q.where('e.checkpoint_id', 'in', checkpointIds ?? []))
    .where('e.at_ms', '>=', query.sinceMs).where('e.at_ms', '<', query.untilMs)
    // A follow-up (处置) is what became of a passage already listed, not a second time at the gate.
    .where('e.follow_up_of', 'is', null)
    .$if(within !== null && !byPerson, (q) => q.where('e.checkpoint_id', 'in', db.kysely.selectFrom('checkpoints as c')
      .innerJoin('places as p', 'p.id', 'c.place_id').innerJoin('areas as a', 'a.id', 'p.area_id')
      .select('c.id').where(under('a.path', pathText(within ?? [])))))
    .orderBy('e.at_ms').orderBy('e.checkpoint_id').orderBy('e.device_id').orderBy('e.seq')
    .limit(query.limit).execute();
  if (within !== null && byPerson) {
    const reached = await checkpointsWithin(db, [...new Set(rows.map((r) => r.checkpoint_id))], within);
    rows = rows.filter((r) => reached.has(r.checkpoint_id));
  }
  // Rows were validated against the Entry schema before insert, so the narrowing casts hold.
  return rows.map((r) => ({
    at: r.at, atMs: Number(r.at_ms), checkpointId: r.checkpoint_id, direction: r.direction as Direction, verdict: r.verdict as Verdict,
    colour: r.colour as Colour | null, temperature: r.temperature, personId: r.person_id, name: r.name, operator: r.operator,
  }));
}

export interface TracePlace {
  id: string;
  name: string;
  /** Area ids from the root down to the place's area. */
  areaIds: string[];
  areaPath: AreaStep[];
  /** Whether any gate of it logs exits (its policy's `directions` is not 'in' only): where none does, passages make no stays. */
  logsExits: boolean;
  checkpointIds: string[];
}

export interface TraceCheckpoint {
  id: string;
  name: string;
  placeId: string;
}

/** The places a trace touches, each with all its gates (the exit may be at a gate the person's query never read), named. */
export interface TraceCity {
  places: Map<string, TracePlace>;
  checkpoints: Map<string, TraceCheckpoint>;
}

/** Ids per IN list: far below both databases' parameter limits. */
const CHUNK = 500;

async function chunked<T>(ids: readonly string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await read(unique.slice(i, i + CHUNK))));
  return out;
}

/** The places of these checkpoints and these places, with every gate of each and their areas' names. */
export async function traceCity(db: Db, which: { checkpointIds?: readonly string[]; placeIds?: readonly string[] }): Promise<TraceCity> {
  const viaGates = await chunked(which.checkpointIds ?? [], (part) =>
    db.kysely.selectFrom('checkpoints').select('place_id').where('id', 'in', part).execute());
  const placeIds = [...(which.placeIds ?? []), ...viaGates.map((r) => r.place_id)];
  const rows = await chunked(placeIds, (part) => db.kysely.selectFrom('places as p')
    .innerJoin('areas as a', 'a.id', 'p.area_id').leftJoin('checkpoints as c', 'c.place_id', 'p.id')
    .select(['p.id as place_id', 'p.name as place_name', 'a.path', 'c.id as checkpoint_id', 'c.name as checkpoint_name', 'c.policy'])
    .where('p.id', 'in', part).orderBy('p.id').orderBy('c.name').orderBy('c.id').execute());
  const areaIds = [...new Set(rows.flatMap((r) => pathIds(r.path)))];
  const areaNames = new Map((await chunked(areaIds, (part) => db.kysely.selectFrom('areas').select(['id', 'name']).where('id', 'in', part).execute()))
    .map((a) => [a.id, a.name]));
  const city: TraceCity = { places: new Map(), checkpoints: new Map() };
  for (const r of rows) {
    let place = city.places.get(r.place_id);
    if (!place) {
      const ids = pathIds(r.path);
      place = { id: r.place_id, name: r.place_name, areaIds: ids, areaPath: ids.map((id) => ({ id, name: areaNames.get(id) ?? id })), logsExits: false, checkpointIds: [] };
      city.places.set(place.id, place);
    }
    if (r.checkpoint_id === null || r.checkpoint_name === null) continue;
    const directions = r.policy === null ? DEFAULT_POLICY.directions : (readJson<Partial<Policy>>(r.policy).directions ?? DEFAULT_POLICY.directions);
    if (directions !== 'in') place.logsExits = true;
    place.checkpointIds.push(r.checkpoint_id);
    city.checkpoints.set(r.checkpoint_id, { id: r.checkpoint_id, name: r.checkpoint_name, placeId: place.id });
  }
  return city;
}

/** The actions a trace writes: the console's (a signed-in user) and the CLI's (the operator at the shell). */
export const TRACE_ACTIONS = ['console.trace.person', 'console.trace.place', 'console.trace.contacts', 'cli.trace.person', 'cli.trace.place', 'cli.trace.contacts'] as const;

/** Trace lines of the audit log, newest first: one actor's (`user:…`), or everyone's for null. */
export async function listTraceAudit(db: Db, actor: string | null, limit: number): Promise<AuditRecord[]> {
  const rows = await db.kysely.selectFrom('audit_log')
    .select(['id', 'at', 'actor', 'actor_name', 'action', 'area_path', 'target', 'detail', 'origin'])
    .where('action', 'in', [...TRACE_ACTIONS])
    // One actor's lines are a range of the primary key (actor, id), whose id sorts as the time; everyone's, of audit_by_time.
    .$if(actor !== null, (q) => q.where('actor', '=', actor ?? '').orderBy('id', 'desc'))
    .$if(actor === null, (q) => q.orderBy('at_ms', 'desc').orderBy('id', 'desc'))
    .limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, at: r.at, actor: r.actor, actorName: r.actor_name, action: r.action,
    areaPath: r.area_path === null ? null : pathIds(r.area_path), target: r.target, detail: readJson(r.detail), origin: r.origin,
  }));
}

/** Tracing's part of the storage contract (storage.ts's Storage extends it). */
export interface TraceStorage {
  /** Passages of persons or of gates over a range, oldest first, at most `limit`. */
  tracePassages(query: PassageQuery): Promise<TraceRow[]>;
  /** The places of these gates and these places, with all their gates, named. */
  traceCity(which: { checkpointIds?: readonly string[]; placeIds?: readonly string[] }): Promise<TraceCity>;
  /** Trace lines of the audit log, newest first: one actor's, or everyone's for null. */
  listTraceAudit(actor: string | null, limit: number): Promise<AuditRecord[]>;
  /** ISO 8601: the instant before which retention may have deleted entries; null when it never deleted any (storage/retention.ts). */
  retainedSince(): Promise<string | null>;
}
