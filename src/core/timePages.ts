/** Paging a log in time order without offsets: each page starts at the last page's last instant, skipping what it gave. */

/** What paging needs of an entry: its instant and its key. */
export interface Timed { at: string; deviceId: string; seq: number }

/** Reads up to `limit` items with at ≥ `lower`, in `at` order (ties in any stable order). */
export type ReadFrom<T> = (lower: string, limit: number) => Promise<T[]>;

const keyOf = (e: Timed) => `${e.deviceId}\u0000${e.seq}`;

/**
 * Items from `from` on, `size` at a time. Entries of two tablets can share an instant, so a page asks again from the last
 * instant given and skips the items of that instant already given: every page costs one read of about `size` items.
 */
export async function* timePages<T extends Timed>(read: ReadFrom<T>, from: string, size: number): AsyncGenerator<T[]> {
  let lower = from;
  let given = new Set<string>(); // keys already yielded whose `at` is `lower`
  for (;;) {
    const asked = size + given.size;
    const page = await read(lower, asked);
    const fresh = page.filter((e) => !(e.at === lower && given.has(keyOf(e))));
    if (fresh.length > 0) yield fresh;
    if (page.length < asked || fresh.length === 0) return;
    const last = fresh[fresh.length - 1]!.at;
    if (last !== lower) given = new Set();
    for (const e of fresh) if (e.at === last) given.add(keyOf(e));
    lower = last;
  }
}
