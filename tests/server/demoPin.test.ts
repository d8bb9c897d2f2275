/** The demo checkpoint's lead PIN: made once, kept owner-only beside the database, shown while it still unlocks. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLeadPin, deriveLeadPin } from '../../src/core/leadPin.ts';
import { unwrapForLead } from '../../src/core/personSeal.ts';
import { DEMO_PIN_FILE, demoLeadPin } from '../../src/server/tablets/demoPin.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe('demoLeadPin', () => {
  it('gives the demo a random 6-digit PIN, stores only its hash, keeps the PIN in a 0600 file, and shows it at every start', async () => {
    const first = await demoLeadPin(h.storage, h.dataDir, h.checkpointId);
    expect(first.created).toBe(true);
    expect(first.pin).toMatch(/^\d{6}$/);
    const stored = await h.storage.getLeadPin(h.checkpointId);
    expect(stored).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain(first.pin);
    expect(await checkLeadPin(first.pin ?? '', stored ?? { salt: '', hash: '', iterations: 0 })).toBe(true);
    const file = join(h.dataDir, DEMO_PIN_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.pin);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    expect(await demoLeadPin(h.storage, h.dataDir, h.checkpointId)).toEqual({ pin: first.pin, created: false });
    expect(stored?.key).toEqual(expect.objectContaining({ salt: expect.stringMatching(/^[A-Za-z0-9+/]+={0,2}$/), iv: expect.stringMatching(/^[A-Za-z0-9+/]{16}$/), data: expect.stringMatching(/^[A-Za-z0-9+/]+={0,2}$/) }));
  });

  it("gives a demo from before sealing a key wrapped with its kept PIN, once", async () => {
    const pin = readFileSync(join(h.dataDir, DEMO_PIN_FILE), 'utf8').trim();
    const { key: _key, ...old } = (await h.storage.getLeadPin(h.checkpointId))!;
    await h.storage.setLeadPin(h.checkpointId, old, new Date().toISOString(), null);
    expect(await demoLeadPin(h.storage, h.dataDir, h.checkpointId)).toEqual({ pin, created: false });
    const upgraded = (await h.storage.getLeadPin(h.checkpointId))!;
    expect(await unwrapForLead(upgraded.key!, pin, upgraded.iterations)).not.toBeNull();
    await demoLeadPin(h.storage, h.dataDir, h.checkpointId);
    expect(await h.storage.getLeadPin(h.checkpointId)).toEqual(upgraded);
  });

  it('shows nothing once someone set another PIN', async () => {
    const other = await deriveLeadPin('1111', undefined, 100_000);
    if (!other.ok) throw new Error(other.error);
    await h.storage.setLeadPin(h.checkpointId, other.value, new Date().toISOString(), null);
    expect(await demoLeadPin(h.storage, h.dataDir, h.checkpointId)).toEqual({ pin: null, created: false });
  });
});
