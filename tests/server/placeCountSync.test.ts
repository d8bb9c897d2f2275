/**
 * Issue #17, the tablets' side of the server's count: the push's reply carries the place's count after its batch, and
 * the poll answers it to the tablet's own token only; on each database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceCount } from '../../src/core/placeCount.ts';
import { DATABASES, title } from './databases.ts';
import { enrol, harness, push, type Harness, type Tablet } from './helpers.ts';
import { every, passages, placesWithTwoGates } from './passages.ts';

const NOW = new Date('2026-11-30T12:00:00.000+08:00');

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('the count a tablet hears', kind), () => {
    let h: Harness;
    let east: Tablet;
    let west: Tablet;
    const poll = (token: string | null) => h.app.inject({ method: 'GET', url: '/api/v1/place-count', headers: token === null ? {} : { authorization: `Bearer ${token}` } });

    beforeAll(async () => {
      h = await harness({ database: kind, now: () => NOW });
      await placesWithTwoGates(h.storage, ['p-sync']);
      east = await enrol(h, 'p-sync-a');
      west = await enrol(h, 'p-sync-b');
    });
    afterAll(() => h.close());

    it('answers each push with the place’s count after its batch, all gates together', async () => {
      const first = await push(h, east, passages(east, every('2026-11-30T08:00:00.000+08:00', 3, 'in')));
      expect(first.status).toBe(200);
      expect(first.body.place).toMatchObject({ placeId: 'p-sync', inside: 3, capacity: 1000, gates: 2, countedAt: NOW.toISOString() });
      const out = await push(h, west, passages(west, every('2026-11-30T09:00:00.000+08:00', 1, 'out')));
      expect(out.body.place?.inside).toBe(2);
      // A batch sent again changes nothing, and says so with the same count.
      const again = await push(h, west, passages(west, every('2026-11-30T09:00:00.000+08:00', 1, 'out')).map((e) => ({ ...e })));
      expect(again.status).toBe(200);
    });

    it('answers the poll to an enrolled tablet only, with the same count', async () => {
      const res = await poll(east.token);
      expect(res.statusCode).toBe(200);
      const count = res.json<PlaceCount>();
      expect(count).toMatchObject({ placeId: 'p-sync', inside: 2, gates: 2 });
      expect((await poll(west.token)).json<PlaceCount>()).toEqual(count);
      expect(res.headers['cache-control']).toContain('no-store');
      expect((await poll(null)).statusCode).toBe(401);
      expect((await poll('not-a-token')).statusCode).toBe(401);
    });
  });
}
