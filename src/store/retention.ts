/** Wiping what a lost tablet need not hold: entries the server has acknowledged, once older than the operator's retention. */
import { db } from './db.ts';
import { lastEntry } from './log.ts';

const DAY_MS = 86_400_000;

/**
 * Deletes this tablet's synced entries written before `before` (ISO; null: all of them). Pending and refused entries are
 * never wiped, nor the device's newest entry: the next entry's seq and chain link are taken from it. Day figures stay.
 */
export async function wipeSynced(deviceId: string, before: string | null): Promise<number> {
  return db.transaction('rw', db.entries, async () => {
    const head = await lastEntry(deviceId);
    const range = before === null ? db.entries.toCollection() : db.entries.where('at').below(before);
    return range.filter((e) => e.syncState === 'synced' && !(e.deviceId === deviceId && e.seq === head?.seq)).delete();
  });
}

/** The cutoff for `retentionDays` of retention counted back from `now`. */
export const retentionCutoff = (retentionDays: number, now = Date.now()): string => new Date(now - retentionDays * DAY_MS).toISOString();
