/** The storage contract beyond entries, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: enrolment, devices, check-ins, trust. */
import { expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import type { StoredCheckIn } from '../../src/server/storage/storage.ts';
import { onEachDatabase } from './databases.ts';

const NOW = '2026-11-23T08:00:00.000Z';
const LATER = '2026-11-25T08:00:00.000Z';

onEachDatabase('storage contract: accounts', (t) => {
  const code = (codeHash: string, expiresAt = '2026-11-24T08:00:00.000Z') =>
    t.storage.createEnrolmentCode({ codeHash, checkpointId: 'demo-gate', createdAt: NOW, expiresAt });
  const device = (id: string) => ({ id, tokenHash: `token-of-${id}`, label: id === 'dev-1' ? '东门 1' : null });

  it('gives the demo checkpoint the default policy at version 1', async () => {
    const config = await t.storage.getConfig('demo-gate');
    expect(config).toEqual({ version: 1, checkpoint: (await t.storage.getCheckpoint('demo-gate'))!, policy: DEFAULT_POLICY });
    expect(await t.storage.getConfig('nowhere')).toBeNull();
    expect(await t.storage.getCheckpoint('nowhere')).toBeNull();
  });

  it('redeems a code once, refuses unknown, used and expired codes, and a code for an unknown checkpoint', async () => {
    await code('code-1');
    const redeemed = await t.storage.redeemEnrolmentCode({ codeHash: 'code-1', now: NOW, device: device('dev-1') });
    expect(redeemed).toEqual({ ok: true, value: { id: 'dev-1', checkpointId: 'demo-gate', label: '东门 1', enrolledAt: NOW, lastSeenAt: null, waiting: null } });
    expect(await t.storage.redeemEnrolmentCode({ codeHash: 'code-1', now: NOW, device: device('dev-2') })).toEqual({ ok: false, error: 'enrol-code-used' });
    expect(await t.storage.redeemEnrolmentCode({ codeHash: 'no-code', now: NOW, device: device('dev-2') })).toEqual({ ok: false, error: 'enrol-code-invalid' });
    await code('code-old', NOW);
    expect(await t.storage.redeemEnrolmentCode({ codeHash: 'code-old', now: NOW, device: device('dev-2') })).toEqual({ ok: false, error: 'enrol-code-expired' });
    await expect(t.storage.createEnrolmentCode({ codeHash: 'code-x', checkpointId: 'nowhere', createdAt: NOW, expiresAt: LATER })).rejects.toThrow(/foreign key/i);
  });

  it('lets only one of two simultaneous redemptions of a code through', async () => {
    await code('code-race');
    const other = t.db.reopen();
    try {
      await other.listCheckpoints(); // open before the race, so the two really overlap
      const [a, b] = await Promise.all([
        t.storage.redeemEnrolmentCode({ codeHash: 'code-race', now: NOW, device: device('dev-ra') }),
        other.redeemEnrolmentCode({ codeHash: 'code-race', now: NOW, device: device('dev-rb') }),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, error: 'enrol-code-used' });
    } finally {
      await other.close();
    }
  });

  it('authenticates a device by its token hash, records when it was seen and what was waiting, and forgets it once revoked', async () => {
    expect(await t.storage.authenticateDevice('token-of-dev-1', LATER)).toEqual({
      id: 'dev-1', checkpointId: 'demo-gate', label: '东门 1', enrolledAt: NOW, lastSeenAt: LATER, waiting: null,
    });
    // "Last seen" moves once a minute at most, so a push is not also a write.
    expect(await t.storage.authenticateDevice('token-of-dev-1', '2026-11-25T08:00:59.000Z')).toMatchObject({ lastSeenAt: LATER });
    expect(await t.storage.authenticateDevice('token-of-dev-1', '2026-11-25T08:01:00.000Z')).toMatchObject({ lastSeenAt: '2026-11-25T08:01:00.000Z' });
    await t.storage.recordWaiting('dev-1', 42);
    await t.storage.recordWaiting('dev-1', 42);
    expect(await t.storage.authenticateDevice('token-of-dev-1', LATER)).toMatchObject({ waiting: 42 });
    await t.storage.recordWaiting('dev-1', 0);
    expect(await t.storage.authenticateDevice('token-of-dev-1', LATER)).toMatchObject({ waiting: 0 });
    expect(await t.storage.authenticateDevice('token-of-nobody', LATER)).toBeNull();
    expect(await t.storage.revokeDevice('dev-1', LATER)).toBe(true);
    expect(await t.storage.revokeDevice('dev-1', LATER)).toBe(false);
    expect(await t.storage.revokeDevice('dev-none', LATER)).toBe(false);
    expect(await t.storage.authenticateDevice('token-of-dev-1', LATER)).toBeNull();
  });

  const checkIn = (over: Partial<StoredCheckIn> = {}): StoredCheckIn => ({
    personId: '11010519491231002X', day: '2026-11-23', name: '张三', temperature: 36.6, isolated: false, symptoms: false, at: NOW, ...over,
  });

  it('keeps one check-in a day with the worse of each answer; the name is the binding\'s to check, not the storage\'s (issue #18)', async () => {
    expect(await t.storage.recordCheckIn(checkIn({ temperature: 38.1, at: '2026-11-23T00:00:00.000Z' }))).toEqual({ ok: true, value: { merged: false } });
    expect(await t.storage.recordCheckIn(checkIn({ symptoms: true }))).toEqual({ ok: true, value: { merged: true } });
    expect(await t.storage.recordCheckIn(checkIn({ day: '2026-11-22', isolated: true }))).toEqual({ ok: true, value: { merged: false } });
    expect(await t.storage.recordCheckIn(checkIn({ day: '2026-11-24', name: '李四' }))).toEqual({ ok: true, value: { merged: false } });
    expect(await t.storage.listCheckIns('11010519491231002X')).toEqual([
      checkIn({ day: '2026-11-22', isolated: true }),
      checkIn({ temperature: 38.1, symptoms: true }),
      checkIn({ day: '2026-11-24', name: '李四' }),
    ]);
    expect(await t.storage.listCheckIns('110105194912310000')).toEqual([]);
  });

  it('keeps one row when two check-ins of a person and day race, and exactly one of them says merged', async () => {
    const other = t.db.reopen();
    try {
      await other.listCheckpoints();
      const person = '110105194912310011';
      const [a, b] = await Promise.all([
        t.storage.recordCheckIn(checkIn({ personId: person, temperature: 38.5 })),
        other.recordCheckIn(checkIn({ personId: person, symptoms: true })),
      ]);
      expect([a, b].map((r) => r.ok && r.value.merged).sort()).toEqual([false, true]);
      expect(await t.storage.listCheckIns(person)).toMatchObject([{ temperature: 38.5, symptoms: true }]);
      expect(await t.storage.listCheckIns(person)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('adds a DCC signer once and lists signers oldest first', async () => {
    const signer = { id: 'b'.repeat(64), kid: 'a2lkMQ==', certificate: 'MIIB', addedAt: NOW };
    expect(await t.storage.addDccSigner({ ...signer, country: 'DE' })).toBe(true);
    expect(await t.storage.addDccSigner(signer)).toBe(false);
    expect(await t.storage.addDccSigner({ ...signer, id: 'a'.repeat(64), addedAt: LATER })).toBe(true);
    expect(await t.storage.listDccSigners()).toEqual([{ ...signer, country: 'DE' }, { ...signer, id: 'a'.repeat(64), addedAt: LATER }]);
  });

  it('bumps the trust list version only when its fingerprint changes', async () => {
    expect(await t.storage.recordTrustList('fp-1', NOW)).toEqual({ version: 1, updatedAt: NOW });
    expect(await t.storage.recordTrustList('fp-1', LATER)).toEqual({ version: 1, updatedAt: NOW });
    expect(await t.storage.recordTrustList('fp-2', LATER)).toEqual({ version: 2, updatedAt: LATER });
  });
});
