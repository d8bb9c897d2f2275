/** Issue #12: the operator sets every rule and restores earlier rules from the CLI; the history says who, with both clocks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.ts';
import { policyFields } from '../../src/core/policyDiff.ts';
import { fieldOf, policyWith } from '../../src/server/cli/policyValues.ts';
import { UsageError } from '../../src/server/cli/output.ts';
import { kadianIn } from './cliRunner.ts';
import { enrol, harness, type Harness, type Tablet } from './helpers.ts';
import { provenPolicy } from './leadProofs.ts';

describe('a rule and its value as the operator types them', () => {
  /** For each field, a value other than the default's, as typed, and what it reads as. */
  const typed: Record<string, [string, unknown]> = {
    identityOnly: ['check', 'check'],
    'colours.green': ['stop', 'stop'],
    'colours.yellow': ['check', 'check'],
    'colours.red': ['请核验', 'check'],
    unverified: ['pass', 'pass'],
    directions: ['in', 'in'],
    duplicateWindowSeconds: ['10', 10],
    feverThreshold: ['37.5', 37.5],
    askTemperature: ['true', true],
    askIdForForeignCodes: ['否', false],
    capacity: ['200', 200],
    retentionDays: ['7', 7],
  };

  it('sets every field of the rules, each value checked as the wire checks a tablet\'s', () => {
    expect(Object.keys(typed).sort()).toEqual(policyFields(DEFAULT_POLICY).map((f) => f.field).sort());
    for (const [field, [text, value]] of Object.entries(typed)) {
      const next = policyWith(DEFAULT_POLICY, field, text);
      expect(policyFields(next).find((f) => f.field === field)?.value, field).toEqual(value);
      expect(policyFields(next).filter((f) => f.field !== field)).toEqual(policyFields(DEFAULT_POLICY).filter((f) => f.field !== field));
    }
    const limited: Policy = { ...DEFAULT_POLICY, capacity: 50 };
    expect(policyWith(limited, 'capacity', 'none').capacity).toBeNull();
    expect(policyWith(limited, 'capacity', '不限').capacity).toBeNull();
    expect(fieldOf(DEFAULT_POLICY, '黄码')).toBe('colours.yellow');
  });

  it('turns on the fourth colour by setting its verdict, a field the default rules do not hold', () => {
    expect(DEFAULT_POLICY.colours.blue).toBeUndefined();
    expect(fieldOf(DEFAULT_POLICY, '蓝码')).toBe('colours.blue');
    const blue = policyWith(DEFAULT_POLICY, fieldOf(DEFAULT_POLICY, 'blue code'), '通过');
    expect(blue.colours).toEqual({ ...DEFAULT_POLICY.colours, blue: 'pass' });
    expect(() => policyWith(DEFAULT_POLICY, 'colours.blue', 'green')).toThrow(UsageError);
  });

  it('refuses what a tablet could not send either, naming the field', () => {
    for (const [field, text] of [['feverThreshold', '50'], ['capacity', '0'], ['capacity', '2.5'], ['colours.yellow', 'wave'], ['askTemperature', 'maybe'], ['duplicateWindowSeconds', '-1'], ['colours', 'check']] as const) {
      expect(() => policyWith(DEFAULT_POLICY, field, text), `${field} ${text}`).toThrow(UsageError);
    }
    expect(() => fieldOf(DEFAULT_POLICY, 'colour.yellow')).toThrow(/colours\.yellow/);
  });
});

describe('kadian policy set and restore', () => {
  let h: Harness;
  let gate: Tablet;
  const kadian = (...args: string[]) => kadianIn(h.dataDir, ...args);
  const policyNow = async () => (await h.storage.getConfig(h.checkpointId))!;

  beforeAll(async () => {
    h = await harness();
    gate = await enrol(h);
  });
  afterAll(() => h.close());

  it('sets a verdict as the operator, recorded with the server\'s time; a bad value changes nothing, exit 2', async () => {
    const yellow = await kadian('policy', 'set', 'colours.yellow', 'check');
    expect(yellow.code).toBe(0);
    expect((await policyNow()).policy.colours.yellow).toBe('check');
    const bad = await kadian('policy', 'set', 'feverThreshold', '50');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('feverThreshold');
    expect((await policyNow()).policy.feverThreshold).toBe(DEFAULT_POLICY.feverThreshold);
    const [change] = await h.storage.listPolicyChanges(h.checkpointId);
    expect(change).toMatchObject({ deviceId: null, after: { colours: { yellow: 'check' } }, restoredFrom: null });
    expect(change?.changedAt).toBe(change?.receivedAt);
  });

  it("restores the rules from before a lead's change as a new change, and the history shows who, with both clocks", async () => {
    const before = await policyNow();
    const lead = await provenPolicy(h, gate, { ...before.policy, unverified: 'pass', capacity: 3 }, { changedAt: '2026-11-23T16:00:00+08:00' });
    const res = await h.app.inject({ method: 'PUT', url: '/api/v1/policy', headers: { authorization: `Bearer ${gate.token}` }, payload: lead });
    expect(res.statusCode).toBe(200);
    expect((await policyNow()).policy).toMatchObject({ unverified: 'pass', capacity: 3 });

    const restored = await kadian('policy', 'restore', String(before.version));
    expect(restored.code).toBe(0);
    const after = await policyNow();
    expect(after.policy).toEqual(before.policy);
    expect(after.version).toBeGreaterThan(before.version + 1);
    expect((await h.storage.listPolicyChanges(h.checkpointId)).at(-1)).toMatchObject({ deviceId: null, restoredFrom: before.version, after: before.policy });

    const shown = (await kadian('policy')).stdout;
    expect(shown).toContain('capacity  容量 / capacity: 不限 / no limit');
    expect(shown).toMatch(new RegExp(`服务器时间 / server \\S+Z  负责人，平板 / lead on tablet ${gate.deviceId}「test tablet」  \\(平板时间 / tablet clock 2026-11-23T16:00:00\\+08:00\\)`));
    expect(shown).toContain(`运维 / operator，恢复到 v${before.version} 之后的规则 / restored the rules after v${before.version}`);
    expect(shown).toContain('容量: 3 → 不限  |  capacity: 3 → no limit');
  });
});
