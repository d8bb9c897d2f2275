/** Server retention of residents' records, on each database: old trips, closed requests, expired re-binding codes and ended arrivals go; open and recent ones stay. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDay } from '../../src/core/calendar.ts';
import { DEFAULT_HEALTH_CODE_SETTINGS } from '../../src/server/settings.ts';
import type { StoredArrival } from '../../src/server/storage/arrivalTypes.ts';
import type { RetentionRun, Storage } from '../../src/server/storage/storage.ts';
import { DATABASES, title } from './databases.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-11-30T04:00:00.000Z');
const ZONE = DEFAULT_HEALTH_CODE_SETTINGS.timeZone;
const ago = (days: number): string => new Date(NOW.getTime() - days * DAY).toISOString();
const dayAgo = (days: number): string => addDays(calendarDay(NOW, ZONE), -days);

/** An arrival registered `days` ago; listed for 14 days from then unless `listed` is false. */
function arrival(id: string, days: number, listed = true): StoredArrival {
  const ends = new Date(NOW.getTime() - days * DAY + 14 * DAY).toISOString();
  return {
    arrivalId: id, personId: `11010519800101${id.slice(-4)}`, name: '来人', phone: '13800000000', fromProvince: '湖北', fromCity: '武汉',
    arrivalDay: dayAgo(days), means: 'train', meansDetail: '', areaId: 'demo-community', address: '1号楼', healthYes: [],
    category: listed ? 'from-wuhan' : null, untilDay: listed ? dayAgo(days - 13) : null, since: listed ? ago(days) : null,
    endsAt: listed ? ends : null, registeredAt: ago(days), expiredAt: null,
  };
}

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('server retention of residents\' records', kind), () => {
    let storage: Storage;
    let drop: () => Promise<void>;
    let run: RetentionRun;

    beforeAll(async () => {
      const db = await kind.create();
      storage = db.storage;
      drop = db.drop;
      await storage.ensureDemo();
      // Trips that ended 40 and 20 days ago, and one of last week.
      await storage.replaceTrips('p-1', [{ place: '武汉', from: dayAgo(45), to: dayAgo(40) }, { place: '孝感', from: dayAgo(31), to: dayAgo(20) }]);
      await storage.replaceTrips('p-2', [{ place: '北京', from: dayAgo(10), to: dayAgo(7) }]);
      // Requests: closed 40 days ago, open since 40 days ago, closed yesterday.
      for (const [requestId, days] of [['r-old-done', 40], ['r-old-open', 40], ['r-new-done', 1]] as const) {
        await storage.addRequest({ requestId, personId: 'p-1', kind: 'food', text: '米', status: 'open', createdAt: ago(days + 1), doneAt: null, note: null, doneBy: null }, 5);
        if (requestId !== 'r-old-open') await storage.closeRequest(requestId, { at: ago(days), note: '已送', by: 'lead' });
      }
      // Re-binding codes: expired 40 days ago, expiring tomorrow.
      for (const [codeHash, days] of [['c-old', 40], ['c-new', -1]] as const) {
        await storage.addRebindCode({ codeHash, personId: `p-${codeHash}`, name: '张三', areaId: null, createdBy: 'lead', createdAt: ago(days + 1), reason: '证件', expiresAt: ago(days) });
      }
      // Arrivals: 40 days ago and listed (its listing ended 26 days ago), 40 days ago unlisted, 3 days ago listed.
      for (const a of [arrival('a-old-listed-0001', 40), arrival('a-old-plain-0002', 40, false), arrival('a-new-listed-0003', 3)]) await storage.addArrival(a);
      // The listing's end is seen (as a config pull would see it) before retention may take the row.
      await storage.expireArrivals(NOW.toISOString());
      run = await storage.applyRetention(NOW, ZONE);
    });
    afterAll(() => drop());

    it('counts what it deleted of each kind', () => {
      expect(run).toMatchObject({ trips: 1, requests: 1, rebindCodes: 1, arrivals: 2, stopped: false });
    });

    it('deletes trips that ended before the cutoff and keeps the rest', async () => {
      const trips = await storage.tripsOf(['p-1', 'p-2']);
      expect(trips.get('p-1')?.map((t) => t.place)).toEqual(['孝感']);
      expect(trips.get('p-2')?.map((t) => t.place)).toEqual(['北京']);
    });

    it('deletes closed requests before the cutoff; an open one stays however old', async () => {
      const ids = (await storage.requestsOf(['p-1'])).map((r) => r.requestId).sort();
      expect(ids).toEqual(['r-new-done', 'r-old-open']);
    });

    it('deletes an expired re-binding code and keeps an open one', async () => {
      expect(await storage.openRebindCode('c-new', NOW.toISOString(), 5)).not.toBeNull();
      expect(await storage.openRebindCode('c-old', ago(41), 5)).toBeNull();
    });

    it('deletes arrivals registered before the cutoff once off the lists; a recent listing stays', async () => {
      const left = await storage.listArrivals({ areaIds: null, limit: 100 });
      expect(left.map((a) => a.arrivalId)).toEqual(['a-new-listed-0003']);
    });

    it('keeps an arrival still listed whatever its age, until its end has been seen', async () => {
      const db = await kind.create();
      try {
        await db.storage.ensureDemo();
        await db.storage.addArrival(arrival('a-unseen-end-0004', 40));
        // Retention set to a day: registered long before the cutoff, but its end has not yet moved the gates' configs.
        await db.storage.setServerRetentionDays(1);
        expect((await db.storage.applyRetention(NOW, ZONE)).arrivals).toBe(0);
        await db.storage.expireArrivals(NOW.toISOString());
        expect((await db.storage.applyRetention(NOW, ZONE)).arrivals).toBe(1);
      } finally {
        await db.drop();
      }
    });
  });
}
