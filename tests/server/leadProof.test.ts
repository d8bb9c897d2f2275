/** Issue #12, findings 1 and 2: the rules and the lead PIN change only with the lead's proof, never with a device token alone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/core/base64.ts';
import { canonicalJson, proveLeadChange, type LeadChange } from '../../src/core/leadProof.ts';
import { newCheckpointKey } from '../../src/core/personSeal.ts';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.ts';
import type { ApiError, Config } from '../../src/core/wire.ts';
import { operatorLeadPin } from '../../src/server/tablets/sealing.ts';
import { leadKeyOf, leadProofOf } from '../../src/server/tablets/leadProof.ts';
import { DATABASES, title } from './databases.ts';
import { addCheckpoint, enrol, harness, type Harness, type Tablet } from './helpers.ts';
import { checkpointKey, pinRecord, provenPin, provenPolicy } from './leadProofs.ts';
import { captureLog, WARN, type LogLine } from './logCapture.ts';

/** The probe: every verdict to pass, fever at 42, a ten-minute duplicate window, one direction, dated 1999. */
const HOSTILE: Policy = {
  ...DEFAULT_POLICY, colours: { green: 'pass', yellow: 'pass', red: 'pass' }, unverified: 'pass', feverThreshold: 42,
  duplicateWindowSeconds: 600, directions: 'in',
};
const LEAD_POLICY: Policy = { ...DEFAULT_POLICY, colours: { ...DEFAULT_POLICY.colours, yellow: 'check' }, capacity: 120 };

async function randomKey(): Promise<Uint8Array> {
  return fromBase64((await newCheckpointKey()).privateKey)!;
}

