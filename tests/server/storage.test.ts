/** The storage contract, run on SQLite and (with TEST_DATABASE_URL) PostgreSQL: the demo, keys by (checkpoint, device, seq), a streamed export. */
import { expect, it } from 'vitest';
import type { Entry } from '../../src/core/entry.ts';
import type { Storage, StoredEntry } from '../../src/server/storage/storage.ts';
import { onEachDatabase } from './databases.ts';
import { chain } from './helpers.ts';

onEachDatabase('storage contract: entries', (t) => {
  async function collect(filter: Parameters<Storage['exportEntries']>[0]): Promise<StoredEntry[]> {
    const out: StoredEntry[] = [];
    for await (const e of t.storage.exportEntries(filter)) out.push(e);
    return out;
  }

  it('creates the demo once and says so', async () => {
    const first = await t.storage.ensureDemo();
    expect(first.created).toBe(true);
    expect(first.checkpoint).toEqual({ id: 'demo-gate', name: '东门卡点', communityId: 'demo-community', communityName: '示范社区', placeKind: 'compound' });
    expect((await t.storage.ensureDemo()).created).toBe(false);
    expect(await t.storage.listCheckpoints()).toHaveLength(1);
    // Reopening the same database finds the schema and the demo in place.
    const again = t.db.reopen();
    expect((await again.ensureDemo()).created).toBe(false);
    await again.close();
  });

  it('tells stored, duplicate and conflict apart, and keeps the first entry', async () => {
    const tablet = { deviceId: 'dev-a', checkpointId: 'demo-gate' };
    const [e1, e2] = await chain(tablet, 2);
    const rival: Entry = { ...e2!, hash: 'f'.repeat(64) };
    expect(await t.storage.insertEntries([e1!, e2!], '2026-11-23T00:00:00.000Z')).toEqual(['stored', 'stored']);
    expect(await t.storage.insertEntries([e1!, rival], '2026-11-23T00:01:00.000Z')).toEqual(['duplicate', 'conflict']);
    const links = await t.storage.getLinks('demo-gate', 'dev-a', [1, 2, 3]);
    expect(links.get(2)).toEqual({ hash: e2!.hash, prevHash: e1!.hash });
    expect(links.has(3)).toBe(false);
    expect((await t.storage.getLinks('demo-gate', 'dev-a', [])).size).toBe(0);
  });

  it('judges the same key twice in one batch against the first copy', async () => {
    const tablet = { deviceId: 'dev-twice', checkpointId: 'demo-gate' };
    const [e1, e2] = await chain(tablet, 2);
    const rival: Entry = { ...e2!, hash: 'e'.repeat(64) };
    expect(await t.storage.insertEntries([e1!, e1!, e2!, rival], '2026-11-23T00:00:00.000Z')).toEqual(['stored', 'duplicate', 'stored', 'conflict']);
    expect(await t.storage.insertEntries([rival, e2!, e2!], '2026-11-23T00:00:00.000Z')).toEqual(['conflict', 'duplicate', 'duplicate']);
    expect(await t.storage.insertEntries([], '2026-11-23T00:00:00.000Z')).toEqual([]);
    expect(await t.storage.countEntries('demo-gate')).toBe(4);
  });

  it('refuses entries for a checkpoint that does not exist, storing none of the batch', async () => {
    const [good] = await chain({ deviceId: 'dev-z', checkpointId: 'demo-gate' }, 1);
    const [orphan] = await chain({ deviceId: 'dev-z', checkpointId: 'nowhere' }, 1);
    await expect(t.storage.insertEntries([good!, orphan!], '2026-11-23T00:00:00.000Z')).rejects.toThrow(/foreign key/i);
    expect((await t.storage.getLinks('demo-gate', 'dev-z', [1])).size).toBe(0);
  });

  it('keeps every field as sent, the hash-covered time byte for byte', async () => {
    const [plain] = await chain({ deviceId: 'dev-f', checkpointId: 'demo-gate' }, 1);
    const odd: Entry = {
      ...plain!, at: '2026-11-23T08:00:60+08:00', personId: null, name: '=HYPERLINK("x")', colour: null, temperature: 37.35,
      verdict: 'check', reasons: ['colour-seen', 'colour-yellow'], operator: '志愿者 7', seq: Number.MAX_SAFE_INTEGER,
    };
    expect(await t.storage.insertEntries([odd], '2026-11-23T00:03:00.000Z')).toEqual(['stored']);
    const [back] = await collect({ checkpointId: 'demo-gate' }).then((all) => all.filter((e) => e.deviceId === 'dev-f'));
    expect(back).toEqual({ ...odd, receivedAt: '2026-11-23T00:03:00.000Z' });
  });

  it('exports in checkpoint, device, seq order, filtered by device time', async () => {
    const b = await chain({ deviceId: 'dev-b', checkpointId: 'demo-gate' }, 3);
    await t.storage.insertEntries([b[2]!, b[0]!, b[1]!], '2026-11-23T00:02:00.000Z');
    const all = await collect({ checkpointId: 'demo-gate' });
    expect(all.map((e) => `${e.deviceId}:${e.seq}`)).toEqual([
      'dev-a:1', 'dev-a:2', 'dev-b:1', 'dev-b:2', 'dev-b:3', 'dev-f:9007199254740991', 'dev-twice:1', 'dev-twice:2',
    ]);
    expect(all[0]).toMatchObject({ name: '张三', reasons: [], receivedAt: '2026-11-23T00:00:00.000Z', temperature: 36.5 });
    // Entries are at 08:0N+08:00, i.e. 00:0N UTC: the filter compares instants, not strings; a leap second is not filterable.
    const late = await collect({ since: '2026-11-23T00:02:00Z' });
    expect(late.map((e) => `${e.deviceId}:${e.seq}`)).toEqual(['dev-a:2', 'dev-b:2', 'dev-b:3', 'dev-twice:2']);
    expect(await collect({ checkpointId: 'elsewhere' })).toEqual([]);
    await expect(collect({ since: 'yesterday' })).rejects.toThrow(RangeError);
  });

  it('streams an export larger than one read, and lets other queries run while it is open', async () => {
    const many = await chain({ deviceId: 'dev-many', checkpointId: 'demo-gate' }, 2500);
    expect(new Set(await t.storage.insertEntries(many, '2026-11-23T00:04:00.000Z'))).toEqual(new Set(['stored']));
    const iterator = t.storage.exportEntries({})[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    expect(await t.storage.countEntries()).toBe(2508);
    // Links far apart are found as well as a batch's run of neighbours.
    expect([...(await t.storage.getLinks('demo-gate', 'dev-many', [1, 2500, 9999])).keys()].sort((a, b) => a - b)).toEqual([1, 2500]);
    expect((await t.storage.getLinks('demo-gate', 'dev-many', [1000, 1001, 1002])).get(1001)).toEqual({ hash: many[1000]!.hash, prevHash: many[999]!.hash });
    await iterator.return?.();
    let seen = 0;
    let last = 0;
    for await (const e of t.storage.exportEntries({ checkpointId: 'demo-gate' })) {
      if (e.deviceId !== 'dev-many') continue;
      expect(e.seq).toBe(last + 1);
      last = e.seq;
      seen++;
    }
    expect(seen).toBe(2500);
    // Stopping an export early gave its connection back: the storage still answers.
    expect(await t.storage.countEntries('demo-gate')).toBe(2508);
    expect(await t.storage.countEntries('elsewhere')).toBe(0);
  });
}, { demo: false });
