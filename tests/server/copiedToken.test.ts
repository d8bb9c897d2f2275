/** Issue #12, finding 7: a copied token's entries at seqs the tablet also used are refused, logged, kept, and flag the device. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import { kadianIn } from './cliRunner.ts';
import { DATABASES, title } from './databases.ts';
import { enrol, entryFields, harness, push, type Harness, type Tablet } from './helpers.ts';
import { captureLog, WARN } from './logCapture.ts';

/** A chain of `count` entries whose person differs from the helpers' one: another tablet's log under the same token. */
async function otherChain(tablet: Tablet, count: number, name: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let seq = 1; seq <= count; seq++) entries.push(await seal({ ...entryFields(tablet, seq), name }, entries.at(-1) ?? null));
  return entries;
}

interface ConflictLine { level: number; msg: string; deviceId?: string; seq?: number; storedHash?: string | null; pushedHash?: string }

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('a copied token', kind), () => {
    let h: Harness;
    let lines: ConflictLine[];
    beforeAll(async () => {
      const log = captureLog();
      lines = log.lines as ConflictLine[];
      h = await harness({ database: kind, logger: log.logger });
    });
    afterAll(() => h.close());

    it('pushes 1–3 first; the genuine 1–3 are refused, each logged with both hashes, kept, and the device is flagged', async () => {
      const tablet = await enrol(h);
      const copy = await otherChain(tablet, 3, '冒用者');
      const genuine = await otherChain(tablet, 3, '张三');
      expect((await push(h, tablet, copy)).body.results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
      const before = (await h.storage.listDevices()).find((d) => d.id === tablet.deviceId);
      expect(before?.conflicts).toBe(0);

      const refused = await push(h, tablet, genuine, 0);
      expect(refused.body.results.map((r) => [r.status, r.reason])).toEqual([1, 2, 3].map(() => ['refused', 'entry-conflict']));

      const logged = lines.filter((l) => l.level === WARN && l.msg.includes('possible copied token'));
      expect(logged.map((l) => [l.deviceId, l.seq, l.storedHash, l.pushedHash])).toEqual(
        [0, 1, 2].map((i) => [tablet.deviceId, i + 1, copy[i]!.hash, genuine[i]!.hash]),
      );

      const report = (await h.storage.listDevices()).find((d) => d.id === tablet.deviceId);
      expect(report).toMatchObject({ entries: 3, missing: 0, conflicts: 3 });

      const pairs = await h.storage.listEntryConflicts(tablet.deviceId);
      expect(pairs.map((p) => [p.conflict.seq, p.stored?.hash, p.conflict.hash])).toEqual([0, 1, 2].map((i) => [i + 1, copy[i]!.hash, genuine[i]!.hash]));
      expect(pairs[0]?.stored?.name).toBe('冒用者');
      expect(pairs[0]?.conflict.entry).toEqual(genuine[0]);

      // Sent again (a copy retrying), a version already kept is kept once.
      await push(h, tablet, genuine);
      expect(await h.storage.listEntryConflicts(tablet.deviceId)).toHaveLength(3);
      expect((await h.storage.listDevices()).find((d) => d.id === tablet.deviceId)?.conflicts).toBe(3);
    });

    it('flags nothing for a tablet that resends its own entries (duplicates) or sends a bad one', async () => {
      const tablet = await enrol(h);
      const own = await otherChain(tablet, 2, '李四');
      await push(h, tablet, own);
      expect((await push(h, tablet, own)).body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      expect((await push(h, tablet, [{ ...own[1]!, seq: 3 }])).body.results[0]?.reason).toBe('entry-hash');
      expect((await h.storage.listDevices()).find((d) => d.id === tablet.deviceId)?.conflicts).toBe(0);
      expect(await h.storage.listEntryConflicts(tablet.deviceId)).toEqual([]);
    });
  });
}

describe('kadian devices, for a copied token', () => {
  let h: Harness;
  let tablet: Tablet;
  let copy: Entry[];
  let genuine: Entry[];
  beforeAll(async () => {
    h = await harness();
    tablet = await enrol(h);
    copy = await otherChain(tablet, 2, '冒用者');
    genuine = await otherChain(tablet, 2, '张三');
    await push(h, tablet, copy);
    await push(h, tablet, genuine);
  });
  afterAll(() => h.close());

  it('flags the device in the table and in --json, and names the command that shows both versions', async () => {
    const table = await kadianIn(h.dataDir, 'devices');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${tablet.deviceId}.*疑似令牌被复制 possible copied token \\(2\\)`));
    expect(table.stderr).toContain(`kadian devices conflicts ${tablet.deviceId}`);
    const json = JSON.parse((await kadianIn(h.dataDir, 'devices', '--json')).stdout) as Array<{ id: string; conflicts: number; possibleCopiedToken: boolean }>;
    expect(json.find((d) => d.id === tablet.deviceId)).toMatchObject({ conflicts: 2, possibleCopiedToken: true });
  });

  it('shows each seq with the stored entry and the refused one side by side, the differing fields marked', async () => {
    const run = await kadianIn(h.dataDir, 'devices', 'conflicts', tablet.deviceId);
    expect(run.code).toBe(0);
    for (const seq of [1, 2]) {
      expect(run.stdout).toContain(`seq ${seq}`);
      const i = seq - 1;
      expect(run.stdout).toMatch(new RegExp(`≠\\s+hash\\s+${copy[i]!.hash}\\s+${genuine[i]!.hash}`));
    }
    expect(run.stdout).toMatch(/≠\s+name\s+冒用者\s+张三/);
    expect(run.stdout).toMatch(/\n\s+verdict\s+pass\s+pass/);
    expect(run.stderr).toContain(`kadian devices revoke ${tablet.deviceId}`);
    const unknown = await kadianIn(h.dataDir, 'devices', 'conflicts', 'no-such-device');
    expect(unknown.code).toBe(2);
  });
});
