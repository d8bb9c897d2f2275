/**
 * Issue #17: a place's shared inside count, counted by the server from every gate's synced log, on each database:
 * two gates summed, re-sent and out-of-order batches changing nothing, exits beyond entries never below zero, a daily
 * reset time, corrections, and a place's capacity given to its gates' rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/core/entry.ts';
import type { PlaceCount } from '../../src/core/placeCount.ts';
import { DATABASES, title } from './databases.ts';
import { enrol, harness, push, type Harness, type Tablet } from './helpers.ts';
import { every, passages, placesWithTwoGates } from './passages.ts';

const ZONE = 'Asia/Shanghai';
/** Noon in Shanghai; every passage below is before it. */
const NOW = new Date('2026-11-30T12:00:00.000+08:00');
const PLACES = ['p-sum', 'p-resend', 'p-order', 'p-neg', 'p-reset', 'p-fix', 'p-cap'] as const;
const local = (time: string, day = '2026-11-30'): string => `${day}T${time}:00.000+08:00`;

const statuses = (body: { results: ReadonlyArray<{ status: string }> }): string[] => body.results.map((r) => r.status);

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('a place’s shared inside count', kind), () => {
    let h: Harness;
    /** Each place's two tablets, one per gate. */
    const gates = new Map<string, [Tablet, Tablet]>();
    const gatesOf = (place: string): [Tablet, Tablet] => {
      const pair = gates.get(place);
      if (!pair) throw new Error(`no tablets at ${place}`);
      return pair;
    };
    const count = async (checkpointId: string, now = NOW): Promise<PlaceCount | null> => h.storage.placeCountOfCheckpoint(checkpointId, now, ZONE);
    const stored = async (tablet: Tablet, entries: Entry[]): Promise<void> => {
      const res = await push(h, tablet, entries);
      expect(res.status).toBe(200);
      expect(statuses(res.body)).toEqual(entries.map(() => 'stored'));
    };

    beforeAll(async () => {
      h = await harness({ database: kind, now: () => NOW });
      await placesWithTwoGates(h.storage, PLACES);
      for (const place of PLACES) gates.set(place, [await enrol(h, `${place}-a`), await enrol(h, `${place}-b`)]);
    });
    afterAll(() => h.close());

    it('sums the passed entries and exits of all the place’s gates, and only of its gates', async () => {
      const [a, b] = gatesOf('p-sum');
      // Gate A: 5 passed in, a stop and a check (neither counts); gate B: 2 passed out and an exit stopped.
      await stored(a, passages(a, [...every(local('08:10'), 5, 'in'), { at: local('09:00'), direction: 'in', verdict: 'stop' }, { at: local('09:01'), direction: 'in', verdict: 'check' }]));
      await stored(b, passages(b, [...every(local('10:30'), 2, 'out'), { at: local('10:40'), direction: 'out', verdict: 'stop' }]));
      const expected: PlaceCount = { placeId: 'p-sum', placeName: '星湖 p-sum', inside: 3, capacity: 1000, gates: 2, since: null, countedAt: NOW.toISOString() };
      expect(await count('p-sum-a')).toEqual(expected);
      // Either gate's tablet hears the same count.
      expect(await count('p-sum-b')).toEqual(expected);
      expect((await h.storage.placeCounts(['p-sum', 'p-resend', 'p-nowhere'], NOW, ZONE)).get('p-sum')).toEqual(expected);
      expect((await h.storage.placeCounts(['p-resend', 'p-nowhere'], NOW, ZONE)).has('p-nowhere')).toBe(false);
      expect((await count('p-resend-a'))?.inside).toBe(0);
      expect(await count('cp-nowhere')).toBeNull();
    });

    it('counts a batch sent again, or half sent again with new entries, once', async () => {
      const [a, b] = gatesOf('p-resend');
      const first = passages(a, every(local('09:05'), 4, 'in'));
      await stored(a, first);
      await stored(b, passages(b, every(local('09:30'), 1, 'out')));
      expect((await count('p-resend-a'))?.inside).toBe(3);
      // The tablet never heard the answer and sends it all again: stored already, the count stays.
      expect(statuses((await push(h, a, first)).body)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
      expect((await count('p-resend-a'))?.inside).toBe(3);
      // Its next push repeats the last two beside two new ones.
      const next = passages(a, every(local('10:05'), 2, 'in'), first.at(-1));
      expect(statuses((await push(h, a, [...first.slice(2), ...next])).body)).toEqual(['duplicate', 'duplicate', 'stored', 'stored']);
      expect((await count('p-resend-b'))?.inside).toBe(5);
    });

    it('comes to the same count whatever order the batches arrive in, and never below zero on the way', async () => {
      const [a, b] = gatesOf('p-order');
      const ins = passages(a, every(local('08:00'), 6, 'in'));
      const outs = passages(b, every(local('11:00'), 4, 'out'));
      // The exit gate syncs first: four exits and no entry yet is 0, not -4.
      await stored(b, outs.slice(2));
      await stored(b, outs.slice(0, 2));
      expect((await count('p-order-a'))?.inside).toBe(0);
      // Then the entry gate, its later batch before its earlier one (a retry after a lost answer).
      await stored(a, ins.slice(3));
      expect((await count('p-order-a'))?.inside).toBe(0);
      await stored(a, ins.slice(0, 3));
      expect((await count('p-order-a'))?.inside).toBe(2);
    });

    it('never counts below zero when more leave than entered since the baseline', async () => {
      const [a, b] = gatesOf('p-neg');
      await stored(a, passages(a, every(local('08:00'), 1, 'in')));
      await stored(b, passages(b, every(local('08:30'), 3, 'out')));
      expect((await count('p-neg-a'))?.inside).toBe(0);
      // A correction to 2, then one more leaving than entering: 1.
      expect(await h.storage.correctPlaceCount({ placeId: 'p-neg', inside: 2, at: new Date(local('09:00')), reason: '人工清点', by: 'operator', byName: 'ops' })).toBe(true);
      await stored(b, passages(b, every(local('09:10'), 1, 'out'), (await lastOf(b))));
      expect((await count('p-neg-b'))?.inside).toBe(1);
      await stored(b, passages(b, every(local('09:20'), 3, 'out'), (await lastOf(b))));
      expect((await count('p-neg-b'))?.inside).toBe(0);
    });

    /** A tablet's newest stored entry, to chain the next ones after. */
    async function lastOf(tablet: Tablet): Promise<Entry | null> {
      let last: Entry | null = null;
      for await (const e of h.storage.exportEntries({ checkpointId: tablet.checkpointId })) if (e.deviceId === tablet.deviceId) last = e;
      return last;
    }

    it('starts again from zero at the place’s daily reset time, counting its first part-hour from the log', async () => {
      const [a, b] = gatesOf('p-reset');
      // Yesterday evening, before today's 02:30 and after it: the part-hour 02:30–03:00 and the whole hours after.
      await stored(a, passages(a, [
        ...every(local('21:00', '2026-11-29'), 7, 'in'), ...every(local('02:10'), 2, 'in'), ...every(local('02:40'), 3, 'in'), ...every(local('03:10'), 4, 'in'),
      ]));
      await stored(b, passages(b, [...every(local('02:20'), 1, 'out'), ...every(local('02:50'), 1, 'out'), ...every(local('05:00'), 2, 'out')]));
      expect((await count('p-reset-a'))?.inside).toBe(16 - 4);
      expect(await h.storage.setPlaceResetTime('p-reset', '02:30')).toBe(true);
      expect(await count('p-reset-a')).toMatchObject({ inside: 3 + 4 - 1 - 2, since: new Date(local('02:30')).toISOString() });
      // Before today's reset the count runs from yesterday's: every passage stored since, whatever the tablet's clock said.
      const early = new Date(local('02:25'));
      expect(await count('p-reset-b', early)).toMatchObject({ inside: 16 - 4, since: new Date(local('02:30', '2026-11-29')).toISOString() });
      // On the hour: no part-hour to read.
      expect(await h.storage.setPlaceResetTime('p-reset', '03:00')).toBe(true);
      expect(await count('p-reset-a')).toMatchObject({ inside: 4 - 2, since: new Date(local('03:00')).toISOString() });
      expect(await h.storage.setPlaceResetTime('p-reset', null)).toBe(true);
      expect(await count('p-reset-a')).toMatchObject({ inside: 16 - 4, since: null });
      expect(await h.storage.setPlaceResetTime('p-nowhere', '02:00')).toBe(false);
      await expect(h.storage.setPlaceResetTime('p-reset', '24:00')).rejects.toThrow(RangeError);
    });

    it('goes on from the newest correction, or from a newer reset; a correction dated after now waits', async () => {
      const [a, b] = gatesOf('p-fix');
      await stored(a, passages(a, [...every(local('09:50'), 5, 'in'), ...every(local('10:30'), 2, 'in'), ...every(local('11:10'), 3, 'in')]));
      await stored(b, passages(b, [...every(local('10:40'), 1, 'out'), ...every(local('11:30'), 1, 'out')]));
      expect((await count('p-fix-a'))?.inside).toBe(8);
      const fix = (inside: number, at: string) => h.storage.correctPlaceCount({ placeId: 'p-fix', inside, at: new Date(at), reason: '清场后人工清点', by: 'u-lead', byName: '李组长' });
      expect(await fix(100, local('10:20'))).toBe(true);
      // From 10:20: the 10:30s and 10:40 from the log, 11:00 on from the roll-ups.
      expect(await count('p-fix-a')).toMatchObject({ inside: 100 + 2 + 3 - 1 - 1, since: new Date(local('10:20')).toISOString() });
      expect(await fix(50, local('11:20'))).toBe(true);
      expect((await count('p-fix-b'))?.inside).toBe(50 - 1);
      // Asked as of 11:00, the 11:20 correction is not made yet: the count runs from 10:20.
      expect((await count('p-fix-b', new Date(local('11:00'))))?.inside).toBe(100 + 5 - 2);
      // A reset after the correction wins over it; a correction after the reset wins again.
      expect(await h.storage.setPlaceResetTime('p-fix', '11:25')).toBe(true);
      expect(await count('p-fix-a')).toMatchObject({ inside: 0, since: new Date(local('11:25')).toISOString() });
      expect(await fix(20, local('11:45'))).toBe(true);
      expect(await count('p-fix-a')).toMatchObject({ inside: 20, since: new Date(local('11:45')).toISOString() });
      expect(await h.storage.correctPlaceCount({ placeId: 'p-nowhere', inside: 1, at: NOW, reason: 'x', by: 'operator', byName: null })).toBe(false);
      await expect(fix(-1, local('11:50'))).rejects.toThrow(RangeError);
    });

    it('gives a place’s capacity to every gate’s rules, recorded as a change of them, so the tablets pull it', async () => {
      const before = await Promise.all(['p-cap-a', 'p-cap-b'].map((id) => h.storage.getConfig(id)));
      const edited = await h.storage.editPlace('p-cap', { capacity: 800 }, { at: NOW.toISOString(), user: { id: 'u-hq', name: '指挥部' } });
      expect(edited).toMatchObject({ ok: true, value: { id: 'p-cap', capacity: 800 } });
      for (const [i, id] of ['p-cap-a', 'p-cap-b'].entries()) {
        const config = await h.storage.getConfig(id);
        expect(config?.policy.capacity).toBe(800);
        expect(config?.version).toBe((before[i]?.version ?? 0) + 1);
        expect((await h.storage.listPolicyChanges(id)).at(-1)).toMatchObject({
          deviceId: null, user: { id: 'u-hq', name: '指挥部' }, changedAt: NOW.toISOString(), before: { capacity: 1000 }, after: { capacity: 800 }, restoredFrom: null,
        });
      }
      expect((await count('p-cap-a'))?.capacity).toBe(800);
      // The same capacity again changes no gate; none (the operator's, no user named) clears it on each.
      await h.storage.editPlace('p-cap', { capacity: 800 });
      expect(await h.storage.listPolicyChanges('p-cap-a')).toHaveLength(1);
      await h.storage.editPlace('p-cap', { capacity: null });
      expect((await h.storage.getConfig('p-cap-b'))?.policy.capacity).toBeNull();
      const [, cleared] = await h.storage.listPolicyChanges('p-cap-b');
      expect(cleared).toMatchObject({ deviceId: null, after: { capacity: null } });
      expect(cleared).not.toHaveProperty('user');
      // A rename leaves the gates' rules alone.
      await h.storage.editPlace('p-cap', { name: '星湖东区' });
      expect(await h.storage.listPolicyChanges('p-cap-a')).toHaveLength(2);
      expect(await h.storage.editPlace('p-nowhere', { capacity: 5 })).toEqual({ ok: false, error: 'city-unknown' });
    });
  });
}
