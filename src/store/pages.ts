/** The log between two instants in time order, a page at a time: each page one IndexedDB getAll over the `at` index. */
import { timePages } from '../core/timePages.ts';
import { db, type StoredEntry } from './db.ts';

/** Entries with from ≤ at < until, oldest first, `size` at a time (bulkGet by key would be one IndexedDB get per entry). */
export function entryPages(from: string, until: string, size: number): AsyncGenerator<StoredEntry[]> {
  return timePages((lower, limit) => db.entries.where('at').between(lower, until, true, false).limit(limit).toArray(), from, size);
}

/** How many entries have from ≤ at < until, from the index alone. */
export const countBetween = (from: string, until: string): Promise<number> => db.entries.where('at').between(from, until, true, false).count();
