/** The SQLite storage on its own: the demo, keys by (checkpoint, device, seq), and a streamed export. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/core/entry.ts';
import { openStorage } from '../../src/server/settings.ts';
import type { Storage, StoredEntry } from '../../src/server/storage/storage.ts';
import { chain } from './helpers.ts';

let dataDir: string;
let storage: Storage;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kadian-storage-'));
  storage = openStorage(dataDir);
});
afterAll(async () => {
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function collect(filter: Parameters<Storage['exportEntries']>[0]): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  for await (const e of storage.exportEntries(filter)) out.push(e);
  return out;
}

describe('sqlite storage', () => {
  it('creates the demo once and says so', async () => {
    const first = await storage.ensureDemo();
    expect(first.created).toBe(true);
    expect(first.checkpoint).toEqual({ id: 'demo-gate', name: '东门卡点', communityId: 'demo-community', communityName: '示范社区' });
    expect((await storage.ensureDemo()).created).toBe(false);
    expect(await storage.listCheckpoints()).toHaveLength(1);
    // Reopening the same file finds the schema and the demo in place.
    const again = openStorage(dataDir);
    expect((await again.ensureDemo()).created).toBe(false);
    await again.close();
  });

  it('tells stored, duplicate and conflict apart, and keeps the first entry', async () => {
    const tablet = { deviceId: 'dev-a', checkpointId: 'demo-gate' };
    const [e1, e2] = await chain(tablet, 2);
    const rival: Entry = { ...e2!, hash: 'f'.repeat(64) };
    expect(await storage.insertEntries([e1!, e2!], '2026-11-23T00:00:00.000Z')).toEqual(['stored', 'stored']);
    expect(await storage.insertEntries([e1!, rival], '2026-11-23T00:01:00.000Z')).toEqual(['duplicate', 'conflict']);
    const links = await storage.getLinks('demo-gate', 'dev-a', [1, 2, 3]);
    expect(links.get(2)).toEqual({ hash: e2!.hash, prevHash: e1!.hash });
    expect(links.has(3)).toBe(false);
  });

  it('refuses entries for a checkpoint that does not exist, storing none of the batch', async () => {
    const [good] = await chain({ deviceId: 'dev-z', checkpointId: 'demo-gate' }, 1);
    const [orphan] = await chain({ deviceId: 'dev-z', checkpointId: 'nowhere' }, 1);
    await expect(storage.insertEntries([good!, orphan!], '2026-11-23T00:00:00.000Z')).rejects.toThrow(/FOREIGN KEY/);
    expect((await storage.getLinks('demo-gate', 'dev-z', [1])).size).toBe(0);
  });

  it('exports in checkpoint, device, seq order, filtered by device time', async () => {
    const b = await chain({ deviceId: 'dev-b', checkpointId: 'demo-gate' }, 3);
    await storage.insertEntries([b[2]!, b[0]!, b[1]!], '2026-11-23T00:02:00.000Z');
    const all = await collect({ checkpointId: 'demo-gate' });
    expect(all.map((e) => `${e.deviceId}:${e.seq}`)).toEqual(['dev-a:1', 'dev-a:2', 'dev-b:1', 'dev-b:2', 'dev-b:3']);
    expect(all[0]).toMatchObject({ name: '张三', reasons: [], receivedAt: '2026-11-23T00:00:00.000Z' });
    // Entries are at 08:0N+08:00, i.e. 00:0N UTC: the filter compares instants, not strings.
    const late = await collect({ since: '2026-11-23T00:02:00Z' });
    expect(late.map((e) => `${e.deviceId}:${e.seq}`)).toEqual(['dev-a:2', 'dev-b:2', 'dev-b:3']);
    expect(await collect({ checkpointId: 'elsewhere' })).toEqual([]);
  });

  it('lets other queries run while an export is open', async () => {
    const iterator = storage.exportEntries({})[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    expect(await storage.countEntries()).toBe(5);
    await iterator.return?.();
  });
});
