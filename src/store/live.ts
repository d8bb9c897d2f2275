/** Watching a store query: the callback gets its value again whenever IndexedDB changes under it, in any tab. */
import { liveQuery } from 'dexie';

/** Calls `next` with the query's value now and after every change it depends on; returns the unsubscribe. */
export function watch<T>(query: () => Promise<T>, next: (value: T) => void): () => void {
  const subscription = liveQuery(query).subscribe({ next, error: () => undefined });
  return () => subscription.unsubscribe();
}
