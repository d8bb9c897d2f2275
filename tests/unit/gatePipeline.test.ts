/** The gate pipeline's decisions (src/gate/gate.ts), with a log kept in memory: what is asked, judged and written, and when not. */
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/base64.ts';
import type { Colour, Direction, Vehicle } from '../../src/core/entry.ts';
import type { Resident } from '../../src/core/residentCode.ts';
import { deriveKeyPerson, KEY_PERSON_KDF } from '../../src/core/keyPersonLookup.ts';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.ts';
import { err, ok } from '../../src/core/result.ts';
import { encodeResidentCode } from '../../src/core/residentCode.ts';
import type { VerifiedCode } from '../../src/core/signedCode.ts';
import type { Config } from '../../src/core/wire.ts';
import { createGate, type GateParts } from '../../src/gate/gate.ts';
import { sealKeyPersonBox } from '../../src/server/operator/keyPersonSeal.ts';
import type { StoredEntry } from '../../src/store/db.ts';
import type { Device } from '../../src/store/device.ts';
import type { SaveError } from '../../src/store/log.ts';

const ZHANG = { id: '11010519491231002X', name: '张三' };
const LI = { id: '110105194912310038', name: '李四' };
const residentCode = (p: { id: string; name: string }): string => {
  const encoded = encodeResidentCode(p);
  if (!encoded.ok) throw new Error(encoded.error);
  return encoded.value;
};
const healthCode = (subject: { id: string; name: string }, colour: Colour): VerifiedCode => ({
  kind: 'KDH1', valid: true, reasons: [], subject, colour, issuer: 'kadian', issuedAt: null, expires: null,
});

function device(policy: Partial<Policy> = {}, keyPersons: Config['keyPersons'] = { format: 2, kdf: KEY_PERSON_KDF, salt: toBase64(new Uint8Array(16)), persons: [] }): Device {
  const config: Config = {
    version: 1, serverTime: '2026-11-30T00:00:00Z', checkpoint: { id: 'gate-1', name: '东门', communityId: 'c', communityName: '社区' },
    policy: { ...DEFAULT_POLICY, ...policy }, trust: { issuers: [], dccSigners: [], updatedAt: '2026-11-30T00:00:00Z' },
    leadPin: null, keyPersons, sealKey: 'A'.repeat(87) + '=',
  };
  return { deviceId: 'tablet-1', token: 't', config, configAt: config.serverTime, enrolledAt: config.serverTime };
}

/** A gate over an in-memory log whose day figures the test sets; every call to a part is recorded. */
function harness(options: { device?: Device; direction?: Direction; colour?: Colour | null; holder?: Resident | null; temperature?: number | null; inside?: number; failSave?: SaveError; verify?: GateParts['verify'] } = {}) {
  const state = { device: options.device ?? device(), direction: options.direction ?? ('in' as Direction), operator: null as string | null, vehicle: null as Vehicle | null, now: 0 };
  const log: StoredEntry[] = [];
  const asked: string[] = [];
  const events: string[] = [];
  let answerColour: ((c: Colour | null) => void) | undefined;
  const gate = createGate({
    device: () => state.device,
    direction: () => state.direction,
    operator: () => state.operator,
    vehicle: () => state.vehicle,
    verify: options.verify ?? (async () => null),
    askColour: () => {
      asked.push('colour');
      return options.colour === undefined ? new Promise((resolve) => { answerColour = resolve; }) : Promise.resolve(options.colour);
    },
    askHolder: async () => { asked.push('holder'); return options.holder ?? null; },
    askTemperature: async () => { asked.push('temperature'); return options.temperature ?? null; },
    append: async (draft, judge) => {
      if (options.failSave) return err(options.failSave);
      const { verdict, reasons } = judge(options.inside ?? 0);
      const entry: StoredEntry = { ...draft, verdict, reasons, id: `e${log.length + 1}`, seq: log.length + 1, prevHash: '0'.repeat(64), hash: '1'.repeat(64), syncState: 'pending' };
      log.push(entry);
      return ok(entry);
    },
    logged: (e) => events.push(`logged ${e.seq}`),
    verifierFailed: () => events.push('verifier failed'),
    saveFailed: (e) => events.push(`save failed ${e}`),
    nowMs: () => state.now,
  });
  return { gate, state, log, asked, events, answerColour: (c: Colour | null) => answerColour?.(c) };
}

