/** Lead mode on the server: the config carries the lead PIN and key persons; an unlocked lead changes the policy and the PIN from a tablet. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/core/base64.ts';
import { checkLeadPin } from '../../src/core/leadPin.ts';
import type { LeadPin } from '../../src/core/leadWire.ts';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.ts';
import type { ApiError, Config, ConfigUnchanged } from '../../src/core/wire.ts';
import { addCheckpoint, enrol, harness, type Harness, type Tablet } from './helpers.ts';
import { pinRecord, provenPin, provenPolicy } from './leadProofs.ts';

/** A proof of the right shape over nothing: enough to reach the schema's checks, which come before the proof's. */
const SOME_PROOF = 'A'.repeat(43) + '=';

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

const auth = (t: Tablet) => ({ authorization: `Bearer ${t.token}` });

async function config(t: Tablet, since?: number): Promise<Config | ConfigUnchanged> {
  const res = await h.app.inject({ url: `/api/v1/config${since === undefined ? '' : `?since=${since}&keyPersons=2`}`, headers: auth(t) });
  expect(res.statusCode).toBe(200);
  return res.json<Config | ConfigUnchanged>();
}

async function fullConfig(t: Tablet): Promise<Config> {
  const c = await config(t);
  if ('unchanged' in c) throw new Error('expected a full config');
  return c;
}

const put = (t: Tablet | null, url: string, payload: unknown) =>
  h.app.inject({ method: 'PUT', url, headers: t ? auth(t) : {}, payload: payload as Record<string, unknown> });

describe('the config', () => {
  it('carries no lead PIN yet and an empty key-person list with a 16-byte salt, both stable across pulls', async () => {
    const first = await fullConfig(gate);
    expect(first.leadPin).toBeNull();
    expect(first.keyPersons.persons).toEqual([]);
    expect(fromBase64(first.keyPersons.salt)).toHaveLength(16);
    const again = await fullConfig(gate);
    expect(again.keyPersons.salt).toBe(first.keyPersons.salt);
    expect(again.version).toBe(first.version);
    expect(await config(gate, first.version)).toMatchObject({ unchanged: true, version: first.version });
    // Each checkpoint has its own salt: one tablet's list cannot be matched against another's.
    expect((await fullConfig(north)).keyPersons.salt).not.toBe(first.keyPersons.salt);
  });
});

describe('PUT /api/v1/policy', () => {
  const changed: Policy = { ...DEFAULT_POLICY, colours: { ...DEFAULT_POLICY.colours, yellow: 'check' }, capacity: 3, feverThreshold: 37.5 };

  it('stores the policy, bumps the version, records who changed what and when, and answers the new config', async () => {
    const before = await fullConfig(gate);
    const res = await put(gate, '/api/v1/policy', await provenPolicy(h, gate, changed, { changedAt: '2026-11-23T16:00:00+08:00' }));
    expect(res.statusCode).toBe(200);
    const answered = res.json<Config>();
    expect(answered.policy).toEqual(changed);
    expect(answered.version).toBeGreaterThan(before.version);
    expect(await fullConfig(gate)).toMatchObject({ policy: changed, version: answered.version });
    // A tablet holding the old version is told to take the new one.
    expect('unchanged' in (await config(gate, before.version))).toBe(false);

    const history = await h.storage.listPolicyChanges(gate.checkpointId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      checkpointId: gate.checkpointId, deviceId: gate.deviceId, deviceLabel: 'test tablet', changedAt: '2026-11-23T16:00:00+08:00',
      before: before.policy, after: changed,
    });
    expect(Number.isFinite(Date.parse(history[0]?.receivedAt ?? ''))).toBe(true);
  });

  it('changes and records nothing for the same policy again', async () => {
    const before = await fullConfig(gate);
    const res = await put(gate, '/api/v1/policy', await provenPolicy(h, gate, changed, { changedAt: '2026-11-23T16:05:00+08:00' }));
    expect(res.statusCode).toBe(200);
    expect(res.json<Config>().version).toBe(before.version);
    expect(await h.storage.listPolicyChanges(gate.checkpointId)).toHaveLength(1);
  });

  it("changes only the tablet's own checkpoint: another checkpoint's token cannot reach this one", async () => {
    const gateBefore = await fullConfig(gate);
    const northPolicy: Policy = { ...DEFAULT_POLICY, directions: 'in' };
    expect((await put(north, '/api/v1/policy', await provenPolicy(h, north, northPolicy))).statusCode).toBe(200);
    expect((await fullConfig(north)).policy).toEqual(northPolicy);
    expect(await fullConfig(gate)).toMatchObject({ policy: gateBefore.policy, version: gateBefore.version });
    expect(await h.storage.listPolicyChanges(gate.checkpointId)).toHaveLength(1);
    // Naming a checkpoint in the body is refused, not obeyed.
    const named = await put(north, '/api/v1/policy', { ...(await provenPolicy(h, north, DEFAULT_POLICY)), checkpointId: gate.checkpointId });
    expect(named.statusCode).toBe(400);
    expect(named.json<ApiError>().message).toContain('checkpointId');
    expect((await fullConfig(gate)).policy).toEqual(gateBefore.policy);
  });

  it('refuses an invalid body with 400 naming the field, and a missing token with 401', async () => {
    const hot = await put(gate, '/api/v1/policy', { policy: { ...changed, feverThreshold: 50 }, changedAt: '2026-11-23T16:00:00Z', proof: SOME_PROOF });
    expect(hot.statusCode).toBe(400);
    expect(hot.json<ApiError>()).toMatchObject({ error: 'request-invalid' });
    expect(hot.json<ApiError>().message).toContain('body/policy/feverThreshold');
    const noTime = await put(gate, '/api/v1/policy', { policy: changed, proof: SOME_PROOF });
    expect(noTime.statusCode).toBe(400);
    expect(noTime.json<ApiError>().message).toContain('changedAt');
    const colour = await put(gate, '/api/v1/policy', { policy: { ...changed, colours: { ...changed.colours, red: 'wave' } }, changedAt: '2026-11-23T16:00:00Z', proof: SOME_PROOF });
    expect(colour.json<ApiError>().message).toContain('body/policy/colours/red');
    expect((await put(null, '/api/v1/policy', { policy: changed, changedAt: '2026-11-23T16:00:00Z' })).statusCode).toBe(401);
    expect((await fullConfig(gate)).policy).toEqual(changed);
  });
});

