/** Hostile and careless HTTP input, on each database: long strings, SQL meta-characters, duplicate JSON keys, repeated entries and batches. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../src/core/chain.ts';
import { GENESIS_HASH, type Entry } from '../../src/core/entry.ts';
import type { ApiError, PushResult } from '../../src/core/wire.ts';
import { issueEnrolmentCode } from '../../src/server/tablets/enrolment.ts';
import type { StoredEntry } from '../../src/server/storage/storage.ts';
import { duplicateKey } from '../../src/server/http/strictJson.ts';
import { DATABASES, title } from './databases.ts';
import { chain, enrol, entryFields, harness, push, type Harness, type Tablet } from './helpers.ts';
import { sayAny } from '../../src/core/catalogue.ts';
import { asPhone, registered } from './residentFixture.ts';

const LONG = '长'.repeat(10_000);
const SQL_META = ["'; DROP TABLE entries; --", '" OR 1=1 --', "Robert'); DELETE FROM devices; --", '\\\'; SELECT pg_sleep(10); --'];

type Reply = { statusCode: number; headers: Record<string, unknown>; json: <T>() => T };

function expectError(res: Reply, status: number, error: string): ApiError {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json<ApiError>();
  expect(body.error).toBe(error);
  expect(body.messageZh).toContain(sayAny(error, 'zh'));
  return body;
}

describe('the duplicate-key check', () => {
  it('finds a key twice in one object at any depth, escaped or not, and nothing else', () => {
    expect(duplicateKey('{"a":1,"a":2}')).toBe('a');
    expect(duplicateKey('{"x":[{"a":1},{"b":{"c":1,"c":1}}]}')).toBe('c');
    expect(duplicateKey('{"name":1,"na\\u006de":2}')).toBe('name');
    expect(duplicateKey('[{"a":1},{"a":1}]')).toBeNull();
    expect(duplicateKey('{"a":"a","b":"a"}')).toBeNull();
    expect(duplicateKey('{"a":"x\\",\\"a\\":{","b":["a","a"]}')).toBeNull();
    expect(duplicateKey('{"a":{"b":1},"b":{"a":1}}')).toBeNull();
    expect(duplicateKey('"a"')).toBeNull();
  });
});

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('bad input over HTTP', kind), () => {
    let h: Harness;
    let tablet: Tablet;
    beforeAll(async () => {
      h = await harness({ database: kind });
      tablet = await enrol(h);
    });
    afterAll(() => h.close());

    const post = (url: string, payload: string | object, token?: string) => h.app.inject({
      method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...(token !== undefined && { authorization: `Bearer ${token}` }) },
    });
    const deviceCount = async () => (await h.storage.listDevices()).length;
    const deviceEntries = async (deviceId: string): Promise<StoredEntry[]> => {
      const out: StoredEntry[] = [];
      for await (const e of h.storage.exportEntries({ checkpointId: h.checkpointId })) if (e.deviceId === deviceId) out.push(e);
      return out;
    };

    it('refuses 10,000-character strings in every field by schema, storing nothing and using no code', async () => {
      const entriesBefore = await h.storage.countEntries();
      const devicesBefore = await deviceCount();
      const { code } = await issueEnrolmentCode(h.storage, h.checkpointId);
      expectError(await post('/api/v1/enrol', { code, label: LONG }), 400, 'request-invalid');
      expectError(await post('/api/v1/enrol', { code: 'A'.repeat(10_000) }), 400, 'request-invalid');
      expect(await deviceCount()).toBe(devicesBefore);
      expect((await post('/api/v1/enrol', { code, label: 'still good' })).statusCode).toBe(200); // the code was not used up

      // The residents' routes read at most 4 KiB: 10,000 characters are refused unread, 1,000 by the schema.
      const person = { id: '11010519491231002X', temperature: 36.5, isolated: false, symptoms: false };
      expectError(await post('/api/v1/residents/register', { id: person.id, name: LONG, relation: 'self' }), 413, 'request-too-large');
      expectError(await post('/api/v1/checkins', { ...person, id: '1'.repeat(10_000) }), 413, 'request-too-large');
      expectError(await post('/api/v1/health-code', { id: LONG }), 413, 'request-too-large');
      expectError(await post('/api/v1/residents/register', { id: person.id, name: 'x'.repeat(1_000), relation: 'self' }), 400, 'request-invalid');
      expectError(await post('/api/v1/checkins', { ...person, id: 'x'.repeat(1_000) }), 400, 'request-invalid');
      expectError(await post('/api/v1/health-code', { id: '1'.repeat(1_000) }), 400, 'request-invalid');
      expect(await h.storage.listCheckIns('11010519491231002X')).toEqual([]);
      expect(await h.storage.boundPerson('11010519491231002X')).toBeNull();

      const [plain] = await chain(tablet, 1);
      const long: Entry[] = [
        await seal({ ...entryFields(tablet, 1), name: LONG }, null),
        await seal({ ...entryFields(tablet, 1), operator: LONG }, null),
        { ...plain!, deviceId: 'd'.repeat(10_000) },
        { ...plain!, checkpointId: 'c'.repeat(10_000) },
        { ...plain!, id: 'i'.repeat(10_000) },
        { ...plain!, reasons: ['r'.repeat(10_000)] },
      ];
      const res = await push(h, tablet, long);
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: PushResult) => r.status === 'refused' && r.reason)).toEqual(Array(long.length).fill('entry-schema'));
      expect(await h.storage.countEntries()).toBe(entriesBefore);
    });

    it('stores SQL meta-characters verbatim where the schema allows them, refuses them in ids, and nothing breaks', async () => {
      const labels = await Promise.all(SQL_META.map(async (label) => {
        const { code } = await issueEnrolmentCode(h.storage, h.checkpointId);
        const res = await post('/api/v1/enrol', { code, label });
        expect(res.statusCode).toBe(200);
        return { label, id: res.json<{ deviceId: string }>().deviceId };
      }));
      const listed = await h.storage.listDevices();
      for (const { label, id } of labels) expect(listed.find((d) => d.id === id)?.label).toBe(label);

      const fresh = await enrol(h);
      const named: Entry[] = [];
      for (const [i, name] of SQL_META.entries()) named.push(await seal({ ...entryFields(fresh, i + 1), name, operator: name }, named.at(-1) ?? null));
      expect((await push(h, fresh, named)).body.results.map((r) => r.status)).toEqual(SQL_META.map(() => 'stored'));
      expect((await deviceEntries(fresh.deviceId)).map((e) => [e.name, e.operator])).toEqual(SQL_META.map((m) => [m, m]));

      const before = await h.storage.countEntries();
      const [plain] = await chain(fresh, 1, named.at(-1)!);
      const res = await push(h, fresh, SQL_META.map((m) => ({ ...plain!, checkpointId: m })).concat(SQL_META.map((m) => ({ ...plain!, deviceId: m }))));
      expect(new Set(res.body.results.map((r) => r.status === 'refused' && r.reason))).toEqual(new Set(['entry-schema']));
      expect(await h.storage.countEntries()).toBe(before);

      const checkIn = { id: '11010519491231002X', temperature: 36.5, isolated: false, symptoms: false };
      const { credential } = await registered(h.app, { id: checkIn.id, name: SQL_META[0]! });
      expect((await asPhone(h.app, credential, 'POST', '/api/v1/checkins', checkIn)).statusCode).toBe(200);
      expect((await h.storage.listCheckIns(checkIn.id)).map((c) => c.name)).toEqual([SQL_META[0]]);
      // Every table still answers.
      expect((await push(h, fresh, [plain])).body.results[0]?.status).toBe('stored');
      expect(await h.storage.countEntries()).toBe(before + 1);
    });

    it('refuses a JSON body with a key twice (400 json-duplicate-key), storing nothing', async () => {
      const before = await h.storage.countEntries();
      const devicesBefore = await deviceCount();
      const { code } = await issueEnrolmentCode(h.storage, h.checkpointId);
      expectError(await post('/api/v1/enrol', `{"code":"${code}","label":"a","label":"b"}`), 400, 'json-duplicate-key');
      expect(await deviceCount()).toBe(devicesBefore);

      const [entry] = await chain(await enrol(h), 1);
      const body = JSON.stringify({ entries: [entry] });
      // The same entry, its name given twice: which one would count is exactly what must not be guessed.
      const doubled = body.replace('"name":', '"name":"李四","name":');
      const escaped = body.replace('"name":', '"na\\u006de":"李四","name":');
      for (const payload of [doubled, escaped, `{"entries":[],"entries":${JSON.stringify([entry])}}`]) {
        const res = await post('/api/v1/entries', payload, tablet.token);
        expect(expectError(res, 400, 'json-duplicate-key').message).toMatch(/"(name|entries)"/);
      }
      expect(await h.storage.countEntries()).toBe(before);
      expectError(await post('/api/v1/checkins', '{"id":"11010519491231002X","id":"11010519491231002X","temperature":36.5,"isolated":false,"symptoms":false}'), 400, 'json-duplicate-key');
    });

    it('stores the same entry twice in one batch once: stored, then duplicate', async () => {
      const t = await enrol(h);
      const [e1, e2] = await chain(t, 2);
      const res = await push(h, t, [e1, e1, e2, e2]);
      expect(res.body.results.map((r) => r.status)).toEqual(['stored', 'duplicate', 'stored', 'duplicate']);
      expect((await deviceEntries(t.deviceId)).map((e) => e.seq)).toEqual([1, 2]);
    });

    it('stores the same batch sent twice at once exactly once, and the chain holds', async () => {
      const t = await enrol(h);
      const batch = await chain(t, 50);
      const [a, b] = await Promise.all([push(h, t, batch), push(h, t, batch)]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      batch.forEach((_, i) => {
        const pair = [a.body.results[i]?.status, b.body.results[i]?.status].sort();
        expect(pair).toEqual(['duplicate', 'stored']);
      });
      const stored = await deviceEntries(t.deviceId);
      expect(stored.map((e) => e.seq)).toEqual(batch.map((e) => e.seq));
      stored.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : stored[i - 1]!.hash));
      expect((await h.storage.listDevices()).find((d) => d.id === t.deviceId)).toMatchObject({ entries: 50, missing: 0, gaps: [] });
    });
  });
}
