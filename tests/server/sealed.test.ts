/** Sealed persons on the server: the config's checkpoint key, pushed entries opened and checked, the key wrapped for the lead. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash, seal, verifyChain } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import { deriveLeadPin } from '../../src/core/leadPin.ts';
import { importPrivateKey, PersonOpener, sealPerson, unwrapForLead, wrapForLead } from '../../src/core/personSeal.ts';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import type { Config } from '../../src/core/wire.ts';
import { operatorLeadPin, sealKeyPair } from '../../src/server/tablets/sealing.ts';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import { fromBase64 } from '../../src/core/base64.ts';
import { addCheckpoint, chain, enrol, harness, push, type Harness, type Tablet } from './helpers.ts';
import { provenPin, provenPolicy } from './leadProofs.ts';

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

async function config(t: Tablet): Promise<Config> {
  const res = await h.app.inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${t.token}` } });
  expect(res.statusCode).toBe(200);
  return res.json<Config>();
}

/**
 * The entries as a tablet pushes them now: each committed to its person (chain v2: the hash covers the commitment), the
 * person sealed with the commitment's salt, and the chain re-linked over the new hashes from the first entry's prevHash.
 */
async function sealedWire(entries: Entry[], publicKey: string) {
  const wire = [];
  let prevHash = entries[0]?.prevHash ?? '';
  for (const { personId, name, hash: _hash, ...rest } of entries) {
    const { sealed, personCommit } = await sealPerson({ personId, name }, publicKey);
    const hash = entryHash({ ...rest, prevHash, personId, name, personCommit });
    wire.push({ ...rest, prevHash, personCommit, hash, sealed });
    prevHash = hash;
  }
  return wire;
}

/** The same entries as an older tablet pushed them (chain v1): hashed over the plain person, which travels sealed. */
async function sealedWireV1(entries: Entry[], publicKey: string) {
  return Promise.all(entries.map(async ({ personId, name, ...rest }) => ({ ...rest, sealed: (await sealPerson({ personId, name }, publicKey)).sealed })));
}

async function stored(checkpointId: string): Promise<Entry[]> {
  const rows: Entry[] = [];
  for await (const e of h.storage.exportEntries({ checkpointId })) rows.push(e);
  return rows;
}

describe('the checkpoint key', () => {
  it('is in the config, stable across pulls, and each checkpoint has its own', async () => {
    const first = await config(gate);
    expect(fromBase64(first.sealKey)).toHaveLength(65);
    expect((await config(gate)).sealKey).toBe(first.sealKey);
    expect((await config(north)).sealKey).not.toBe(first.sealKey);
  });
});