describe('the proof on the tablet (WebCrypto) and on the server (node:crypto)', () => {
  it('is the same HMAC over the same canonical bytes, whatever order the keys of the body were built in', async () => {
    const pkcs8 = await randomKey();
    const body = { changedAt: '2026-11-23T16:00:00+08:00', policy: { ...LEAD_POLICY, feverThreshold: 37.3 } };
    const reordered = JSON.parse(JSON.stringify({ policy: Object.fromEntries(Object.entries(body.policy).reverse()), changedAt: body.changedAt })) as Record<string, unknown>;
    const change: LeadChange = { route: 'policy', checkpointId: 'demo-gate', deviceId: 'd-1', body };
    const onTablet = await proveLeadChange(pkcs8, change);
    expect(onTablet).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(leadProofOf(leadKeyOf(pkcs8), change)).toBe(onTablet);
    expect(leadProofOf(leadKeyOf(pkcs8), { ...change, body: reordered })).toBe(onTablet);
    // The proof itself is not part of what it proves: the server checks the body as sent.
    expect(leadProofOf(leadKeyOf(pkcs8), { ...change, body: { ...body, proof: onTablet } })).toBe(onTablet);
    // Anything else changed is another proof: the route, the checkpoint, the device, a field, a time.
    for (const other of [
      { ...change, route: 'lead-pin' as const }, { ...change, checkpointId: 'north-gate' }, { ...change, deviceId: 'd-2' },
      { ...change, body: { ...body, changedAt: '2026-11-23T16:00:01+08:00' } }, { ...change, body: { ...body, policy: { ...body.policy, capacity: 121 } } },
    ]) expect(await proveLeadChange(pkcs8, other)).not.toBe(onTablet);
    expect(await proveLeadChange(await randomKey(), change)).not.toBe(onTablet);
    expect(canonicalJson({ b: [1, 'é', null, { d: true, c: 2.5 }], a: '"' })).toBe('{"a":"\\"","b":[1,"é",null,{"c":2.5,"d":true}]}');
  });
});

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('lead changes from a tablet', kind), () => {
    let h: Harness;
    let gate: Tablet;
    let log: { lines: LogLine[] };
    beforeAll(async () => {
      const captured = captureLog();
      log = captured;
      h = await harness({ database: kind, logger: captured.logger });
      gate = await enrol(h);
    });
    afterAll(() => h.close());

    const put = (url: string, payload: unknown, t: Tablet = gate) =>
      h.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${t.token}` }, payload: payload as Record<string, unknown> });
    /** What every tablet of the checkpoint pulls, read where it is kept (the config route's own query is not the point here). */
    const config = async () => {
      const stored = await h.storage.getConfig(gate.checkpointId);
      if (!stored) throw new Error('no demo checkpoint');
      return { policy: stored.policy, version: stored.version, leadPin: await h.storage.getLeadPin(gate.checkpointId) };
    };
    const refusedLines = (reason: string) => log.lines.filter((l) => l.level === WARN && l.reason === reason);

    it("refuses the issue's token-only policy change with 403 lead-proof-missing, logged, changing nothing", async () => {
      const before = await config();
      const res = await put('/api/v1/policy', { policy: HOSTILE, changedAt: '1999-01-01T00:00:00Z' });
      expect(res.statusCode).toBe(403);
      expect(res.json<ApiError>()).toMatchObject({ error: 'lead-proof-missing' });
      expect(res.json<ApiError>().messageZh).toContain('负责人模式');
      expect(await config()).toMatchObject({ policy: before.policy, version: before.version });
      expect(await h.storage.listPolicyChanges(gate.checkpointId)).toEqual([]);
      expect(refusedLines('lead-proof-missing').at(-1)).toMatchObject({ route: 'PUT /api/v1/policy', deviceId: gate.deviceId });
    });

    it('refuses a proof made for another body, or with a key that is not the checkpoint\'s, with 403 lead-proof-invalid', async () => {
      const before = await config();
      const leadsChange = await provenPolicy(h, gate, LEAD_POLICY);
      const swapped = await put('/api/v1/policy', { ...leadsChange, policy: HOSTILE });
      expect(swapped.statusCode).toBe(403);
      expect(swapped.json<ApiError>().error).toBe('lead-proof-invalid');
      const later = await put('/api/v1/policy', { ...leadsChange, changedAt: '2027-01-01T00:00:00Z' });
      expect(later.json<ApiError>().error).toBe('lead-proof-invalid');
      const otherKey = await put('/api/v1/policy', await provenPolicy(h, gate, HOSTILE, { pkcs8: await randomKey() }));
      expect(otherKey.statusCode).toBe(403);
      expect(otherKey.json<ApiError>().error).toBe('lead-proof-invalid');
      expect(await config()).toMatchObject({ policy: before.policy, version: before.version });
      expect(refusedLines('lead-proof-invalid').length).toBeGreaterThanOrEqual(3);
    });

    it('applies a change proven with the checkpoint key, records it, and a resend of the same proof changes nothing', async () => {
      const before = await config();
      const change = await provenPolicy(h, gate, LEAD_POLICY, { changedAt: '2026-11-23T16:00:00+08:00' });
      const res = await put('/api/v1/policy', change);
      expect(res.statusCode).toBe(200);
      expect(res.json<Config>().policy).toEqual(LEAD_POLICY);
      expect((await config()).version).toBeGreaterThan(before.version);
      const history = await h.storage.listPolicyChanges(gate.checkpointId);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ deviceId: gate.deviceId, deviceLabel: 'test tablet', changedAt: '2026-11-23T16:00:00+08:00', after: LEAD_POLICY, restoredFrom: null });

      // Someone else changes the rules; the old proof sent again (a lost reply, or a replay) does not take them back.
      const second = await provenPolicy(h, gate, { ...LEAD_POLICY, capacity: 80 });
      expect((await put('/api/v1/policy', second)).statusCode).toBe(200);
      const again = await put('/api/v1/policy', change);
      expect(again.statusCode).toBe(200);
      expect(again.json<Config>().policy.capacity).toBe(80);
      expect(await h.storage.listPolicyChanges(gate.checkpointId)).toHaveLength(2);
      // Each change once in the audit log, as the tablet's, in the checkpoint's subtree; the resend adds nothing.
      const lines = (await h.storage.listAudit({})).filter((a) => a.action === 'lead.policy');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatchObject({ actor: `device:${gate.deviceId}`, actorName: 'test tablet', target: gate.checkpointId, detail: { changedAt: '2026-11-23T16:00:00+08:00' } });
      expect(lines[1]!.areaPath).toEqual((await h.storage.getCheckpointRecord(gate.checkpointId))?.areaIds);
    });

    it('refuses token-only PIN changes (the old body and the new one without a proof) with 403, keeping the PIN and its key', async () => {
      const operator = await operatorLeadPin(h.storage, gate.checkpointId, '2468');
      if (!operator.ok) throw new Error(operator.error);
      await h.storage.setLeadPin(gate.checkpointId, operator.value, new Date().toISOString(), null);
      const before = await config();
      const made = await pinRecord(h, gate.checkpointId, '0000');
      // The probe: a bare PIN record, without the key.
      const { key: _key, ...bare } = made;
      for (const body of [bare, { leadPin: made, replaces: operator.value.hash, changedAt: new Date().toISOString() }]) {
        const res = await put('/api/v1/lead-pin', body);
        expect(res.statusCode).toBe(403);
        expect(res.json<ApiError>().error).toBe('lead-proof-missing');
      }
      const otherKey = await put('/api/v1/lead-pin', await provenPin(h, gate, made, operator.value.hash, await randomKey()));
      expect(otherKey.statusCode).toBe(403);
      expect(otherKey.json<ApiError>().error).toBe('lead-proof-invalid');
      expect(await config()).toMatchObject({ leadPin: operator.value, version: before.version });
      expect(refusedLines('lead-proof-missing').some((l) => l.route === 'PUT /api/v1/lead-pin')).toBe(true);
    });

    it('takes a PIN change proven with the key, made against the PIN in force and wrapping the key again; refuses a stale or keyless one', async () => {
      const current = (await config()).leadPin!;
      const keyless = await pinRecord(h, gate.checkpointId, '1357');
      delete keyless.key;
      const noKey = await put('/api/v1/lead-pin', await provenPin(h, gate, keyless, current.hash));
      expect(noKey.statusCode).toBe(400);
      expect(noKey.json<ApiError>().error).toBe('lead-pin-invalid');

      const made = await pinRecord(h, gate.checkpointId, '1357');
      const change = await provenPin(h, gate, made, current.hash);
      const res = await put('/api/v1/lead-pin', change);
      expect(res.statusCode).toBe(200);
      expect(res.json<Config>().leadPin).toEqual(made);
      // Sent again after a lost reply: the same answer, nothing more.
      const { version } = await config();
      expect((await put('/api/v1/lead-pin', change)).statusCode).toBe(200);
      expect((await config()).version).toBe(version);
      // In the audit log once, as the tablet's; never the PIN record itself.
      const pinLines = (await h.storage.listAudit({})).filter((a) => a.action === 'lead.pin');
      expect(pinLines).toHaveLength(1);
      expect(JSON.stringify(pinLines[0])).not.toContain(made.hash);

      // Made against the PIN that was in force before: the operator or another tablet has replaced it since.
      const stale = await put('/api/v1/lead-pin', await provenPin(h, gate, await pinRecord(h, gate.checkpointId, '9999'), current.hash));
      expect(stale.statusCode).toBe(409);
      expect(stale.json<ApiError>().error).toBe('lead-pin-stale');
      expect((await config()).leadPin).toEqual(made);
      expect(await checkpointKey(h, gate.checkpointId)).toBeInstanceOf(Uint8Array);
    });
  });
}

describe("another checkpoint's key", () => {
  let h: Harness;
  let gate: Tablet;
  let north: Tablet;
  beforeAll(async () => {
    h = await harness();
    addCheckpoint(h.dataDir, { id: 'north-gate', name: '北门卡点', communityId: 'river-village', communityName: '河村' });
    gate = await enrol(h);
    north = await enrol(h, 'north-gate');
  });
  afterAll(() => h.close());

  it("proves nothing at this checkpoint, nor does a proof made for another tablet's token", async () => {
    const put = (t: Tablet, payload: unknown) =>
      h.app.inject({ method: 'PUT', url: '/api/v1/policy', headers: { authorization: `Bearer ${t.token}` }, payload: payload as Record<string, unknown> });
    const northKey = await checkpointKey(h, 'north-gate');
    const withNorthKey = await put(gate, await provenPolicy(h, gate, HOSTILE, { pkcs8: northKey }));
    expect(withNorthKey.statusCode).toBe(403);
    expect(withNorthKey.json<ApiError>().error).toBe('lead-proof-invalid');
    // The lead of the north gate proved a change for a north tablet: sent with the demo gate's token, it proves nothing here.
    const forNorth = await provenPolicy(h, north, HOSTILE);
    expect((await put(gate, forNorth)).statusCode).toBe(403);
    expect(await h.storage.listPolicyChanges(gate.checkpointId)).toEqual([]);
    expect((await put(north, forNorth)).statusCode).toBe(200);
  });
});
