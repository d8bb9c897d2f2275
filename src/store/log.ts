/** Appending to the log: sequence number, chain link and outbox place in one transaction. */
import Dexie from 'dexie';
import { seal } from '../core/chain.ts';
import type { Entry } from '../core/entry.ts';
import { sealPerson } from '../core/personSeal.ts';
import { db, type StoredEntry } from './db.ts';
import { countEntry } from './figures.ts';

export type NewEntry = Omit<Entry, 'id' | 'seq' | 'prevHash' | 'hash'>;

/** The device's latest entry, or undefined before its first scan. */
export function lastEntry(deviceId: string): Promise<StoredEntry | undefined> {
  return db.entries.where('[deviceId+seq]').between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey]).last();
}

/**
 * Writes one entry and counts it in its day's figures. IndexedDB serialises read-write transactions on a store, so two tabs
 * scanning at once still get gapless sequence numbers; the hash is awaited with Dexie.waitFor
 * so the transaction stays open across WebCrypto. With the checkpoint's `sealKey`, the ID number and name are stored
 * only sealed: a finder of the tablet cannot read them back.
 */
export async function appendEntry(fields: NewEntry, sealKey?: string): Promise<StoredEntry> {
  const hasPerson = fields.personId !== null || fields.name !== null;
  // Sealed before the transaction: it does not depend on the seq, and the transaction stays short.
  const sealed = sealKey && hasPerson ? await sealPerson({ personId: fields.personId, name: fields.name }, sealKey) : undefined;
  return db.transaction('rw', db.entries, db.days, async () => {
    const prev = await lastEntry(fields.deviceId);
    const entry = await Dexie.waitFor(seal({ ...fields, id: crypto.randomUUID(), seq: (prev?.seq ?? 0) + 1 }, prev ?? null));
    const stored: StoredEntry = sealed ? { ...entry, personId: null, name: null, sealed, syncState: 'pending' } : { ...entry, syncState: 'pending' };
    await db.entries.add(stored);
    await countEntry(db.days, entry);
    return stored;
  });
}

/** How many entries of this device wait for the server. */
export function pendingCount(deviceId: string): Promise<number> {
  return db.entries.where('[deviceId+syncState+seq]').between([deviceId, 'pending', Dexie.minKey], [deviceId, 'pending', Dexie.maxKey]).count();
}

/** The oldest waiting entries of this device, in sequence order. */
export function pendingBatch(deviceId: string, limit: number): Promise<StoredEntry[]> {
  return db.entries
    .where('[deviceId+syncState+seq]')
    .between([deviceId, 'pending', Dexie.minKey], [deviceId, 'pending', Dexie.maxKey])
    .limit(limit)
    .toArray();
}

export interface Acknowledgement { seq: number; state: 'synced' | 'refused'; reason?: string }

/** Records the server's answer for a batch (bulkUpdate is one transaction); only acknowledged entries leave 'pending'. */
export function markResults(deviceId: string, results: readonly Acknowledgement[]): Promise<void> {
  return db.entries
    .bulkUpdate(
      results.map((r) => ({
        key: [deviceId, r.seq] as [string, number],
        changes: r.state === 'refused' ? { syncState: 'refused' as const, refusedReason: r.reason ?? 'refused' } : { syncState: 'synced' as const },
      })),
    )
    .then(() => undefined);
}
