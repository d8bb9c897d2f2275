/** The storage contract for lead mode, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: lead PIN, policy changes, key persons. */
import { expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import type { StoredKeyPerson } from '../../src/server/storage/storage.ts';
import { onEachDatabase } from './databases.ts';
import { chain } from './helpers.ts';

const NOW = '2026-11-23T08:00:00.000Z';
const PIN = { salt: 'c2FsdA==', hash: 'aGFzaA==', iterations: 210_000 };

onEachDatabase('storage contract: lead mode', (t) => {
  const version = async () => (await t.storage.getConfig('demo-gate'))?.version;

  it('sets the lead PIN, replaces it, and bumps the config version each time', async () => {
    expect(await t.storage.getLeadPin('demo-gate')).toBeNull();
    const before = await version();
    expect(await t.storage.setLeadPin('demo-gate', PIN, NOW, null)).toBe(true);
    expect(await t.storage.getLeadPin('demo-gate')).toEqual(PIN);
    expect(await t.storage.setLeadPin('demo-gate', { ...PIN, iterations: 300_000 }, NOW, 'dev-lead')).toBe(true);
    expect(await t.storage.getLeadPin('demo-gate')).toEqual({ ...PIN, iterations: 300_000 });
    expect(await version()).toBe(before! + 2);
    expect(await t.storage.setLeadPin('nowhere', PIN, NOW, null)).toBe(false);
    expect(await t.storage.getLeadPin('nowhere')).toBeNull();
  });

  it('keeps the lead PIN with the checkpoint key wrapped for the lead, and without it', async () => {
    const withKey = { ...PIN, key: { salt: 'd3JhcA==', iv: 'aXZpdml2aXZpdml2', data: 'c2VhbGVk' } };
    await t.storage.setLeadPin('demo-gate', withKey, NOW, null);
    expect(await t.storage.getLeadPin('demo-gate')).toEqual(withKey);
    await t.storage.setLeadPin('demo-gate', PIN, NOW, 'dev-lead');
    expect(await t.storage.getLeadPin('demo-gate')).toEqual(PIN);
  });

  it("replaces the PIN for a lead only over the record the change was made against, bumping the version only then", async () => {
    await t.storage.setLeadPin('demo-gate', PIN, NOW, null);
    const before = await version();
    const next = { ...PIN, salt: 'bmV4dA==', hash: 'bmV4dGhhc2g=' };
    expect(await t.storage.replaceLeadPin('demo-gate', next, 'b3RoZXI=', NOW, 'dev-lead')).toBe('stale');
    expect(await t.storage.getLeadPin('demo-gate')).toEqual(PIN);
    expect(await version()).toBe(before);
    expect(await t.storage.replaceLeadPin('demo-gate', next, PIN.hash, NOW, 'dev-lead')).toBe('replaced');
    expect(await t.storage.getLeadPin('demo-gate')).toEqual(next);
    expect(await version()).toBe(before! + 1);
    expect(await t.storage.replaceLeadPin('nowhere', next, PIN.hash, NOW, 'dev-lead')).toBe('unknown');
  });

  it('remembers the proofs changes were accepted with, each once, per checkpoint', async () => {
    const use = { checkpointId: 'demo-gate', proof: 'cHJvb2Y=', route: 'policy' as const, deviceId: 'dev-lead', receivedAt: NOW };
    expect(await t.storage.leadProofUsed('demo-gate', use.proof)).toBe(false);
    await t.storage.recordLeadProof(use);
    await t.storage.recordLeadProof(use);
    expect(await t.storage.leadProofUsed('demo-gate', use.proof)).toBe(true);
  });

  it('keeps the first seal key pair of a checkpoint, bumping the version once', async () => {
    const before = await version();
    const first = { publicKey: 'cHVibGlj', privateKey: 'cHJpdmF0ZQ==' };
    expect(await t.storage.ensureSealKey('demo-gate', first)).toEqual(first);
    expect(await t.storage.ensureSealKey('demo-gate', { publicKey: 'b3RoZXI=', privateKey: 'b3RoZXI=' })).toEqual(first);
    expect(await version()).toBe(before! + 1);
  });

  it('changes the policy, recording the rules before and after under the new config version', async () => {
    const before = await version();
    const after = { ...DEFAULT_POLICY, feverThreshold: 37.5, capacity: 300 };
    const change = { checkpointId: 'demo-gate', deviceId: 'dev-lead', deviceLabel: '东门', changedAt: NOW, receivedAt: NOW, after };
    const record = await t.storage.changePolicy(change);
    expect(record).toEqual({ ...change, version: before! + 1, before: DEFAULT_POLICY, restoredFrom: null });
    expect((await t.storage.getConfig('demo-gate'))?.policy).toEqual(after);
    const second = await t.storage.changePolicy({ ...change, deviceId: null, deviceLabel: null, after: DEFAULT_POLICY });
    expect(second).toMatchObject({ version: before! + 2, before: after, after: DEFAULT_POLICY });
    expect((await t.storage.listPolicyChanges('demo-gate')).map((c) => c.version)).toEqual([before! + 1, before! + 2]);
    expect(await t.storage.changePolicy({ ...change, checkpointId: 'nowhere' })).toBeNull();
    expect(await t.storage.listPolicyChanges('nowhere')).toEqual([]);
  });

  it('keeps the first key-person derivation, and replaces the whole list with the derivation it was sealed with at once', async () => {
    const before = await version();
    const first = { salt: 'Zmlyc3Q=', kdf: { name: 'scrypt', N: 512, r: 8, p: 1 } } as const;
    expect(await t.storage.ensureKeyPersonList('demo-gate', first)).toEqual(first);
    expect(await t.storage.ensureKeyPersonList('demo-gate', { ...first, salt: 'c2Vjb25k' })).toEqual(first);
    expect(await version()).toBe(before! + 1);
    const persons: StoredKeyPerson[] = [
      { personId: '11010519491231002X', category: 'from-wuhan', note: '2月1日返回', tag: 'dGFnMQ==', box: 'Ym94MQ==' },
      { personId: '110105194912310011', category: 'close-contact', note: '', tag: 'dGFnMg==', box: 'Ym94Mg==' },
    ];
    await t.storage.replaceKeyPersons('demo-gate', first, persons, NOW);
    expect(await t.storage.listKeyPersons('demo-gate')).toEqual([persons[1], persons[0]]);
    const second = { salt: 'c2Vjb25k', kdf: { name: 'scrypt', N: 2048, r: 8, p: 1 } } as const;
    await t.storage.replaceKeyPersons('demo-gate', second, [persons[0]!], NOW);
    expect(await t.storage.listKeyPersons('demo-gate')).toEqual([persons[0]]);
    expect(await t.storage.ensureKeyPersonList('demo-gate', first)).toEqual(second);
    await t.storage.replaceKeyPersons('demo-gate', second, [], NOW);
    expect(await t.storage.listKeyPersons('demo-gate')).toEqual([]);
    expect(await version()).toBe(before! + 4);
  });

  it('exports an area (a community from before areas is one): the entries of the checkpoints in its subtree only', async () => {
    await t.storage.insertEntries(await chain({ deviceId: 'dev-c', checkpointId: 'demo-gate' }, 2), NOW);
    const seqs = async (areaId: string) => {
      const out: number[] = [];
      for await (const e of t.storage.exportEntries({ areaId })) out.push(e.seq);
      return out;
    };
    expect(await seqs('demo-community')).toEqual([1, 2]);
    expect(await seqs('elsewhere')).toEqual([]);
  });
});