describe('the gate pipeline', () => {
  it('logs a resident code with the fields the reading carries, then asks for a sync', async () => {
    const h = harness();
    const outcome = await h.gate.scan(residentCode(ZHANG));
    expect(outcome).toMatchObject({ saved: true, judgement: { verdict: 'pass', reasons: [] } });
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatchObject({ source: 'KDR1', personId: ZHANG.id, name: ZHANG.name, colour: null, direction: 'in', deviceId: 'tablet-1', checkpointId: 'gate-1', temperature: null, operator: null });
    expect(h.events).toEqual(['logged 1']);
    expect(h.asked).toEqual([]);
  });

  it('ignores the same code held in view for the policy window, and takes it again after', async () => {
    const h = harness({ device: device({ duplicateWindowSeconds: 5 }) });
    const code = residentCode(ZHANG);
    expect(await h.gate.scan(code)).not.toBeNull();
    h.state.now = 4_000;
    expect(await h.gate.scan(code)).toBeNull();
    h.state.now = 10_000; // seen last at 4 s: away long enough
    expect(await h.gate.scan(code)).not.toBeNull();
    // The lead shortens the window: the next repeat is judged by the new one.
    h.state.device = device({ duplicateWindowSeconds: 0 });
    h.state.now = 10_001;
    expect(await h.gate.scan(code)).not.toBeNull();
    expect(h.log.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('asks the colour of another system\'s code and ignores new codes until answered', async () => {
    const h = harness();
    const pending = h.gate.scan('https://example.org/some-other-health-app');
    await Promise.resolve();
    expect(h.gate.busy()).toBe(true);
    expect(await h.gate.scan(residentCode(LI))).toBeNull();
    expect(await h.gate.enter({ kind: 'identity', source: 'manual', resident: { id: LI.id, name: '' } })).toBeNull();
    h.answerColour('red');
    expect(await pending).toMatchObject({ saved: true, judgement: { verdict: 'stop', reasons: ['colour-seen', 'colour-red'] } });
    expect(h.gate.busy()).toBe(false);
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatchObject({ source: 'unknown', colour: 'red', personId: null });
  });

  it('verifies signed codes with the trust list in force; a verifier that cannot run leaves the code to the volunteer', async () => {
    const seen: string[] = [];
    const h = harness({ colour: 'green', verify: async (text, trust) => { seen.push(`${text} ${trust.updatedAt}`); return healthCode(ZHANG, 'yellow'); } });
    expect(await h.gate.scan('KDH1:ABC')).toMatchObject({ judgement: { verdict: 'stop', reasons: ['colour-yellow'] } });
    expect(seen).toEqual(['KDH1:ABC 2026-11-30T00:00:00Z']);
    expect(h.log[0]).toMatchObject({ source: 'KDH1', personId: ZHANG.id, colour: 'yellow' });

    const broken = harness({ colour: 'green', verify: () => Promise.reject(new Error('worker did not load')) });
    expect(await broken.gate.scan('KDH1:ABC')).toMatchObject({ saved: true, judgement: { verdict: 'pass', reasons: ['colour-seen', 'colour-green'] } });
    expect(broken.events).toEqual(['verifier failed', 'logged 1']);
    expect(broken.asked).toEqual(['colour', 'holder']);
  });

  it('asks the temperature on the way in only, and stops a fever', async () => {
    const h = harness({ device: device({ askTemperature: true }), temperature: 38.1 });
    expect(await h.gate.scan(residentCode(ZHANG))).toMatchObject({ judgement: { verdict: 'stop', reasons: ['fever'] } });
    expect(h.log[0]?.temperature).toBe(38.1);
    h.state.direction = 'out';
    expect(await h.gate.scan(residentCode(LI))).toMatchObject({ judgement: { verdict: 'pass' } });
    expect(h.asked).toEqual(['temperature']);
    // A code that does not read is stopped without a thermometer.
    h.state.direction = 'in';
    expect(await h.gate.scan('KDR1:!!!')).toMatchObject({ judgement: { verdict: 'stop' } });
    expect(h.asked).toEqual(['temperature']);
  });

  it('judges capacity on the figures of the entry\'s own transaction; an exit always passes', async () => {
    const full = harness({ device: device({ capacity: 100 }), inside: 100 });
    expect(await full.gate.scan(residentCode(ZHANG))).toMatchObject({ judgement: { verdict: 'stop', reasons: ['capacity-full'] } });
    full.state.direction = 'out';
    expect(await full.gate.scan(residentCode(LI))).toMatchObject({ judgement: { verdict: 'pass' } });
    const room = harness({ device: device({ capacity: 100 }), inside: 99 });
    expect(await room.gate.scan(residentCode(ZHANG))).toMatchObject({ judgement: { verdict: 'pass' } });
  });

  it('logs what a one-way gate logs, whatever the switch says', async () => {
    const h = harness({ device: device({ directions: 'out' }), direction: 'in' });
    await h.gate.scan(residentCode(ZHANG));
    expect(h.log[0]?.direction).toBe('out');
  });

  it('checks a resident code followed by another person\'s health code', async () => {
    const h = harness({ verify: async () => healthCode(LI, 'green') });
    await h.gate.scan(residentCode(ZHANG));
    h.state.now = 3_000;
    expect(await h.gate.scan('KDH1:LI')).toMatchObject({ judgement: { verdict: 'check', reasons: ['id-mismatch'] } });
  });

  it('hands the screen both persons of a mismatched pair, and neither after a matching one', async () => {
    const h = harness({ verify: async (text) => (text === 'KDH1:LI' ? healthCode(LI, 'green') : text === 'KDH1:ZHANG' ? healthCode(ZHANG, 'green') : null) });
    await h.gate.scan(residentCode(ZHANG));
    h.state.now = 2_000;
    const mismatch = await h.gate.scan('KDH1:LI');
    expect(mismatch).toMatchObject({ judgement: { verdict: 'check', reasons: ['id-mismatch'] }, paired: { personId: ZHANG.id, name: ZHANG.name, source: 'KDR1' } });
    expect(mismatch?.reading).toMatchObject({ kind: 'signed', code: { subject: LI } });
    // A pair is used once: the next code pairs with nothing.
    h.state.now = 4_000;
    expect((await h.gate.scan(residentCode(LI)))?.paired).toBeUndefined();
    h.state.now = 6_000;
    const same = await h.gate.scan('KDH1:LI');
    expect(same).toMatchObject({ judgement: { verdict: 'pass', reasons: [] }, paired: { personId: LI.id } });
  });

  it("asks who holds another system's code, logs them for tracing and looks them up; a checkpoint may turn it off", async () => {
    const salt = new Uint8Array(16).fill(7);
    const { tag, key } = deriveKeyPerson(salt, ZHANG.id, KEY_PERSON_KDF);
    const list = { format: 2 as const, kdf: KEY_PERSON_KDF, salt: toBase64(salt), persons: [{ tag, box: sealKeyPersonBox(key, { category: 'close-contact', note: '' }) }] };
    const h = harness({ device: device({}, list), colour: 'green', holder: { id: ZHANG.id, name: '' } });
    expect(await h.gate.scan('https://example.org/other-app')).toMatchObject({ judgement: { verdict: 'check', reasons: ['key-person', 'kp-close-contact', 'colour-seen', 'colour-green'] } });
    expect(h.asked).toEqual(['colour', 'holder']);
    expect(h.log[0]).toMatchObject({ source: 'unknown', colour: 'green', personId: ZHANG.id, name: null });

    const skipped = harness({ colour: 'green', holder: null });
    await skipped.gate.scan('https://example.org/other-app');
    expect(skipped.log[0]).toMatchObject({ source: 'unknown', colour: 'green', personId: null });

    const off = harness({ device: device({ askIdForForeignCodes: false }), colour: 'green' });
    await off.gate.scan('https://example.org/other-app');
    expect(off.asked).toEqual(['colour']);
  });

  it('flags a listed key person with the category', async () => {
    const salt = new Uint8Array(16).fill(7);
    const { tag, key } = deriveKeyPerson(salt, ZHANG.id, KEY_PERSON_KDF);
    const list = { format: 2 as const, kdf: KEY_PERSON_KDF, salt: toBase64(salt), persons: [{ tag, box: sealKeyPersonBox(key, { category: 'close-contact', note: '' }) }] };
    const h = harness({ device: device({}, list) });
    expect(await h.gate.scan(residentCode(ZHANG))).toMatchObject({ judgement: { verdict: 'check', reasons: ['key-person', 'kp-close-contact'] } });
    expect(await h.gate.scan(residentCode(LI))).toMatchObject({ judgement: { verdict: 'pass' } });
  });

  it('never shows a pass for a scan it could not save, and names a full disk', async () => {
    const h = harness({ failSave: 'save-quota' });
    expect(await h.gate.scan(residentCode(ZHANG))).toEqual(expect.objectContaining({ saved: false, error: 'save-quota', judgement: { verdict: 'stop', reasons: ['save-quota'] } }));
    expect(h.events).toEqual(['save failed save-quota']);
  });

  it('names the volunteer on duty on each entry, and whoever took over on the next', async () => {
    const h = harness();
    h.state.operator = '李四 13800138000';
    await h.gate.scan(residentCode(ZHANG));
    h.state.operator = '王五';
    await h.gate.scan(residentCode(LI));
    expect(h.log.map((e) => e.operator)).toEqual(['李四 13800138000', '王五']);
  });

  it('logs what happened after a stop or a check as an entry of its own that follows it up', async () => {
    const h = harness({ device: device({ askTemperature: true }), temperature: 38.4 });
    const stopped = await h.gate.scan(residentCode(ZHANG));
    if (!stopped?.saved) throw new Error('the stop was not saved');
    h.state.operator = '李四';
    const back = await h.gate.followUp(stopped, 'turned-back', null);
    expect(back).toMatchObject({ saved: true, judgement: { verdict: 'stop', reasons: [] } });
    // No prompt again: the thermometer was read for the scan, and the follow-up keeps it.
    expect(h.asked).toEqual(['temperature']);
    expect(h.log[1]).toMatchObject({
      seq: 2, personId: ZHANG.id, name: ZHANG.name, source: 'KDR1', direction: 'in', temperature: 38.4, operator: '李四',
      verdict: 'stop', reasons: [], followUp: { of: 1, outcome: 'turned-back', note: null },
    });
    const released = await h.gate.followUp(stopped, 'release', null);
    expect(released).toMatchObject({ judgement: { verdict: 'pass' } });
    const other = await h.gate.followUp(stopped, 'other', '家属接回');
    expect(h.log.map((e) => [e.seq, e.verdict, e.followUp?.outcome, e.followUp?.note])).toEqual([
      [1, 'stop', undefined, undefined], [2, 'stop', 'turned-back', null], [3, 'pass', 'release', null], [4, 'stop', 'other', '家属接回'],
    ]);
    expect(other).toMatchObject({ saved: true });
    expect(h.events).toEqual(['logged 1', 'logged 2', 'logged 3', 'logged 4']);
  });

  it('at a road checkpoint, puts each person of a vehicle under its plate, the first as its driver', async () => {
    const h = harness();
    const id = '0b7e3c2a-5f1d-4c8e-9a6b-2d4f8e1c3a5b';
    h.state.vehicle = { plate: '豫M12345', id, role: 'driver' };
    await h.gate.scan(residentCode(ZHANG));
    h.state.vehicle = { plate: '豫M12345', id, role: 'passenger' };
    await h.gate.scan(residentCode(LI));
    h.state.vehicle = null;
    await h.gate.enter({ kind: 'identity', source: 'manual', resident: { id: ZHANG.id, name: '' } });
    expect(h.log.map((e) => e.vehicle)).toEqual([{ plate: '豫M12345', id, role: 'driver' }, { plate: '豫M12345', id, role: 'passenger' }, undefined]);
  });
});
