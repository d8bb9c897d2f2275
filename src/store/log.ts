/** Appending to the log: sequence number, chain link, outbox place and the day's figures in one transaction. */
import Dexie from 'dexie';
import { seal } from '../core/chain.ts';
import type { Entry, Verdict } from '../core/entry.ts';
import { insideAtGate, type PlaceCount } from '../core/placeCount.ts';
import { sealPerson } from '../core/personSeal.ts';
import { err, ok, type Result } from '../core/result.ts';
import { db, type StoredEntry } from './db.ts';
import { countEntry, figuresOfDay, tabletTimeZone } from './days.ts';
import { countPending, readTally, settlePending } from './tally.ts';

/** What the gate knows of an entry before it is judged: everything but the verdict and the chain. */
export type EntryDraft = Omit<Entry, 'id' | 'seq' | 'prevHash' | 'hash' | 'verdict' | 'reasons'>;

/** The verdict an entry is written with, decided from how many are inside as it stands in the entry's own transaction. */
export type JudgeInTransaction = (inside: number) => { verdict: Verdict; reasons: string[] };

/** Why an entry was not written: the disk is full, or IndexedDB failed otherwise. */
export type SaveError = 'save-quota' | 'save-failed';

/** The device's latest entry, or undefined before its first scan. */
export function lastEntry(deviceId: string): Promise<StoredEntry | undefined> {
  return db.entries.where('[deviceId+seq]').between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey]).last();
}

/**
 * Dexie keeps an IndexedDB error's name, except when the disk fills at commit: the transaction aborts and Dexie's
 * AbortError carries the QuotaExceededError as `inner`.
 */
function isQuotaError(e: unknown): boolean {
  const error = e as { name?: unknown; inner?: unknown } | null;
  return error?.name === 'QuotaExceededError' || (error?.inner != null && isQuotaError(error.inner));
}

/**
 * Writes one entry and counts it in its day's figures and the place's tally. `judge` runs inside the transaction, on the
 * count two tabs cannot both read before either writes: a place one short of capacity lets one person in, not two. IndexedDB
 * serialises read-write transactions on a store, so sequence numbers stay gapless across tabs; the chain hash is
 * computed synchronously, so nothing but IndexedDB's own requests happens inside the transaction. With the checkpoint's
 * `sealKey`, the ID number and name are stored only sealed: a finder of the tablet cannot read them back.
 *
 * The three reads go out together, then the three writes: IndexedDB runs a transaction's requests in the order made, and
 * each one awaited in turn cost a task of its own, which was most of a scan's time on a slow tablet (bench/scan).
 */
export async function appendEntry(draft: EntryDraft, judge: JudgeInTransaction, sealKey?: string): Promise<Result<StoredEntry, SaveError>> {
  try {
    const hasPerson = draft.personId !== null || draft.name !== null;
    // Sealed before the transaction: it does not depend on the seq or the verdict, and the transaction stays short.
    const box = sealKey && hasPerson ? await sealPerson({ personId: draft.personId, name: draft.name }, sealKey) : undefined;
    // With a checkpoint key the entry commits to its person (v2, chain.ts); null when there is no one to commit to.
    const commitment = sealKey ? { personCommit: box?.personCommit ?? null } : {};
    return ok(await db.transaction('rw', db.entries, db.days, db.tally, async () => {
      const zone = tabletTimeZone();
      const [prev, today, tally] = await Promise.all([lastEntry(draft.deviceId), figuresOfDay(db.days, new Date(draft.at), zone), readTally(db.tally)]);
      const { verdict, reasons } = judge(insideAtGate(tally.server, tally.pendingNet, today.inside));
      const fields = { ...draft, ...commitment, verdict, reasons: reasons.slice(0, 16), id: crypto.randomUUID(), seq: (prev?.seq ?? 0) + 1 };
      const entry = seal(fields, prev ?? null);
      const stored: StoredEntry = box ? { ...entry, personId: null, name: null, sealed: box.sealed, syncState: 'pending' } : { ...entry, syncState: 'pending' };
      await Promise.all([db.entries.add(stored), countEntry(db.days, today, entry, zone), countPending(db.tally, tally, entry)]);
      return stored;
    }));
  } catch (e) {
    return err(isQuotaError(e) ? 'save-quota' : 'save-failed');
  }
}

/** How many entries of this device wait for the server. */
export function pendingCount(deviceId: string): Promise<number> {
  return db.entries.where('[deviceId+syncState+seq]').between([deviceId, 'pending', Dexie.minKey], [deviceId, 'pending', Dexie.maxKey]).count();
}

/** How many entries the server refused (every chain of this tablet): the lead must look at them. */
export const refusedCount = (): Promise<number> => db.entries.where('syncState').equals('refused').count();

/** The device's last `n` entries, newest first: what the volunteer sees of the log. */
export function recentEntries(deviceId: string, n: number): Promise<StoredEntry[]> {
  return db.entries.where('[deviceId+seq]').between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey]).reverse().limit(n).toArray();
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

/**
 * Records the server's answer for a batch; only acknowledged entries leave 'pending', and leave the place's tally with
 * it, in one transaction with the count the server made after storing them (`place`, when the reply has one).
 */
export function markResults(deviceId: string, results: readonly Acknowledgement[], place?: PlaceCount | null): Promise<void> {
  return db.transaction('rw', db.entries, db.tally, async () => {
    const stored = await db.entries.bulkGet(results.map((r) => [deviceId, r.seq]));
    const settled = stored.filter((e): e is StoredEntry => e?.syncState === 'pending');
    // What was read is put back: Dexie's bulkUpdate would read every entry again, and a scan's write waits on this.
    await db.entries.bulkPut(stored.flatMap((entry, i) => {
      const result = results[i]!;
      if (!entry) return [];
      return [result.state === 'refused' ? { ...entry, syncState: 'refused' as const, refusedReason: result.reason ?? 'refused' } : { ...entry, syncState: 'synced' as const }];
    }));
    await settlePending(db.tally, settled, place);
  });
}
