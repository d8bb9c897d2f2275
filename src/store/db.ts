/** The tablet's IndexedDB (Dexie): the log of entries, which is also the outbox, and sync state. */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { Entry } from '../core/entry.ts';
import type { DayFigures } from '../core/figures.ts';
import type { SealedPerson } from '../core/personSeal.ts';
import { rebuildDays } from './days.ts';
import { rebuildTally, type PlaceTally } from './tally.ts';

/** Where an entry stands with the server. Only 'pending' entries are sent; none is ever deleted by sync. */
export type SyncState = 'pending' | 'synced' | 'refused';

export interface StoredEntry extends Entry {
  /**
   * The ID number and name sealed to the checkpoint's key; `personId` and `name` are then null here (the chain hash is
   * over the plain entry, which only the server and an unlocked lead can rebuild).
   */
  sealed?: SealedPerson;
  syncState: SyncState;
  /** Why the server refused it (a message key), shown to the lead; the entry stays. */
  refusedReason?: string;
}

/** Facts shared by every tab, watched (store/live.ts) so the status line updates everywhere. */
export interface SyncStatus {
  key: 'sync';
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  /** Message key of the last failure, null after a success. */
  lastError: string | null;
  /** Consecutive failures, for the backoff. */
  failures: number;
}

export class KadianDb extends Dexie {
  entries!: Table<StoredEntry, [string, number]>;
  meta!: EntityTable<SyncStatus, 'key'>;
  /** Each day's figures, updated in the transaction that writes each entry: the lead's numbers never scan the log. */
  days!: Table<DayFigures, string>;
  /** The place's count: the server's last, and this tablet's passages it has not had yet (store/tally.ts). */
  tally!: Table<PlaceTally, string>;

  constructor(name = 'kadian') {
    super(name);
    // [deviceId+seq] is the key: a re-enrolled tablet starts a new chain beside the old one.
    this.version(1).stores({
      entries: '[deviceId+seq], &id, syncState, [deviceId+syncState+seq], at',
      meta: 'key',
    });
    // Version 2 adds the day figures; tablets from version 1 rebuild them from their log once.
    this.version(2).stores({ days: 'day' }).upgrade((tx) => rebuildDays(tx.table('entries'), tx.table('days')));
    // Version 3 adds the place's tally; the entries still waiting count in it from the start.
    this.version(3).stores({ tally: 'key' }).upgrade(rebuildTally);
  }
}

export const db = new KadianDb();
