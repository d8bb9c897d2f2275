/** Vehicles at road checkpoints (issue #17) pushed on each database: each person in a car stored with it, verifying, counted in the roll-ups, exported; a bad plate refused by itself. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/chain.ts';
import type { Entry, Vehicle } from '../../src/core/entry.ts';
import type { Config } from '../../src/core/wire.ts';
import { toFigures } from '../../src/server/console/figureRoutes.ts';
import { csvExport } from '../../src/server/operator/export.ts';
import { emptySums, type HourRange } from '../../src/server/storage/figures.ts';
import { DATABASES, title } from './databases.ts';
import { enrol, entryFields, harness, push, sealAll, storedOf as stored, type Harness, type Tablet } from './helpers.ts';

const HOUR_MS = 3_600_000;
/** The day of entryFields' times (2026-11-23, 08:xx in Shanghai), and a day either side. */
const RANGE: HourRange = { from: Date.parse('2026-11-22T00:00:00Z') / HOUR_MS, to: Date.parse('2026-11-25T00:00:00Z') / HOUR_MS };

type Fields = Omit<Entry, 'hash' | 'prevHash'>;

const CAR_1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const CAR_2 = 'aaaaaaaa-0000-4000-8000-000000000002';
/** A valid ID number per person in a car, so the export tells them apart. */
const PEOPLE = ['11010519491231002X', '110105194912310038', '110105194912310046', '110105194912310054'];

/** A person scanned with a vehicle: passed, green, on the road checkpoint's tablet. */
const inCar = (tablet: Tablet, seq: number, vehicle: Vehicle): Fields =>
  ({ ...entryFields(tablet, seq), personId: PEOPLE[(seq - 1) % PEOPLE.length] ?? null, vehicle });

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('vehicles at road checkpoints', kind), () => {
    let h: Harness;
    let road: Tablet;
    beforeAll(async () => {
      h = await harness({ database: kind });
      const checkpoint = await h.storage.getCheckpointRecord(h.checkpointId);
      const edited = await h.storage.editPlace(checkpoint?.placeId ?? '', { kind: 'road' });
      if (!edited.ok) throw new Error(`could not make the place a road: ${JSON.stringify(edited)}`);
      road = await enrol(h);
    });
    afterAll(() => h.close());

    it("tells the tablet it is a road's", async () => {
      const res = await h.app.inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${road.token}` } });
      expect(res.json<Config>().checkpoint.placeKind).toBe('road');
    });

    it('stores a car with three people and one with its driver: verifying, counted as 2 vehicles and 4 people, exported', async () => {
      const entries = sealAll([
        inCar(road, 1, { plate: '豫M12345', id: CAR_1, role: 'driver' }),
        inCar(road, 2, { plate: '豫M12345', id: CAR_1, role: 'passenger' }),
        inCar(road, 3, { plate: '豫M12345', id: CAR_1, role: 'passenger' }),
        inCar(road, 4, { plate: '粤BD12345', id: CAR_2, role: 'driver' }),
      ]);
      const sent = await push(h, road, entries);
      expect(sent.body.results.map((r) => r.status), JSON.stringify(sent.body)).toEqual(['stored', 'stored', 'stored', 'stored']);

      const kept = await stored(h, road.deviceId);
      expect(kept.map((e) => e.vehicle)).toEqual(entries.map((e) => e.vehicle));
      expect(kept.map((e) => e.hash)).toEqual(entries.map((e) => e.hash));
      expect(verifyChain(kept)).toEqual([]);

      const want = { ...emptySums(), entries_in: 4, passed: 4, passed_in: 4, green: 4, vehicles: 2, vehicle_people: 4 };
      expect((await h.storage.figuresByCheckpoint([h.checkpointId], RANGE)).get(h.checkpointId)).toEqual(want);
      const area = (await h.storage.listCheckpoints()).find((c) => c.id === h.checkpointId)?.communityId ?? '';
      expect((await h.storage.figuresByArea([area], RANGE)).get(area)).toEqual(want);
      expect(toFigures(want)).toMatchObject({ in: 4, passed: 4, inside: 4, vehicles: 2, vehiclePeople: 4 });

      // Sent again: duplicates, counted once.
      const again = await push(h, road, entries);
      expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
      expect((await h.storage.figuresByCheckpoint([h.checkpointId], RANGE)).get(h.checkpointId)).toEqual(want);

      const table = async (language: 'zh' | 'en'): Promise<string[][]> => {
        let text = '';
        for await (const chunk of csvExport(h.storage, { checkpointId: h.checkpointId }, language, 'Asia/Shanghai')) text += chunk;
        return text.slice(1).split('\r\n').filter((l) => l !== '').map((l) => l.split(','));
      };
      const cells = (rows: string[][], header: readonly string[], names: readonly string[]) => rows.map((row) => names.map((n) => row[header.indexOf(n)]));
      const [en, ...enRows] = await table('en');
      expect(cells(enRows.filter((r) => r[en!.indexOf('device')] === road.deviceId), en!, ['seq', 'plate', 'vehicle', 'vehicle_role'])).toEqual([
        ['1', '豫M12345', CAR_1, 'driver'], ['2', '豫M12345', CAR_1, 'passenger'], ['3', '豫M12345', CAR_1, 'passenger'], ['4', '粤BD12345', CAR_2, 'driver'],
      ]);
      const [zh, ...zhRows] = await table('zh');
      expect(cells(zhRows.filter((r) => r[zh!.indexOf('设备')] === road.deviceId), zh!, ['车牌', '车辆', '乘车身份'])).toEqual([
        ['豫M12345', CAR_1, '司机'], ['豫M12345', CAR_1, '乘客'], ['豫M12345', CAR_1, '乘客'], ['粤BD12345', CAR_2, '司机'],
      ]);
    });

    it('refuses a plate not normalised or no plate at all with entry-schema and why, and stores the rest of the batch', async () => {
      const tablet = await enrol(h);
      const before = (await h.storage.figuresByCheckpoint([h.checkpointId], RANGE)).get(h.checkpointId) ?? emptySums();
      const car = 'aaaaaaaa-0000-4000-8000-000000000003';
      const entries = sealAll([
        inCar(tablet, 1, { plate: '豫M12345', id: car, role: 'driver' }),
        inCar(tablet, 2, { plate: '豫m12345', id: car, role: 'passenger' }),
        inCar(tablet, 3, { plate: 'AB12345', id: car, role: 'passenger' }),
        inCar(tablet, 4, { plate: '豫M12345', id: car, role: 'passenger' }),
      ]);
      const { body } = await push(h, tablet, entries);
      expect(body.results.map((r) => r.status)).toEqual(['stored', 'refused', 'refused', 'stored']);
      const refusals = body.results.filter((r) => r.status === 'refused');
      expect(refusals.map((r) => [r.seq, r.reason])).toEqual([[2, 'entry-schema'], [3, 'entry-schema']]);
      for (const r of refusals) expect(r.detail).toMatch(/plate/);
      expect((await stored(h, tablet.deviceId)).map((e) => [e.seq, e.vehicle?.role ?? null])).toEqual([[1, 'driver'], [4, 'passenger']]);
      const after = (await h.storage.figuresByCheckpoint([h.checkpointId], RANGE)).get(h.checkpointId);
      expect(after).toEqual({
        ...before, entries_in: before.entries_in + 2, passed: before.passed + 2, passed_in: before.passed_in + 2,
        green: before.green + 2, vehicles: before.vehicles + 1, vehicle_people: before.vehicle_people + 2,
      });
    });
  });
}
