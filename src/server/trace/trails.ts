/** A person's trail and a place's visitors (issue #16), read for the console and the CLI alike: passages in time order and local time, paired into stays. */
import { HOUR_MS, findVisitors, overlaps, pairStays, type PairingRules, type StaySpan } from '../../core/trace.ts';
import { localMinute, type Span } from '../../core/traceQuery.ts';
import { MAX_TRACE_PASSAGES, OPEN_STAY_HOURS, type Passage, type PersonTrail, type PlaceVisitors, type Stay, type TracedArrival } from '../../core/traceWire.ts';
import type { Storage } from '../storage/storage.ts';
import type { PassageQuery, TraceCheckpoint, TraceCity, TracePlace, TraceRow } from '../storage/trace.ts';

/** How long an entry without exit counts as inside; also how far before and after a range a trace reads, so stays at its edges pair. */
export const OPEN_MS = OPEN_STAY_HOURS * HOUR_MS;

/** Who reads, and where: the reader's subtree (area ids; null: the whole city, an admin's or the operator's) and TIME_ZONE. */
export interface TraceReader {
  storage: Storage;
  timeZone: string;
  within: readonly string[] | null;
}

/** A row with its place, as the pure pairing takes it. */
export type PlacedRow = TraceRow & { placeId: string };

export const rulesOf = (city: TraceCity): PairingRules => ({ openMs: OPEN_MS, logsExits: (placeId) => city.places.get(placeId)?.logsExits === true });

export const placed = (rows: readonly TraceRow[], city: TraceCity): PlacedRow[] =>
  rows.map((r) => ({ ...r, placeId: city.checkpoints.get(r.checkpointId)?.placeId ?? '' }));

/** Reads passages within a budget of rows shared by all its reads: once spent, the answer says `truncated`. */
export class PassageBudget {
  truncated = false;

  constructor(private readonly reader: TraceReader, private left: number) {}

  async read(query: Omit<PassageQuery, 'within' | 'limit'>): Promise<TraceRow[]> {
    if (this.left <= 0) {
      this.truncated = true;
      return [];
    }
    const rows = await this.reader.storage.tracePassages({ ...query, within: this.reader.within, limit: this.left + 1 });
    if (rows.length > this.left) {
      this.truncated = true;
      rows.length = this.left;
    }
    this.left -= rows.length;
    return rows;
  }
}

export function toPassage(row: PlacedRow, city: TraceCity, timeZone: string): Passage {
  const place = city.places.get(row.placeId);
  return {
    at: new Date(row.atMs).toISOString(), local: localMinute(row.atMs, timeZone),
    checkpointId: row.checkpointId, checkpointName: city.checkpoints.get(row.checkpointId)?.name ?? row.checkpointId,
    placeId: row.placeId, placeName: place?.name ?? row.placeId, areaPath: place?.areaPath ?? [],
    direction: row.direction, verdict: row.verdict, colour: row.colour, temperature: row.temperature, personId: row.personId, name: row.name, operator: row.operator,
  };
}

const isoOrNull = (row: PlacedRow | null): string | null => (row === null ? null : new Date(row.atMs).toISOString());
const localOrNull = (row: PlacedRow | null, timeZone: string): string | null => (row === null ? null : localMinute(row.atMs, timeZone));

export function toStay(stay: StaySpan<PlacedRow>, city: TraceCity, timeZone: string): Stay {
  return {
    placeId: stay.placeId, placeName: city.places.get(stay.placeId)?.name ?? stay.placeId,
    from: isoOrNull(stay.entry), to: isoOrNull(stay.exit), fromLocal: localOrNull(stay.entry, timeZone), toLocal: localOrNull(stay.exit, timeZone),
    open: stay.exit === null,
  };
}

/** Each person's latest name among the rows (oldest first): what they were last called at a gate. */
export function namesOf(rows: readonly TraceRow[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of rows) if (r.personId !== null && r.name !== null) names.set(r.personId, r.name);
  return names;
}

/** The person's arrivals (入市登记) with an arrival day in the trace's days, to a community in the reader's subtree; not one withdrawn as false. */
async function arrivalsIn(reader: TraceReader, personId: string, since: string, until: string): Promise<TracedArrival[]> {
  const arrivals = (await reader.storage.arrivalsOf(personId)).filter((a) => !a.withdrawal && a.arrivalDay >= since && a.arrivalDay <= until);
  if (arrivals.length === 0) return [];
  const areas = new Map((await reader.storage.listAreas(null)).map((a) => [a.id, a]));
  const within = reader.within;
  return arrivals
    .filter((a) => within === null || within.every((id, i) => areas.get(a.areaId)?.path[i] === id))
    .map((a) => ({
      arrivalId: a.arrivalId, registeredAt: a.registeredAt, arrivalDay: a.arrivalDay, fromProvince: a.fromProvince, fromCity: a.fromCity,
      means: a.means, meansDetail: a.meansDetail, areaNames: areas.get(a.areaId)?.names ?? [a.areaId], category: a.category, until: a.untilDay,
    }));
}