describe('PUT /api/v1/lead-pin', () => {
  it('stores the record, bumps the version, and every tablet of the checkpoint gets it in its config', async () => {
    // The first PIN is the operator's: a tablet's change is made against the record in force.
    const operator = await pinRecord(h, gate.checkpointId, '2468');
    await h.storage.setLeadPin(gate.checkpointId, operator, new Date().toISOString(), null);
    const made = await pinRecord(h, gate.checkpointId, '864209');
    const before = await fullConfig(gate);
    const res = await put(gate, '/api/v1/lead-pin', await provenPin(h, gate, made, operator.hash));
    expect(res.statusCode).toBe(200);
    expect(res.json<Config>().version).toBeGreaterThan(before.version);
    const second = await enrol(h);
    const leadPin = (await fullConfig(second)).leadPin;
    expect(leadPin).toEqual(made);
    expect(await checkLeadPin('864209', leadPin as LeadPin)).toBe(true);
    expect((await fullConfig(north)).leadPin).toBeNull();
  });

  it('refuses a malformed record: a short hash by name, too few iterations by field', async () => {
    const current = (await fullConfig(gate)).leadPin as LeadPin;
    const made = await pinRecord(h, gate.checkpointId, '1357');
    const short = await put(gate, '/api/v1/lead-pin', await provenPin(h, gate, { ...made, hash: 'AAAA' }, current.hash));
    expect(short.statusCode).toBe(400);
    expect(short.json<ApiError>().error).toBe('lead-pin-invalid');
    const weak = await put(gate, '/api/v1/lead-pin', await provenPin(h, gate, { ...made, iterations: 1000 }, current.hash));
    expect(weak.statusCode).toBe(400);
    expect(weak.json<ApiError>().message).toContain('body/leadPin/iterations');
    expect(await checkLeadPin('1357', (await fullConfig(gate)).leadPin as LeadPin)).toBe(false);
  });
});

describe('OpenAPI', () => {
  it('describes both routes with their body schemas', async () => {
    const doc = (await h.app.inject({ url: '/api/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }>();
    expect(JSON.stringify(doc.paths['/api/v1/policy']?.put)).toContain('#/components/schemas/PolicyChange');
    expect(JSON.stringify(doc.paths['/api/v1/lead-pin']?.put)).toContain('#/components/schemas/LeadPinChange');
    for (const name of ['PolicyChange', 'LeadPinChange', 'LeadPin', 'KeyPersonList']) expect(doc.components.schemas).toHaveProperty(name);
  });
});
