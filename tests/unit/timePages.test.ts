/** Paging in time order: every item once, in order, however many share an instant and wherever pages break. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timePages, type Timed } from '../../src/core/timePages.ts';

/** An index over `at` (ties by key, as IndexedDB orders equal index keys by primary key) read as getAll would. */
function indexOf(items: Timed[]) {
  const sorted = [...items].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.seq - b.seq));
  let reads = 0;
  return {
    sorted,
    reads: () => reads,
    read: async (lower: string, limit: number) => { reads++; return sorted.filter((e) => e.at >= lower).slice(0, limit); },
  };
}

async function all(read: (lower: string, limit: number) => Promise<Timed[]>, size: number): Promise<Timed[]> {
  const out: Timed[] = [];
  for await (const page of timePages(read, '', size)) {
    expect(page.length).toBeGreaterThan(0);
    out.push(...page);
  }
  return out;
}

describe('timePages', () => {
  it('gives every item once, in order, with many items at one instant across page breaks', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ at: i < 12 ? '2026-11-23T08:00:00Z' : `2026-11-23T08:00:${String(i).padStart(2, '0')}Z`, deviceId: `d${i % 3}`, seq: i }));
    const index = indexOf(items);
    expect(await all(index.read, 5)).toEqual(index.sorted);
  });

  it('holds for any log and any page size', async () => {
    const item = fc.record({ at: fc.constantFrom('a', 'b', 'c', 'd'), deviceId: fc.constantFrom('x', 'y'), seq: fc.integer({ min: 1, max: 1000 }) });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(item, { selector: (e) => `${e.deviceId}:${e.seq}`, maxLength: 60 }), fc.integer({ min: 1, max: 10 }), async (items, size) => {
        const index = indexOf(items);
        expect(await all(index.read, size)).toEqual(index.sorted);
      }),
      { numRuns: 300 },
    );
  });
});
