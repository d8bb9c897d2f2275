/** The log's filters as an IndexedDB query: the date range by index, the rest by a scan only when asked for. */
import { startOfDay } from '../../core/calendar.ts';
import type { Colour, Direction, Verdict } from '../../core/entry.ts';
import { db, type StoredEntry } from '../../store/db.ts';
import { tabletTimeZone } from '../../store/figures.ts';

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

function matches(f: LogFilter): ((e: StoredEntry) => boolean) | undefined {
  const text = f.text.trim().toUpperCase();
  if (!f.direction && !f.verdict && !f.colour && !text) return undefined;
  return (e) =>
    (!f.direction || e.direction === f.direction) &&
    (!f.verdict || e.verdict === f.verdict) &&
    (!f.colour || e.colour === f.colour) &&
    (!text || (e.personId ?? '').includes(text) || (e.name ?? '').toUpperCase().includes(text));
}

/** Keys of the matching entries, newest first; rows are fetched by key as they scroll into view. */
export async function findEntryKeys(f: LogFilter): Promise<EntryKey[]> {
  const zone = tabletTimeZone();
  const from = startOfDay(f.from, zone).toISOString();
  const to = startOfDay(f.to, zone);
  const until = new Date(to.getTime() + 86_400_000).toISOString();
  const range = db.entries.where('at').between(from, until, true, false).reverse();
  const test = matches(f);
  // Without a field filter, the keys come from the index alone: no entry is read.
  return (test ? range.filter(test) : range).primaryKeys() as Promise<EntryKey[]>;
}

export function entriesByKeys(keys: EntryKey[]): Promise<Array<StoredEntry | undefined>> {
  return db.entries.bulkGet(keys);
}
