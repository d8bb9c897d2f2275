/** The trace benchmark's timed part: a person's 30-day trail, a place's visitors for a day and a person's 14-day contacts through the real trace code, each beside its naive side, answers checked equal. */
import { daySpan, minuteSpan, type Span } from '../../src/core/traceQuery.ts';
import { DEFAULT_CONTACT_WINDOW_MINUTES } from '../../src/core/traceWire.ts';
import type { PassageQuery } from '../../src/server/storage/trace.ts';
import { personContacts } from '../../src/server/trace/contacts.ts';
import { findPlace, personTrail, placeVisitors, type TraceReader } from '../../src/server/trace/trails.ts';
import { dayName, personIdOf, personOfOuting, random, TIME_ZONE, type Layout } from './shape.ts';
import type { Variant } from './variants.ts';

export type Kind = 'trail' | 'place' | 'contacts';

export interface Timed {
  kind: Kind;
  naiveVariant: Variant;
  indexed: number[];
  naive: number[];
  /** The indexed side's times of the samples the naive side ran too, in the same order. */
  paired: number[];
  /** Persons, visitors or contacts each indexed answer held. */
  sizes: number[];
  truncated: number;
}

export interface Runs {
  trails: number;
  places: number;
  contacts: number;
  /** Naive runs per query, spread over the indexed ones: a scan of the log takes long at the full scale. */
  naive: number;
}

/** Both sides of one database: the reader the console's route builds (traceRoutes.ts), and the same reader over a naive variant of the passages' query. */
export interface Sides {
  indexed: TraceReader;
  naive: Record<Kind, { variant: Variant; reader: TraceReader }>;
}

const asSpan = (result: { ok: true; value: Span } | { ok: false; error: string }, what: string): Span => {
  if (!result.ok) throw new Error(`${what}: ${result.error}`);
  return result.value;
};

interface Sample {
  label: string;
  run(reader: TraceReader): Promise<{ size: number; truncated: boolean; answer: unknown }>;
}

/**
 * The samples, the same on both databases for one seed. A person is the person of a random outing (so busier persons
 * are drawn more often, as cases are); contacts, of an outing in the last 14 days, so they have passages to trace; a
 * place-day is any place with gates in use and any of the 30 days, from local midnight to the next.
 */
export function samples(layout: Layout, runs: Runs, seed: number): Record<Kind, Sample[]> {
  const next = random(seed);
  const { days } = layout.scale;
  const outing = (fromDay: number) => Math.floor((fromDay + next() * (days - fromDay)) * layout.outingsPerDay);
  const month = { since: dayName(0), until: dayName(days - 1) };
  const monthSpan = asSpan(daySpan(month.since, month.until, TIME_ZONE), 'trail days');
  const fortnight = { since: dayName(Math.max(0, days - 14)), until: dayName(days - 1) };
  const fortnightSpan = asSpan(daySpan(fortnight.since, fortnight.until, TIME_ZONE), 'contact days');
  const trail = (personId: string): Sample => ({
    label: personId,
    run: async (reader) => {
      const answer = await personTrail(reader, personId, { ...month, span: monthSpan });
      return { size: answer.passages.length, truncated: answer.truncated, answer };
    },
  });
  const place = (j: number, day: number): Sample => {
    const window = { from: `${dayName(day)}T00:00`, to: `${dayName(day + 1)}T00:00` };
    const span = asSpan(minuteSpan(window.from, window.to, TIME_ZONE), 'place window');
    return {
      label: `p-${j + 1} ${dayName(day)}`,
      // As the route: the place looked up, then its visitors.
      run: async (reader) => {
        const target = await findPlace(reader.storage, { placeId: `p-${j + 1}` });
        if (!target) throw new Error(`no place p-${j + 1}`);
        const answer = await placeVisitors(reader, target, { ...window, span });
        return { size: answer.visitors.length, truncated: answer.truncated, answer };
      },
    };
  };
  const contacts = (personId: string): Sample => ({
    label: personId,
    run: async (reader) => {
      const answer = await personContacts(reader, { personId, ...fortnight, span: fortnightSpan, windowMinutes: DEFAULT_CONTACT_WINDOW_MINUTES, depth: 1 });
      return { size: answer.contacts.length, truncated: answer.truncated, answer };
    },
  });
  const placesInUse = layout.blocks * 6;
  return {
    trail: Array.from({ length: runs.trails }, () => trail(personIdOf(personOfOuting(outing(0), layout)))),
    place: Array.from({ length: runs.places }, () => place(Math.floor(next() * placesInUse), Math.floor(next() * days))),
    contacts: Array.from({ length: runs.contacts }, () => contacts(personIdOf(personOfOuting(outing(Math.max(0, days - 14)), layout)))),
  };
}

/**
 * Every sample on the indexed side; `naive` of them (spread evenly) on the naive side too, the two in turning order,
 * and their answers compared (JSON): a naive side that answered otherwise would measure another query. Two samples
 * first as a warm-up, not counted.
 */
export async function measure(kind: Kind, list: readonly Sample[], sides: Sides, naiveRuns: number, log: (line: string) => void): Promise<Timed> {
  const naive = sides.naive[kind];
  const timed: Timed = { kind, naiveVariant: naive.variant, indexed: [], naive: [], paired: [], sizes: [], truncated: 0 };
  const once = async (reader: TraceReader, sample: Sample) => {
    const started = performance.now();
    const result = await sample.run(reader);
    return { ms: performance.now() - started, ...result };
  };
  for (const sample of list.slice(0, 2)) await once(sides.indexed, sample);
  const every = Math.max(1, Math.floor(list.length / Math.max(1, naiveRuns)));
  const started = performance.now();
  for (const [i, sample] of list.entries()) {
    const withNaive = naiveRuns > 0 && i % every === 0 && timed.naive.length < naiveRuns;
    const first = withNaive && timed.naive.length % 2 === 1 ? await once(naive.reader, sample) : null;
    const indexed = await once(sides.indexed, sample);
    const second = withNaive && first === null ? await once(naive.reader, sample) : null;
    const other = first ?? second;
    timed.indexed.push(indexed.ms);
    timed.sizes.push(indexed.size);
    if (indexed.truncated) timed.truncated++;
    if (other) {
      if (JSON.stringify(other.answer) !== JSON.stringify(indexed.answer)) throw new Error(`${kind} ${sample.label}: the naive side answered otherwise`);
      timed.naive.push(other.ms);
      timed.paired.push(indexed.ms);
    }
  }
  const slowest = timed.indexed.indexOf(Math.max(...timed.indexed));
  log(`  ${kind}: ${list.length} indexed and ${timed.naive.length} naive runs in ${((performance.now() - started) / 1000).toFixed(0)} s; slowest indexed: ${list[slowest]?.label} ${timed.indexed[slowest]?.toFixed(0)} ms`);
  return timed;
}

/** The reader's first read of the passages for a sample (what the plans are asked for): recorded by a spy on its storage. */
export async function firstQuery(sample: Sample, reader: TraceReader): Promise<PassageQuery> {
  let seen: PassageQuery | null = null;
  const storage = new Proxy(reader.storage, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key !== 'tracePassages' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (query: PassageQuery) => {
        seen ??= query;
        return target.tracePassages(query);
      };
    },
  });
  await sample.run({ ...reader, storage });
  if (seen === null) throw new Error(`${sample.label}: no passages were read`);
  return seen;
}