/** Every passage of the person within the span at gates in the reader's subtree, oldest first, and their stays that share time with it. */
export async function personTrail(reader: TraceReader, personId: string, days: { since: string; until: string; span: Span }): Promise<PersonTrail> {
  const { span } = days;
  const budget = new PassageBudget(reader, MAX_TRACE_PASSAGES);
  const rows = await budget.read({ personIds: [personId], sinceMs: span.fromMs - OPEN_MS, untilMs: span.toMs + OPEN_MS });
  const city = await reader.storage.traceCity({ checkpointIds: rows.map((r) => r.checkpointId) });
  const points = placed(rows, city);
  return {
    personId, since: days.since, until: days.until, timeZone: reader.timeZone, retainedFrom: await reader.storage.retainedSince(), truncated: budget.truncated,
    passages: points.filter((p) => p.atMs >= span.fromMs && p.atMs < span.toMs).map((p) => toPassage(p, city, reader.timeZone)),
    stays: pairStays(points, rulesOf(city)).filter((s) => overlaps(s, span.fromMs, span.toMs)).map((s) => toStay(s, city, reader.timeZone)),
    arrivals: await arrivalsIn(reader, personId, days.since, days.until),
  };
}

/** What a place query names: the place with all its gates, and the one gate asked for, if any. */
export interface PlaceTarget {
  city: TraceCity;
  place: TracePlace;
  checkpoint: TraceCheckpoint | null;
}

/** The place, or the checkpoint and its place, named; null when there is no such thing (reach is the caller's to check, by `place.areaIds`). */
export async function findPlace(storage: Storage, named: { placeId?: string | undefined; checkpointId?: string | undefined }): Promise<PlaceTarget | null> {
  const city = await storage.traceCity(named.checkpointId !== undefined ? { checkpointIds: [named.checkpointId] } : { placeIds: [named.placeId ?? ''] });
  const checkpoint = named.checkpointId === undefined ? null : (city.checkpoints.get(named.checkpointId) ?? null);
  const place = city.places.get(checkpoint?.placeId ?? named.placeId ?? '');
  if (!place || (named.checkpointId !== undefined && checkpoint === null)) return null;
  return { city, place, checkpoint };
}

/** Everyone who passed the place (or the gate) within the span, or was inside then: an entry before it with no exit counts, up to the bound. */
export async function placeVisitors(reader: TraceReader, target: PlaceTarget, window: { from: string; to: string; span: Span }): Promise<PlaceVisitors> {
  const { city, place, checkpoint } = target;
  const { span } = window;
  const budget = new PassageBudget(reader, MAX_TRACE_PASSAGES);
  const rows = await budget.read({ checkpointIds: place.checkpointIds, sinceMs: span.fromMs - OPEN_MS, untilMs: span.toMs + OPEN_MS });
  const points = placed(rows, city);
  const names = namesOf(points);
  const counts = (p: PlacedRow): boolean => checkpoint === null || p.checkpointId === checkpoint.id;
  const found = findVisitors(points, rulesOf(city), span.fromMs, span.toMs, counts);
  const { timeZone } = reader;
  return {
    placeId: place.id, placeName: place.name, checkpointId: checkpoint?.id ?? null, checkpointName: checkpoint?.name ?? null, areaPath: place.areaPath,
    from: window.from, to: window.to, timeZone, retainedFrom: await reader.storage.retainedSince(), truncated: budget.truncated,
    anonymousPassages: points.filter((p) => p.personId === null && p.atMs >= span.fromMs && p.atMs < span.toMs && counts(p)).length,
    visitors: found.map((v) => {
      const first = v.stays[0] ?? null, last = v.stays.at(-1) ?? null;
      return {
        personId: v.personId, name: names.get(v.personId) ?? null,
        passages: v.passages.map((p) => toPassage(p, city, timeZone)),
        insideFrom: isoOrNull(first?.entry ?? null), insideTo: isoOrNull(last?.exit ?? null),
        insideFromLocal: localOrNull(first?.entry ?? null, timeZone), insideToLocal: localOrNull(last?.exit ?? null, timeZone),
        insideBefore: v.insideBefore,
      };
    }),
  };
}
