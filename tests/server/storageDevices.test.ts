/** The storage contract of the operator's device list, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: gaps, counts, clock skew, revocation. */
import { expect, it } from 'vitest';
import { seal } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import { MAX_GAPS, SKEW_SAMPLE } from '../../src/server/storage/deviceReport.ts';
import type { DeviceReport } from '../../src/server/storage/storage.ts';
import { onEachDatabase } from './databases.ts';
import { chain, entryFields } from './helpers.ts';

const NOW = '2026-11-23T08:00:00.000Z';
const LABEL = "'; DROP TABLE entries; --";

onEachDatabase('storage contract: the device list', (t) => {
  async function enrolDevice(id: string, label: string | null): Promise<void> {
    await t.storage.createEnrolmentCode({ codeHash: `code-${id}`, checkpointId: 'demo-gate', createdAt: NOW, expiresAt: '2026-11-24T08:00:00.000Z' });
    const redeemed = await t.storage.redeemEnrolmentCode({ codeHash: `code-${id}`, now: NOW, device: { id, tokenHash: `token-${id}`, label } });
    expect(redeemed.ok).toBe(true);
  }

  const report = async (id: string): Promise<DeviceReport> => {
    const found = (await t.storage.listDevices()).find((d) => d.id === id);
    if (!found) throw new Error(`${id} is not listed`);
    return found;
  };

  /** Stores the entries of `all` with these seqs, received at `receivedAt`. */
  const send = (all: Entry[], seqs: number[], receivedAt: string) => t.storage.insertEntries(all.filter((e) => seqs.includes(e.seq)), receivedAt);

  it('lists a device without entries: nothing received, nothing missing, no skew', async () => {
    await enrolDevice('dev-quiet', null);
    expect(await report('dev-quiet')).toEqual({
      id: 'dev-quiet', checkpointId: 'demo-gate', label: null, enrolledAt: NOW, revokedAt: null, lastSeenAt: null, waiting: null,
      entries: 0, highestSeq: null, missing: 0, gaps: [], gapsTruncated: false, clockSkewMs: null, conflicts: 0, doubleEntries: 0,
    });
  });

  it('names the gaps, the missing start included, and a gap that closes disappears', async () => {
    await enrolDevice('dev-gaps', LABEL);
    const all = await chain({ deviceId: 'dev-gaps', checkpointId: 'demo-gate' }, 9);
    await send(all, [2, 3, 6, 9], '2026-11-23T00:30:00.000Z');
    expect(await report('dev-gaps')).toMatchObject({
      label: LABEL, entries: 4, highestSeq: 9, missing: 5,
      gaps: [{ first: 1, last: 1 }, { first: 4, last: 5 }, { first: 7, last: 8 }], gapsTruncated: false,
    });
    await send(all, [1, 4, 5], '2026-11-23T00:31:00.000Z');
    expect(await report('dev-gaps')).toMatchObject({ entries: 7, missing: 2, gaps: [{ first: 7, last: 8 }] });
    await send(all, [7, 8], '2026-11-23T00:32:00.000Z');
    expect(await report('dev-gaps')).toMatchObject({ entries: 9, highestSeq: 9, missing: 0, gaps: [], gapsTruncated: false });
  });

  it('lists the first MAX_GAPS gaps of a chain that is mostly holes, and counts every missing seq', async () => {
    await enrolDevice('dev-holes', null);
    const all = await chain({ deviceId: 'dev-holes', checkpointId: 'demo-gate' }, 2 * (MAX_GAPS + 5));
    await send(all, all.map((e) => e.seq).filter((s) => s % 2 === 0), NOW);
    const holes = await report('dev-holes');
    expect(holes).toMatchObject({ entries: MAX_GAPS + 5, highestSeq: 2 * (MAX_GAPS + 5), missing: MAX_GAPS + 5, gapsTruncated: true });
    expect(holes.gaps).toHaveLength(MAX_GAPS);
    expect(holes.gaps.slice(0, 2)).toEqual([{ first: 1, last: 1 }, { first: 3, last: 3 }]);
  });

  it("estimates the tablet's clock skew from its latest entries, as the largest at - received_at", async () => {
    await enrolDevice('dev-clock', null);
    // 30 entries a minute apart on a clock 3 hours behind, each received 2 s after its scan; seq 30 was sent 40 s late.
    const tablet = { deviceId: 'dev-clock', checkpointId: 'demo-gate' };
    const start = Date.parse('2026-11-23T05:00:00.000Z');
    const entries: Entry[] = [];
    for (let seq = 1; seq <= 30; seq++) {
      const at = new Date(start + seq * 60_000 - 3 * 3600_000).toISOString();
      entries.push(await seal({ ...entryFields(tablet, seq), at }, entries.at(-1) ?? null));
    }
    for (const e of entries) {
      const delay = e.seq === 30 ? 40_000 : 2_000;
      await t.storage.insertEntries([e], new Date(Date.parse(e.at) + 3 * 3600_000 + delay).toISOString());
    }
    expect(SKEW_SAMPLE).toBeLessThan(30);
    expect((await report('dev-clock')).clockSkewMs).toBe(-(3 * 3600_000 + 2_000));
    // A leap second in `at` is kept but has no instant: it does not count.
    const leap = await seal({ ...entryFields(tablet, 31), at: '2026-11-23T08:00:60+08:00' }, entries.at(-1)!);
    await t.storage.insertEntries([leap], '2026-11-23T00:00:00.000Z');
    expect((await report('dev-clock')).clockSkewMs).toBe(-(3 * 3600_000 + 2_000));
  });

  it('shows waiting and last seen as reported, filters by checkpoint, and keeps revoked devices listed', async () => {
    await t.storage.recordWaiting('dev-gaps', 12);
    expect(await t.storage.authenticateDevice('token-dev-gaps', '2026-11-23T09:00:00.000Z')).not.toBeNull();
    expect(await report('dev-gaps')).toMatchObject({ waiting: 12, lastSeenAt: '2026-11-23T09:00:00.000Z' });

    expect(await t.storage.revokedDeviceOf('token-dev-quiet')).toBeNull();
    expect(await t.storage.revokeDevice('dev-quiet', '2026-11-23T10:00:00.000Z')).toBe(true);
    expect(await t.storage.revokedDeviceOf('token-dev-quiet')).toBe('dev-quiet');
    expect(await t.storage.revokedDeviceOf('token-dev-gaps')).toBeNull();
    expect(await t.storage.revokedDeviceOf('no-such-token')).toBeNull();
    expect(await report('dev-quiet')).toMatchObject({ revokedAt: '2026-11-23T10:00:00.000Z' });

    const ids = (await t.storage.listDevices('demo-gate')).map((d) => d.id);
    expect(ids.sort()).toEqual(['dev-clock', 'dev-gaps', 'dev-holes', 'dev-quiet']);
    expect(await t.storage.listDevices('elsewhere')).toEqual([]);
    expect(await t.storage.countEntries()).toBeGreaterThan(0); // the label's SQL did nothing
  });
});
