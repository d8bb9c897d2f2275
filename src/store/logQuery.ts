/** The lead's log filters as an IndexedDB query: the date range by index, the rest by a scan only when asked for. */
import { startOfDay } from '../core/calendar.ts';
import type { Colour, Direction, Verdict } from '../core/entry.ts';
import type { Person } from '../core/personSeal.ts';
import { db, type StoredEntry } from './db.ts';
import { tabletTimeZone } from './days.ts';
import { entryPages } from './pages.ts';

export interface LogFilter {
  from: string;
  to: string;
  direction: Direction | '';
  verdict: Verdict | '';
  colour: Colour | '';
  /** Part of an ID number or a name. */
  text: string;
}

export type EntryKey = [string, number];

/** Who each entry is about, in order; null where the person cannot be read (sealed, and no key to open it). */
export type ReadPersons = (entries: readonly StoredEntry[]) => Promise<Array<Person | null>>;

/** Entries read and opened at a time when a search must look inside sealed persons. */
const PAGE = 1000;

function matchesFields(f: LogFilter): ((e: StoredEntry) => boolean) | undefined {
  if (!f.direction && !f.verdict && !f.colour) return undefined;
  return (e) => (!f.direction || e.direction === f.direction) && (!f.verdict || e.verdict === f.verdict) && (!f.colour || e.colour === f.colour);
}

/** Keys of the matching entries, newest first; rows are fetched by key as they scroll into view. */
export async function findEntryKeys(f: LogFilter, readPersons: ReadPersons): Promise<EntryKey[]> {
  const zone = tabletTimeZone();
  const from = startOfDay(f.from, zone).toISOString();
  const until = new Date(startOfDay(f.to, zone).getTime() + 86_400_000).toISOString();
  const test = matchesFields(f);
  const text = f.text.trim().toUpperCase();
  if (!text) {
    // Without a search, the keys come from the index alone (no entry is read unless a field filter must look).
    const range = db.entries.where('at').between(from, until, true, false).reverse();
    return (await (test ? range.filter(test) : range).primaryKeys()) as EntryKey[];
  }
  // ID numbers and names are sealed at rest: a search reads the range a page at a time and opens them.
  const found: EntryKey[] = [];
  for await (const page of entryPages(from, until, PAGE)) {
    const kept = test ? page.filter(test) : page;
    const persons = await readPersons(kept);
    kept.forEach((e, i) => {
      const p = persons[i];
      if (p && ((p.personId ?? '').includes(text) || (p.name ?? '').toUpperCase().includes(text))) found.push([e.deviceId, e.seq]);
    });
  }
  return found.reverse();
}

/** The entries under these keys, in order (undefined where one has gone, e.g. wiped by retention meanwhile). */
export const entriesByKeys = (keys: readonly EntryKey[]): Promise<Array<StoredEntry | undefined>> => db.entries.bulkGet([...keys]);
