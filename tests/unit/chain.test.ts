import { describe, expect, it } from 'vitest';
import { canonical, entryHash, seal, verifyChain } from '../../src/core/chain.ts';
import { GENESIS_HASH, type Entry, type Outcome } from '../../src/core/entry.ts';

const fields = (seq: number): Omit<Entry, 'hash' | 'prevHash'> => ({
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  deviceId: 'dev-1', seq, checkpointId: 'gate-1', at: '2026-11-23T08:00:00.000Z', direction: 'in', source: 'KDR1',
  personId: '11010519491231002X', name: '张三', colour: null, temperature: null, verdict: 'pass', reasons: [], operator: null,
});

async function chainOf(n: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let seq = 1; seq <= n; seq++) entries.push(await seal(fields(seq), entries.at(-1) ?? null));
  return entries;
}

describe('the log chain', () => {
  it('links each entry to the one before, from the genesis link', async () => {
    const entries = await chainOf(3);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[2]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyChain(entries)).toEqual([]);
  });

  it('is deterministic: the same fields give the same hash (the server recomputes it)', async () => {
    const a = await seal(fields(1), null);
    expect(await entryHash({ ...a })).toBe(a.hash);
  });

  it('finds an altered field, a missing entry and a broken link', async () => {
    const entries = await chainOf(4);
    const altered = entries.map((e) => (e.seq === 2 ? { ...e, name: '李四' } : e));
    expect(await verifyChain(altered)).toEqual([{ seq: 2, problem: 'hash' }]);
    // Re-hashing the altered entry to hide it breaks the next link instead.
    const forged = { ...altered[1]!, hash: await entryHash(altered[1]!) };
    expect(await verifyChain([entries[0]!, forged, entries[2]!])).toEqual([{ seq: 3, problem: 'link' }]);
    expect(await verifyChain([entries[0]!, entries[2]!, entries[3]!])).toEqual([{ seq: 3, problem: 'gap' }]);
    const relinked = await seal(fields(3), { seq: 2, hash: 'f'.repeat(64) });
    expect(await verifyChain([entries[0]!, entries[1]!, relinked])).toEqual([{ seq: 3, problem: 'link' }]);
  });

  it('changes the hash when any field changes', async () => {
    const base = await seal(fields(1), null);
    const changes: Array<Partial<Entry>> = [{ direction: 'out' }, { verdict: 'stop' }, { reasons: ['x'] }, { temperature: 37.3 }, { at: '2026-11-23T08:00:00.001Z' }];
    for (const change of changes) {
      const other = await seal({ ...fields(1), ...change }, null);
      expect(other.hash).not.toBe(base.hash);
    }
  });

  it('refuses to seal out of sequence', async () => {
    expect(() => seal(fields(2), null)).toThrow(RangeError);
    const first = await seal(fields(1), null);
    expect(() => seal(fields(3), first)).toThrow(RangeError);
  });
});

describe('the chain over a committed person (v2)', () => {
  const committed = (seq: number, personCommit: string | null): Omit<Entry, 'hash' | 'prevHash'> => ({ ...fields(seq), personId: null, name: null, personCommit });

  it('hashes the commitment, not the ID number and name, and still links and verifies', async () => {
    const a = await seal(committed(1, 'c'.repeat(64)), null);
    const b = await seal(committed(2, null), a);
    expect(await verifyChain([a, b])).toEqual([]);
    // The person in clear is not what the hash covers: putting it back in changes nothing an attacker could test.
    expect(await entryHash({ ...a, personId: '11010519491231002X', name: '张三' })).toBe(a.hash);
    expect(await entryHash({ ...a, personCommit: 'd'.repeat(64) })).not.toBe(a.hash);
    // A v1 entry (no commitment) still hashes its person in clear: older tablets' logs verify as before.
    const old = await seal(fields(1), null);
    expect(await entryHash({ ...old, personId: '110105194912310038' })).not.toBe(old.hash);
    expect(old.hash).not.toBe((await seal({ ...fields(1), personCommit: null }, null)).hash);
  });
});

