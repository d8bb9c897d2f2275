/** The log's filters as an IndexedDB query: the date range by index, the rest by a scan only when asked for. */
import { startOfDay } from '../../core/calendar.ts';
import type { Colour, Direction, Verdict } from '../../core/entry.ts';
import { db, type StoredEntry } from '../../store/db.ts';
import { tabletTimeZone } from '../../store/figures.ts';
import { entryPages } from '../../store/pages.ts';
import { openPeople, type ShownEntry } from './people.ts';

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

/** Entries read and opened at a time when a search must look inside sealed persons. */
const PAGE = 1000;

function matchesFields(f: LogFilter): ((e: StoredEntry) => boolean) | undefined {
  if (!f.direction && !f.verdict && !f.colour) return undefined;
  return (e) => (!f.direction || e.direction === f.direction) && (!f.verdict || e.verdict === f.verdict) && (!f.colour || e.colour === f.colour);
}

const keyOf = (e: StoredEntry): EntryKey => [e.deviceId, e.seq];

/** Keys of the matching entries, newest first; rows are fetched by key as they scroll into view. */
export async function findEntryKeys(f: LogFilter): Promise<EntryKey[]> {
  const zone = tabletTimeZone();
  const from = startOfDay(f.from, zone).toISOString();
  const to = startOfDay(f.to, zone);
  const until = new Date(to.getTime() + 86_400_000).toISOString();
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
    for (const e of await openPeople(test ? page.filter(test) : page)) {
      if (e && ((e.personId ?? '').includes(text) || (e.name ?? '').toUpperCase().includes(text))) found.push(keyOf(e));
    }
  }
  return found.reverse();
}

/** The entries under these keys, with their persons opened where the lead's key can. */
export async function entriesByKeys(keys: EntryKey[]): Promise<Array<ShownEntry | undefined>> {
  return openPeople(await db.entries.bulkGet(keys));
}
