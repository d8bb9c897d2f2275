/** Pushing entries over HTTP, on each database: stored once, duplicates harmless, each bad entry refused by index while the rest are stored. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import type { ApiError, PushResult } from '../../src/core/wire.ts';
import { buildApp } from '../../src/server/app.ts';
import { secretHash } from '../../src/server/secrets.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import { DATABASES, title } from './databases.ts';
import { chain, enrol, entryFields, harness, push, PUBLIC_URL, type Harness, type Tablet } from './helpers.ts';

const statuses = (results: PushResult[]) => results.map((r) => r.status);

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('pushing entries', kind), () => {
    let h: Harness;
    beforeAll(async () => {
      h = await harness({ database: kind });
    });
    afterAll(() => h.close());

    it('stores a batch of 3, then answers the same batch with 3 duplicates and stores nothing more', async () => {
      const tablet = await enrol(h);
      const entries = await chain(tablet, 3);
      const first = await push(h, tablet, entries, 0);
      expect(first.status).toBe(200);
      expect(first.body.results).toEqual([
        { index: 0, seq: 1, status: 'stored' },
        { index: 1, seq: 2, status: 'stored' },
        { index: 2, seq: 3, status: 'stored' },
      ]);
      const before = await h.storage.countEntries();

      const again = await push(h, tablet, entries, 7);
      expect(statuses(again.body.results)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(await h.storage.countEntries()).toBe(before);
      const seen = await h.storage.authenticateDevice(await secretHash(tablet.token), new Date().toISOString());
      expect(seen).toMatchObject({ id: tablet.deviceId, waiting: 7 });
    });

    it('keeps the chain when two pushes of one tablet race: the later one sees what the earlier stored', async () => {
      // Storage that answers getLinks a few turns late, as a database across the network would,
      // so the second push could read the chain before the first has written to it. Authentication answers in call
      // order, so the pushes reach the server in the order sent (on PostgreSQL two connections may answer either way).
      let authenticated: Promise<unknown> = Promise.resolve();
      const slow = new Proxy(h.storage, {
        get(target, key, receiver) {
          const value: unknown = Reflect.get(target, key, receiver);
          if (key === 'authenticateDevice') {
            return (...args: Parameters<Storage['authenticateDevice']>) => {
              const device = authenticated.then(() => target.authenticateDevice(...args));
              authenticated = device.catch(() => undefined);
              return device;
            };
          }
          if (key === 'getLinks') {
            return async (...args: Parameters<Storage['getLinks']>) => {
              const links = await target.getLinks(...args);
              for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
              return links;
            };
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const app = await buildApp({ storage: slow, dataDir: h.dataDir, publicUrl: PUBLIC_URL });
      try {
        const tablet = await enrol({ ...h, app });
        const [e1] = await chain(tablet, 1);
        const unlinked = await seal(entryFields(tablet, 2), { seq: 1, hash: 'f'.repeat(64) });
        const [a, b] = await Promise.all([push({ ...h, app }, tablet, [e1]), push({ ...h, app }, tablet, [unlinked])]);
        expect(a.body.results[0]?.status).toBe('stored');
        expect(b.body.results[0]).toMatchObject({ seq: 2, status: 'refused', reason: 'entry-link' });
      } finally {
        await app.close();
      }
    });

    it('refuses a malformed entry by its index and stores the others', async () => {
      const tablet = await enrol(h);
      const [e1, e2, e3] = await chain(tablet, 3);
      const { hash: _dropped, ...noHash } = e2!;
      void _dropped;
      const res = await push(h, tablet, [e1, noHash, e3, { ...e3!, seq: 'x' }]);
      expect(res.status).toBe(200);
      expect(statuses(res.body.results)).toEqual(['stored', 'refused', 'stored', 'refused']);
      expect(res.body.results[1]).toMatchObject({ index: 1, seq: 2, reason: 'entry-schema' });
      expect(res.body.results[1]?.detail).toContain('hash');
      expect(res.body.results[3]).toMatchObject({ index: 3, seq: null, reason: 'entry-schema' });
      expect(res.body.results[3]?.detail).toContain('/seq');
      expect(await h.storage.countEntries()).toBeGreaterThanOrEqual(2);
      const stored = await h.storage.getLinks(tablet.checkpointId, tablet.deviceId, [1, 2, 3]);
      expect([...stored.keys()].sort()).toEqual([1, 3]);
    });

    it('refuses an entry with a field altered after sealing (entry-hash)', async () => {
      const tablet = await enrol(h);
      const [e1] = await chain(tablet, 1);
      const res = await push(h, tablet, [{ ...e1!, name: '李四' }]);
      expect(res.body.results[0]).toMatchObject({ index: 0, seq: 1, status: 'refused', reason: 'entry-hash' });
    });

    it('refuses an entry whose prevHash is not the hash of the one before (entry-link)', async () => {
      const tablet = await enrol(h);
      const [e1, e2] = await chain(tablet, 2);
      expect(statuses((await push(h, tablet, [e1, e2])).body.results)).toEqual(['stored', 'stored']);
      const forged = await seal(entryFields(tablet, 3), { seq: 2, hash: 'f'.repeat(64) });
      const res = await push(h, tablet, [forged]);
      expect(res.body.results[0]).toMatchObject({ seq: 3, status: 'refused', reason: 'entry-link' });
      const fresh = await enrol(h);
      const badStart = await seal(entryFields(fresh, 1), { seq: 0, hash: 'a'.repeat(64) });
      expect((await push(h, fresh, [badStart])).body.results[0]).toMatchObject({ seq: 1, status: 'refused', reason: 'entry-link' });
    });

    it('checks links inside one batch and against a stored successor', async () => {
      const tablet = await enrol(h);
      const [e1, e2, e3] = await chain(tablet, 3);
      expect(statuses((await push(h, tablet, [e1, e3])).body.results)).toEqual(['stored', 'stored']);
      const otherE2: Entry = await seal({ ...entryFields(tablet, 2), name: '王五' }, e1!);
      const res = await push(h, tablet, [otherE2, e2]);
      expect(res.body.results[0]).toMatchObject({ seq: 2, status: 'refused', reason: 'entry-link' });
      expect(res.body.results[1]).toMatchObject({ seq: 2, status: 'stored' });
    });

    it("refuses entries claiming another device or another checkpoint", async () => {
      const tablet = await enrol(h);
      const other = await enrol(h);
      const [theirs] = await chain(other, 1);
      const [elsewhere] = await chain({ deviceId: tablet.deviceId, checkpointId: 'other-gate' }, 1);
      const res = await push(h, tablet, [theirs, elsewhere]);
      expect(res.body.results[0]).toMatchObject({ index: 0, status: 'refused', reason: 'entry-device' });
      expect(res.body.results[1]).toMatchObject({ index: 1, status: 'refused', reason: 'entry-checkpoint' });
    });

    it('refuses a different entry under a stored sequence number (entry-conflict) and keeps the first', async () => {
      const tablet = await enrol(h);
      const [e1] = await chain(tablet, 1);
      await push(h, tablet, [e1]);
      const rival = await seal({ ...entryFields(tablet, 1), verdict: 'stop' }, null);
      const res = await push(h, tablet, [rival]);
      expect(res.body.results[0]).toMatchObject({ seq: 1, status: 'refused', reason: 'entry-conflict' });
      expect((await h.storage.getLinks(tablet.checkpointId, tablet.deviceId, [1])).get(1)?.hash).toBe(e1!.hash);
    });

    it('refuses a body that is not a batch: unknown field, empty batch', async () => {
      const tablet: Tablet = await enrol(h);
      const inject = (payload: object) =>
        h.app.inject({ method: 'POST', url: '/api/v1/entries', headers: { authorization: `Bearer ${tablet.token}` }, payload });
      const unknown = await inject({ entries: await chain(tablet, 1), extra: 1 });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json<ApiError>()).toMatchObject({ error: 'request-invalid' });
      expect(unknown.json<ApiError>().message).toContain('extra');
      expect((await inject({ entries: [] })).statusCode).toBe(400);
    });
  });
}