describe('the chain over a follow-up (处置)', () => {
  const followUp = (of: number, outcome: Outcome, note: string | null): Omit<Entry, 'hash' | 'prevHash'> =>
    ({ ...fields(2), verdict: outcome === 'release' ? 'pass' : 'stop', followUp: { of, outcome, note } });

  it('hashes an entry without a follow-up exactly as before follow-ups existed', () => {
    // Computed from the field lists as they were before follow-ups (v1, and v2 over a commitment of c…c): old tablets'
    // logs and the server's stored entries verify as they did.
    const unsealed = { ...fields(1), prevHash: GENESIS_HASH };
    expect(entryHash(unsealed)).toBe('77662e0c122fafadfb3ea01d63276626ba758ba4df386d5f7cbb1b131997cefc');
    expect(entryHash({ ...unsealed, personId: null, name: null, personCommit: 'c'.repeat(64) })).toBe('a041ce3c5237bca5c116bfc3062de6002ccfa2f60a3f9868df2ea3e2ae3233c7');
    expect(canonical(unsealed)).not.toContain('release');
  });

  it('covers the outcome, the note and the entry followed up, in v1 and v2 alike', async () => {
    const [first] = await chainOf(1);
    const base = seal(followUp(1, 'turned-back', null), first!);
    expect(verifyChain([first!, base])).toEqual([]);
    const scan = seal({ ...fields(2), verdict: 'stop' }, first!);
    expect(scan.hash).not.toBe(base.hash);
    const changes = [followUp(1, 'hospital', null), followUp(1, 'turned-back', '回家隔离'), { ...followUp(1, 'turned-back', null), followUp: { of: 2, outcome: 'turned-back' as const, note: null } }];
    for (const change of changes) expect(seal(change, first!).hash).not.toBe(base.hash);
    // Altered after sealing: found.
    expect(verifyChain([first!, { ...base, followUp: { of: 1, outcome: 'release', note: null } }])).toEqual([{ seq: 2, problem: 'hash' }]);
    const committed = seal({ ...followUp(1, 'other', '送往社区'), personId: null, name: null, personCommit: 'c'.repeat(64) }, first!);
    expect(entryHash({ ...committed, followUp: { of: 1, outcome: 'other', note: '送往街道' } })).not.toBe(committed.hash);
    expect(entryHash({ ...committed, followUp: undefined })).not.toBe(committed.hash);
  });
});

describe('the chain over a vehicle (road checkpoints)', () => {
  const car = { plate: '豫M12345', id: '11111111-2222-4333-8444-555555555555', role: 'driver' as const };

  it('hashes a person on foot exactly as before vehicles existed', () => {
    const unsealed = { ...fields(1), prevHash: GENESIS_HASH };
    expect(entryHash(unsealed)).toBe('77662e0c122fafadfb3ea01d63276626ba758ba4df386d5f7cbb1b131997cefc');
    expect(entryHash({ ...unsealed, vehicle: undefined })).toBe('77662e0c122fafadfb3ea01d63276626ba758ba4df386d5f7cbb1b131997cefc');
    expect(canonical(unsealed)).not.toContain('driver');
  });

  it("covers the plate, the passage and the role, after a follow-up's values, in v1 and v2 alike", async () => {
    const [first] = await chainOf(1);
    const base = seal({ ...fields(2), vehicle: car }, first!);
    expect(verifyChain([first!, base])).toEqual([]);
    expect(base.hash).not.toBe(seal(fields(2), first!).hash);
    const changes = [{ ...car, plate: '豫MD12345' }, { ...car, id: '11111111-2222-4333-8444-666666666666' }, { ...car, role: 'passenger' as const }];
    for (const vehicle of changes) expect(seal({ ...fields(2), vehicle }, first!).hash).not.toBe(base.hash);
    expect(verifyChain([first!, { ...base, vehicle: { ...car, role: 'passenger' } }])).toEqual([{ seq: 2, problem: 'hash' }]);
    const committed = seal({ ...fields(2), personId: null, name: null, personCommit: 'c'.repeat(64), vehicle: car }, first!);
    expect(entryHash({ ...committed, vehicle: undefined })).not.toBe(committed.hash);
    const both = { ...fields(2), verdict: 'pass' as const, followUp: { of: 1, outcome: 'release' as const, note: null }, vehicle: car, prevHash: first!.hash };
    expect(JSON.parse(canonical(both)).slice(-6)).toEqual([1, 'release', null, '豫M12345', car.id, 'driver']);
  });
});
