/** Well-formed text and bounds on every route (issue #12): lone surrogates and non-characters, entry times, seq and waiting; on each database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../src/core/chain.ts';
import type { Entry } from '../../src/core/entry.ts';
import { MAX_SEQ, MAX_WAITING } from '../../src/core/protocol.ts';
import type { ApiError } from '../../src/core/wire.ts';
import { malformedTextPath } from '../../src/server/http/wellFormedText.ts';
import { issueEnrolmentCode } from '../../src/server/tablets/enrolment.ts';
import { DATABASES, title } from './databases.ts';
import { chain, enrol, entryFields, harness, push, type Harness, type Tablet } from './helpers.ts';

const LONE = '\ud800x';
const NON_CHARACTERS = ['\uFFFE', '\uFFFF', '\uFDD0', '\u{1FFFE}', '\u{10FFFF}'];

describe('malformed text is found wherever it is', () => {
  it('in values and keys at any depth, and nowhere in well-formed text (emoji pairs included)', () => {
    expect(malformedTextPath({ a: [{ b: 'ok' }, { c: `x${LONE}` }] })).toBe('body/a/1/c');
    expect(malformedTextPath({ [LONE]: 1 })).toBe('body/<key>');
    for (const bad of NON_CHARACTERS) expect(malformedTextPath({ name: `张${bad}` }), JSON.stringify(bad)).toBe('body/name');
    expect(malformedTextPath({ name: '张三 😀 \u200B', n: 1, list: [null, true, 'a\u0301'] })).toBeNull();
    expect(malformedTextPath({ entries: [{ name: LONE }] }, ['entries'])).toBeNull();
    // No recursion: a hostile depth cannot overflow the stack.
    let deep: unknown = LONE;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(malformedTextPath(deep)).toMatch(/^body(\/0)+$/);
  });
});

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('text and bounds over HTTP', kind), () => {
    let h: Harness;
    beforeAll(async () => {
      h = await harness({ database: kind });
    });
    afterAll(() => h.close());

    const post = (url: string, payload: object) => h.app.inject({ method: 'POST', url, payload });
    const stored = async (tablet: Tablet): Promise<number[]> => {
      const seqs: number[] = [];
      for await (const e of h.storage.exportEntries({ checkpointId: h.checkpointId })) if (e.deviceId === tablet.deviceId) seqs.push(e.seq);
      return seqs.sort((a, b) => a - b);
    };
    /** A chain of `count` entries where `change(seq)` alters fields before each is sealed (so each hash is right). */
    async function chainWith(tablet: Tablet, count: number, change: (seq: number) => Partial<Entry>): Promise<Entry[]> {
      const entries: Entry[] = [];
      for (let seq = 1; seq <= count; seq++) entries.push(await seal({ ...entryFields(tablet, seq), ...change(seq) }, entries.at(-1) ?? null));
      return entries;
    }

    it('refuses an entry whose name or operator is not well-formed text, and stores the entries behind it', async () => {
      const tablet = await enrol(h);
      const entries = await chainWith(tablet, 4, (seq) => (seq === 2 ? { name: LONE } : seq === 3 ? { operator: '值守\uFFFF' } : {}));
      const { status, body } = await push(h, tablet, entries);
      expect(status).toBe(200);
      expect(body.results.map((r) => [r.seq, r.status, r.reason])).toEqual([
        [1, 'stored', undefined], [2, 'refused', 'text-malformed'], [3, 'refused', 'text-malformed'], [4, 'stored', undefined],
      ]);
      expect(body.results[1]!.detail).toContain('/name');
      expect(body.results[2]!.detail).toContain('/operator');
      expect(await stored(tablet)).toEqual([1, 4]);
    });

    it("refuses an entry timed before December 2019, more than a day after the server's clock, or in a leap second; the rest go on", async () => {
      const tablet = await enrol(h);
      const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();
      const times: Record<number, string> = {
        2: '2019-11-30T23:59:59Z', 3: ahead(25 * 3600_000), 4: '2026-06-30T23:59:60Z', 5: '9999-12-31T00:00:00Z',
        // Within the window: a tablet clock a few hours fast, and the first hour of the epidemic.
        6: ahead(5 * 3600_000), 7: '2019-12-01T00:00:00Z',
      };
      const entries = await chainWith(tablet, 7, (seq) => (times[seq] ? { at: times[seq] } : {}));
      const { body } = await push(h, tablet, entries);
      expect(body.results.map((r) => [r.seq, r.status, r.reason])).toEqual([
        [1, 'stored', undefined], [2, 'refused', 'entry-time'], [3, 'refused', 'entry-time'], [4, 'refused', 'entry-time'],
        [5, 'refused', 'entry-time'], [6, 'stored', undefined], [7, 'stored', undefined],
      ]);
      expect(body.results[3]!.detail).toContain('23:59:60');
      // A refused entry leaves a gap, never a block: 6 and 7 link to entries the server does not hold, and are stored.
      expect(await stored(tablet)).toEqual([1, 6, 7]);
    });

    it('bounds seq at MAX_SEQ: above it (2^53 - 1 too) is refused by schema, MAX_SEQ itself is stored', async () => {
      const tablet = await enrol(h);
      const [first] = await chain(tablet, 1);
      const at = (seq: number) => seal(entryFields(tablet, seq), { ...first!, seq: seq - 1 });
      const { body } = await push(h, tablet, [await at(MAX_SEQ + 1), await at(Number.MAX_SAFE_INTEGER), await at(MAX_SEQ)]);
      expect(body.results.map((r) => [r.status, r.reason])).toEqual([['refused', 'entry-schema'], ['refused', 'entry-schema'], ['stored', undefined]]);
      expect(body.results[0]!.detail).toMatch(/seq/);
      expect(await stored(tablet)).toEqual([MAX_SEQ]);
    });

    it('bounds waiting: 1e300 and MAX_WAITING + 1 are refused whole, storing nothing; MAX_WAITING is recorded', async () => {
      const tablet = await enrol(h);
      const entries = await chain(tablet, 1);
      for (const waiting of [1e300, MAX_WAITING + 1]) {
        const res = await h.app.inject({ method: 'POST', url: '/api/v1/entries', headers: { authorization: `Bearer ${tablet.token}` }, payload: { entries, waiting } });
        expect(res.statusCode, String(waiting)).toBe(400);
        expect(res.json<ApiError>().error).toBe('request-invalid');
        expect(res.json<ApiError>().message).toMatch(/waiting/);
      }
      expect(await stored(tablet)).toEqual([]);
      expect((await push(h, tablet, entries, MAX_WAITING)).status).toBe(200);
      const report = (await h.storage.listDevices()).find((d) => d.id === tablet.deviceId);
      expect(report?.waiting).toBe(MAX_WAITING);
    });

    it('refuses a registration, a check-in or a code request with a malformed name (or key) as text-malformed, and keeps nothing of it', async () => {
      const id = '11010519491231002X';
      for (const name of [LONE, `张${NON_CHARACTERS[0]}`]) {
        const res = await post('/api/v1/residents/register', { id, name, relation: 'self' });
        expect(res.statusCode).toBe(400);
        expect(res.json<ApiError>()).toMatchObject({ error: 'text-malformed', message: expect.stringContaining('body/name') });
        expect(res.json<ApiError>().messageZh).toContain('无效字符');
      }
      expect((await post('/api/v1/checkins', { id, temperature: 36.5, isolated: false, symptoms: false, [LONE]: 1 })).json<ApiError>().error).toBe('text-malformed');
      expect((await post('/api/v1/health-code', { id: LONE })).json<ApiError>().error).toBe('text-malformed');
      // Nothing was stored: this ID number is bound to no phone and has no check-in.
      expect(await h.storage.boundPerson(id)).toBeNull();
      expect(await h.storage.listCheckIns(id)).toEqual([]);
    });

    it('refuses an enrolment label with a lone surrogate or a control character, and the code stays unused', async () => {
      const { code } = await issueEnrolmentCode(h.storage, h.checkpointId);
      const devicesBefore = (await h.storage.listDevices()).length;
      const lone = await post('/api/v1/enrol', { code, label: `gate ${LONE}` });
      expect(lone.statusCode).toBe(400);
      expect(lone.json<ApiError>().error).toBe('text-malformed');
      const escape = await post('/api/v1/enrol', { code, label: 'gate \u001b[31mred' });
      expect(escape.statusCode).toBe(400);
      expect(escape.json<ApiError>()).toMatchObject({ error: 'request-invalid', message: expect.stringContaining('label') });
      expect((await h.storage.listDevices()).length).toBe(devicesBefore);
      expect((await post('/api/v1/enrol', { code, label: '东门 1号 ✓' })).statusCode).toBe(200);
    });
  });
}
