/** Offline double entries (issue #17): one person let in twice at one place with no exit between, at two gates or one, while tablets were offline. */
import type { Direction } from './entry.ts';

/**
 * Two entries this far apart or further are not flagged: a person who stayed in overnight and came in again the next
 * day most likely left by a gate that does not scan exits, or while its tablet was off; that is no one's mistake.
 */
export const DOUBLE_ENTRY_BOUND_MS = 12 * 60 * 60 * 1000;

/** A passed passage (verdict 'pass') of one person at one place: when, which way, and its key in the log. */
export interface Passage {
  atMs: number;
  direction: Direction;
  checkpointId: string;
  deviceId: string;
  seq: number;
}

type PassageKey = Pick<Passage, 'checkpointId' | 'deviceId' | 'seq'>;

/** Two entries of one person at one place, `first` before `second`, with no passed exit between them. */
export interface DoubleEntry<P extends Passage> {
  first: P;
  second: P;
}

const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Time order, then the log's key: passages of one instant (two gates in the same millisecond) still have one order.
 * Ids compare by code unit, as both databases' binary ("C") order does: the server's queries for the neighbours of an
 * entry and this order agree.
 */
export function comparePassages(a: Passage, b: Passage): number {
  return a.atMs - b.atMs || order(a.checkpointId, b.checkpointId) || order(a.deviceId, b.deviceId) || a.seq - b.seq;
}

/** Whether the two are the same entry of the log: the same key. */
export const samePassage = (a: PassageKey, b: PassageKey): boolean => a.checkpointId === b.checkpointId && a.deviceId === b.deviceId && a.seq === b.seq;

/**
 * The double entries among one person's passed passages at one place: each two consecutive ones (in time order, as
 * comparePassages sorts them) that are both entries and less than `boundMs` apart. Three entries in a row are two
 * double entries, the first with the second and the second with the third. Stops and checks that were not let through
 * are no passages: leave them out, as the exits of other places.
 */
export function doubleEntries<P extends Passage>(passages: readonly P[], boundMs: number = DOUBLE_ENTRY_BOUND_MS): Array<DoubleEntry<P>> {
  const sorted = [...passages].sort(comparePassages);
  const found: Array<DoubleEntry<P>> = [];
  for (let i = 1; i < sorted.length; i++) {
    const first = sorted[i - 1]!;
    const second = sorted[i]!;
    if (first.direction === 'in' && second.direction === 'in' && second.atMs - first.atMs < boundMs) found.push({ first, second });
  }
  return found;
}