describe('pushing sealed entries', () => {
  it('opens them, checks the chain over the committed person, and stores the ID number and name', async () => {
    const entries = await chain(gate, 3);
    const wire = await sealedWire(entries, (await config(gate)).sealKey);
    const res = await push(h, gate, wire);
    expect(res.body.results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
    expect((await stored(gate.checkpointId)).map((e) => [e.seq, e.personId, e.name])).toEqual(entries.map((e) => [e.seq, e.personId, e.name]));
    // Sent again (the reply was lost): duplicates, nothing twice.
    const again = await push(h, gate, wire);
    expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    // The server's chain verifies again from what it stored: each entry keeps the commitment its hash covers.
    const kept = await stored(gate.checkpointId);
    expect(kept.map((e) => e.personCommit)).toEqual(wire.map((e) => e.personCommit));
    expect(verifyChain(kept)).toEqual([]);
  });

  it("still takes an older tablet's entries, hashed over the person in clear (chain v1)", async () => {
    const last = (await stored(gate.checkpointId)).at(-1)!;
    const entries = await chain(gate, 2, last);
    const res = await push(h, gate, await sealedWireV1(entries, (await config(gate)).sealKey));
    expect(res.body.results.map((r) => r.status)).toEqual(['stored', 'stored']);
    const kept = await stored(gate.checkpointId);
    expect(kept.slice(-2).map((e) => [e.personId, 'personCommit' in e])).toEqual(entries.map((e) => [e.personId, false]));
    expect(verifyChain(kept)).toEqual([]);
  });

  it('refuses a committed entry whose box holds another person, or whose person came without its box', async () => {
    const last = (await stored(north.checkpointId)).at(-1) ?? null;
    const key = (await config(north)).sealKey;
    const [entry] = await chain(north, 1, last);
    const [wire] = await sealedWire([entry!], key);
    const { sealed: stranger } = await sealPerson({ personId: '440524188001010014', name: '李四' }, key);
    const { sealed: _sealed, ...bare } = wire!;
    const res = await push(h, north, [{ ...wire, sealed: stranger }, { ...bare, personId: entry!.personId, name: entry!.name }]);
    expect(res.body.results.map((r) => [r.status, r.reason])).toEqual([['refused', 'entry-sealed'], ['refused', 'entry-sealed']]);
  });

  it('refuses a box sealed to another checkpoint, an altered one and a malformed one, and stores the rest', async () => {
    const before = (await stored(gate.checkpointId)).length;
    const last = (await stored(gate.checkpointId)).at(-1)!;
    const next = await chain(gate, 4, last);
    const [good, second, altered, malformed] = await sealedWire(next, (await config(gate)).sealKey);
    const wrongKey = { ...second, sealed: (await sealPerson({ personId: next[1]!.personId, name: next[1]!.name }, (await config(north)).sealKey)).sealed };
    const data = fromBase64(altered!.sealed.data)!;
    data[3]! ^= 0xff;
    const res = await push(h, gate, [
      good,
      wrongKey,
      { ...altered, sealed: { ...altered!.sealed, data: Buffer.from(data).toString('base64') } },
      { ...malformed, sealed: { ...malformed!.sealed, extra: 'x' } },
    ]);
    expect(res.body.results.map((r) => [r.status, r.reason ?? null])).toEqual([
      ['stored', null], ['refused', 'entry-sealed'], ['refused', 'entry-sealed'], ['refused', 'entry-sealed'],
    ]);
    expect((await stored(gate.checkpointId)).length).toBe(before + 1);
  });

  it("refuses an older tablet's box moved onto another entry: its chain hash covers the plain person", async () => {
    const last = (await stored(north.checkpointId)).at(-1) ?? null;
    const key = (await config(north)).sealKey;
    const first = seal({ ...(await chain(north, 1, last))[0]!, personId: '11010519491231002X', name: '张三' }, last);
    const [wire] = await sealedWireV1([first], key);
    const [stranger] = await sealedWireV1([{ ...first, personId: '440524188001010014', name: '李四' }], key);
    const res = await push(h, north, [{ ...wire, sealed: stranger!.sealed }]);
    expect(res.body.results[0]).toMatchObject({ status: 'refused', reason: 'entry-hash' });
  });
});

describe('the key for the lead', () => {
  it("is wrapped with the operator's PIN; the PIN unwraps the key that opens what tablets sealed", async () => {
    const record = await operatorLeadPin(h.storage, gate.checkpointId, '2468');
    if (!record.ok) throw new Error(record.error);
    await h.storage.setLeadPin(gate.checkpointId, record.value, new Date().toISOString(), null);
    const { leadPin, sealKey } = await config(gate);
    expect(leadPin?.key).toEqual(expect.objectContaining({ salt: expect.any(String), iv: expect.any(String), data: expect.any(String) }));
    const pkcs8 = await unwrapForLead(leadPin!.key!, '2468', leadPin!.iterations);
    expect(pkcs8).not.toBeNull();
    const { sealed } = await sealPerson({ personId: '11010519491231002X', name: '张三' }, sealKey);
    expect(await new PersonOpener(await importPrivateKey(pkcs8!)).open(sealed)).toMatchObject({ ok: true, value: { personId: '11010519491231002X', name: '张三' } });
    expect(await unwrapForLead(leadPin!.key!, '1357', leadPin!.iterations)).toBeNull();
  });

  it("travels with a lead's new PIN from a tablet, wrapped again by the tablet", async () => {
    const pkcs8 = fromBase64((await sealKeyPair(h.storage, gate.checkpointId)).privateKey)!;
    const pin = await deriveLeadPin('97531', undefined, 100_000);
    if (!pin.ok) throw new Error(pin.error);
    const body = { ...pin.value, key: await wrapForLead(pkcs8, '97531', 100_000) };
    // Proven with the key the operator's PIN (the test above) unwraps, and made against that record.
    const current = await h.storage.getLeadPin(gate.checkpointId);
    const change = await provenPin(h, gate, body, current!.hash, pkcs8);
    const res = await h.app.inject({ method: 'PUT', url: '/api/v1/lead-pin', headers: { authorization: `Bearer ${gate.token}` }, payload: change });
    expect(res.statusCode).toBe(200);
    expect(res.json<Config>().leadPin).toEqual(body);
  });
});

describe('a database from before sealing', () => {
  it('gains the lead-key column on open, and keeps its PIN', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kadian-old-'));
    const old = new Database(join(dataDir, DATABASE_FILE));
    old.exec(`CREATE TABLE lead_pins (checkpoint_id TEXT PRIMARY KEY, salt TEXT NOT NULL, hash TEXT NOT NULL, iterations INTEGER NOT NULL,
      set_at TEXT NOT NULL, set_by TEXT);
      INSERT INTO lead_pins VALUES ('demo-gate', 'c2FsdA==', 'aGFzaA==', 300000, '2026-11-01T00:00:00Z', NULL);`);
    old.close();
    const storage = openStorage(dataDir);
    try {
      await storage.ensureDemo();
      expect(await storage.getLeadPin('demo-gate')).toEqual({ salt: 'c2FsdA==', hash: 'aGFzaA==', iterations: 300000 });
      const record = await operatorLeadPin(storage, 'demo-gate', '2468');
      if (!record.ok) throw new Error(record.error);
      await storage.setLeadPin('demo-gate', record.value, new Date().toISOString(), null);
      expect((await storage.getLeadPin('demo-gate'))?.key).toEqual(record.value.key);
    } finally {
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('retention', () => {
  it("is the operator's: a lead's policy change from a tablet leaves it as it was", async () => {
    const res = await h.app.inject({
      method: 'PUT', url: '/api/v1/policy', headers: { authorization: `Bearer ${gate.token}` },
      payload: await provenPolicy(h, gate, { ...DEFAULT_POLICY, retentionDays: 3650, capacity: 9 }, { changedAt: '2026-11-23T16:00:00+08:00' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Config>().policy).toMatchObject({ capacity: 9, retentionDays: DEFAULT_POLICY.retentionDays });
  });
});
