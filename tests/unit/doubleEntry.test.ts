/** Offline double entries' definition (issue #17): two consecutive passed entries of one person at one place, no exit between, less than 12 h apart. */
import { describe, expect, it } from 'vitest';
import { comparePassages, DOUBLE_ENTRY_BOUND_MS, doubleEntries, samePassage, type Passage } from '../../src/core/doubleEntry.ts';

const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 30, 8);

/** A passage at `hours` after 08:00 UTC, at gate `gate` (its tablet `${gate}-tab`), with seq `seq`. */
const p = (direction: 'in' | 'out', hours: number, gate = 'A', seq = 1): Passage =>
  ({ direction, atMs: T0 + hours * HOUR, checkpointId: gate, deviceId: `${gate}-tab`, seq });

const keys = (found: ReturnType<typeof doubleEntries>) => found.map(({ first, second }) => [`${first.checkpointId}${first.seq}`, `${second.checkpointId}${second.seq}`]);

describe('doubleEntries', () => {
  it('flags two entries at two gates of the place with no exit between', () => {
    expect(keys(doubleEntries([p('in', 0, 'A', 1), p('in', 0.5, 'B', 1)]))).toEqual([['A1', 'B1']]);
  });

  it('flags two entries at the same gate without an exit', () => {
    expect(keys(doubleEntries([p('in', 0, 'A', 1), p('in', 1, 'A', 2)]))).toEqual([['A1', 'A2']]);
  });

  it('does not flag entries with an exit between, at whichever gate', () => {
    expect(doubleEntries([p('in', 0, 'A', 1), p('out', 1, 'B', 1), p('in', 2, 'A', 2)])).toEqual([]);
  });

  it('sorts what it is given: passages arriving out of order are read in time order', () => {
    const late = [p('in', 2, 'A', 2), p('out', 1, 'B', 1), p('in', 0, 'A', 1)];
    expect(doubleEntries(late)).toEqual([]);
    expect(keys(doubleEntries([p('in', 3, 'B', 7), p('in', 1, 'A', 1)]))).toEqual([['A1', 'B7']]);
  });

  it('does not flag entries 12 hours apart or more: an overnight stay with an exit not scanned is no one’s mistake', () => {
    expect(doubleEntries([p('in', 0, 'A', 1), p('in', 12, 'B', 1)])).toEqual([]);
    expect(keys(doubleEntries([p('in', 0, 'A', 1), p('in', 12, 'B', 1)], DOUBLE_ENTRY_BOUND_MS + 1))).toEqual([['A1', 'B1']]);
    expect(keys(doubleEntries([p('in', 0, 'A', 1), { ...p('in', 12, 'B', 1), atMs: T0 + DOUBLE_ENTRY_BOUND_MS - 1 }]))).toEqual([['A1', 'B1']]);
  });

  it('makes three entries in a row two double entries, each with its neighbour', () => {
    expect(keys(doubleEntries([p('in', 0, 'A', 1), p('in', 1, 'B', 1), p('in', 2, 'A', 2)]))).toEqual([['A1', 'B1'], ['B1', 'A2']]);
  });

  it('flags nothing for exits alone, an exit before an entry, or one entry', () => {
    expect(doubleEntries([p('out', 0), p('out', 1, 'A', 2)])).toEqual([]);
    expect(doubleEntries([p('out', 0), p('in', 1, 'A', 2)])).toEqual([]);
    expect(doubleEntries([p('in', 0)])).toEqual([]);
    expect(doubleEntries([])).toEqual([]);
  });

  it('orders passages of the same instant by their key, so a pair always comes out the same way round', () => {
    const a = p('in', 0, 'A', 1), b = p('in', 0, 'B', 1);
    expect(keys(doubleEntries([b, a]))).toEqual([['A1', 'B1']]);
    expect(keys(doubleEntries([a, b]))).toEqual([['A1', 'B1']]);
    expect(comparePassages(a, b)).toBeLessThan(0);
    expect(comparePassages(p('in', 0, 'A', 2), p('in', 0, 'A', 10))).toBeLessThan(0);
    expect(samePassage(a, p('out', 5, 'A', 1))).toBe(true);
    expect(samePassage(a, b)).toBe(false);
  });
});
