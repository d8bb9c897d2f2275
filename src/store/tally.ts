/** The tally's writes, inside the transactions that write and settle entries: the server's last count and the tablet's passages it has not had yet. */
import type { Table, Transaction } from 'dexie';
import type { Entry } from '../core/entry.ts';
import { passageOf, replacesCount, type PlaceCount } from '../core/placeCount.ts';

/** What the gate knows of its place's count (one row, key 'place'). */
export interface PlaceTally {
  key: 'place';
  /** The server's last count; null until one arrives (a server from before counts sends none). */
  server: PlaceCount | null;
  /** When the tablet heard it, on its own clock (the age the gate shows). */
  heardAt: string | null;
  /** Passed entries minus passed exits this tablet logged that the server has not acknowledged yet. */
  pendingNet: number;
}

export const TALLY_KEY = 'place';

const empty = (): PlaceTally => ({ key: TALLY_KEY, server: null, heardAt: null, pendingNet: 0 });

/** The tally, read inside the caller's transaction. */
export async function readTally(table: Table<PlaceTally, string>): Promise<PlaceTally> {
  return (await table.get(TALLY_KEY)) ?? empty();
}

/** One more entry waits for the server: its passage adds to the tally, as read by readTally in the entry's transaction. */
export async function countPending(table: Table<PlaceTally, string>, tally: PlaceTally, entry: Pick<Entry, 'direction' | 'verdict'>): Promise<void> {
  const step = passageOf(entry);
  if (step === 0) return;
  await table.put({ ...tally, pendingNet: tally.pendingNet + step });
}

/**
 * Entries left 'pending' (acknowledged or refused): the server counts those it stored now, so the tablet stops adding
 * them; with the count the server made after storing them, when the reply carried one.
 */
export async function settlePending(table: Table<PlaceTally, string>, settled: ReadonlyArray<Pick<Entry, 'direction' | 'verdict'>>, count: PlaceCount | null | undefined): Promise<void> {
  const tally = await readTally(table);
  const pendingNet = settled.reduce((net, e) => net - passageOf(e), tally.pendingNet);
  await table.put({ ...heard(tally, count), pendingNet });
}

/** A count heard on its own (the poll): the tablet's pending passages still add to it. */
export async function keepCount(table: Table<PlaceTally, string>, count: PlaceCount): Promise<void> {
  await table.put(heard(await readTally(table), count));
}

/** The tally with a count heard, unless it is older than the one held (replies that crossed: see replacesCount). */
function heard(tally: PlaceTally, count: PlaceCount | null | undefined): PlaceTally {
  const now = new Date();
  if (!count || !replacesCount(tally.server, tally.heardAt, count, now)) return tally;
  return { ...tally, server: count, heardAt: now.toISOString() };
}

/** Recounts the pending passages from the log: the upgrade to the version with a tally. */
export async function rebuildTally(tx: Transaction): Promise<void> {
  let pendingNet = 0;
  await tx.table<Entry & { syncState: string }>('entries').where('syncState').equals('pending').each((e) => { pendingNet += passageOf(e); });
  await tx.table<PlaceTally, string>('tally').put({ ...empty(), pendingNet });
}
