/** Issue #15: alerts made by real pushes (once per entry and kind), listed by subtree, streamed live to the consoles that reach them, acknowledged by hq; on each database. */
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import type { Alert, Alerts } from '../../src/core/consoleOps.ts';
import type { Entry } from '../../src/core/entry.ts';
import type { StoredEntry } from '../../src/server/storage/storage.ts';
import { onEachConsoleCity, MINUTE, type Signed } from './consoleFixture.ts';
import { FEVER_STOP, FULL, KEY_PERSON, sealedChain } from './consoleOpsFixture.ts';
import { enrol, push, type Tablet } from './helpers.ts';

const ID = '11010519491231002X';
const MASKED = '张三 110105********002X';
const C1_PATH = ['a-city', 'a-d1', 'a-s1', 'a-c1'];

/** A console's alert stream over a real socket (inject cannot read a response that never ends), read event by event. */
async function openStream(base: string, who: Signed, query = '') {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/v1/console/alerts/stream${query}`, { headers: { cookie: `kadian_session=${who.cookie}` }, signal: abort.signal });
  const body = res.body;
  if (!body) throw new Error('no body');
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const block = async (): Promise<string> => {
    while (!buffer.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += value;
    }
    const end = buffer.indexOf('\n\n');
    const text = buffer.slice(0, end);
    buffer = buffer.slice(end + 2);
    return text;
  };
  return {
    res,
    block,
    /** The next alert event, within `ms`. */
    async alert(ms = 10_000): Promise<Alert> {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no alert event in time')), ms));
      const next = (async () => {
        for (;;) {
          const text = await block();
          const data = /^event: alert\ndata: (.*)$/.exec(text);
          if (data?.[1] !== undefined) return JSON.parse(data[1]) as Alert;
        }
      })();
      return Promise.race([next, timeout]);
    },
    close: () => abort.abort(),
  };
}

onEachConsoleCity('console alerts', (city) => {
  const alerts = async (who: Signed, query = ''): Promise<Alert[]> => (await city().get<Alerts>(who, `/api/v1/console/alerts${query}`)).alerts;
  let gate: Tablet;
  let c2gate: Tablet;

  it('makes one alert per alerting entry and kind from a real push, names where and who (masked), and a re-send makes none again', async () => {
    gate = await enrol(city().h, 'cp-c1a-1');
    const entries = sealedChain(gate, [{}, KEY_PERSON, FEVER_STOP, FULL, { verdict: 'stop', reasons: ['fever', 'capacity-full'] }, { verdict: 'check', reasons: ['colour-seen', 'colour-yellow'] }]);
    expect((await push(city().h, gate, entries)).body.results.map((r) => r.status)).toEqual(Array(6).fill('stored'));
    const hq = await city().session('hq-d1');
    const listed = await alerts(hq);
    expect(listed).toHaveLength(5);
    const bySeq = (seq: number) => listed.filter((a) => a.at === entries[seq - 1]?.at).map((a) => a.kind).sort();
    expect([bySeq(1), bySeq(2), bySeq(3), bySeq(4), bySeq(5), bySeq(6)]).toEqual([[], ['key-person'], ['stop'], ['capacity'], ['capacity', 'stop'], []]);
    expect(listed.find((a) => a.kind === 'key-person')).toMatchObject({
      checkpointId: 'cp-c1a-1', checkpointName: 'cp-c1a-1', placeId: 'p-c1a', placeName: 'p-c1a', areaIds: C1_PATH,
      areaNames: ['三门峡市', '湖滨区', '湖滨街道', '东风社区'], reasons: ['key-person', 'kp-close-contact'], colour: 'green', person: MASKED,
      acknowledgedAt: null, acknowledgedBy: null, at: entries[1]?.at,
    });
    expect(JSON.stringify(listed)).not.toContain(ID);

    // The same batch again: every entry a duplicate, and no alert twice.
    expect((await push(city().h, gate, entries)).body.results.map((r) => r.status)).toEqual(Array(6).fill('duplicate'));
    expect((await alerts(hq)).map((a) => a.id).sort()).toEqual(listed.map((a) => a.id).sort());
  });

  it('still makes the alert when the entry was stored but its alert was not (a crash between the two): the re-send does it', async () => {
    c2gate = await enrol(city().h, 'cp-c2a-1');
    const [entry] = sealedChain(c2gate, [KEY_PERSON]);
    if (!entry) throw new Error('no entry');
    // Stored as the push stores it, without the step after.
    expect(await city().h.storage.insertEntries([entry], city().clock.at.toISOString())).toEqual(['stored']);
    const hq = await city().session('hq-d1');
    expect((await alerts(hq, '?area=a-c2'))).toEqual([]);
    expect((await push(city().h, c2gate, [entry])).body.results[0]?.status).toBe('duplicate');
    expect((await alerts(hq, '?area=a-c2')).map((a) => [a.kind, a.checkpointId])).toEqual([['key-person', 'cp-c2a-1']]);
  });

  it('lists the newest first, open or acknowledged, within the subtree asked for and the caller’s own', async () => {
    const hq = await city().session('hq-d1');
    city().advance(MINUTE);
    const [later] = sealedChain(c2gate, [FEVER_STOP], await lastEntry(c2gate));
    expect((await push(city().h, c2gate, [later])).body.results[0]?.status).toBe('stored');
    const all = await alerts(hq);
    expect(all[0]).toMatchObject({ kind: 'stop', checkpointId: 'cp-c2a-1' });
    expect(all.map((a) => a.receivedAt)).toEqual([...all.map((a) => a.receivedAt)].sort().reverse());
    expect(await alerts(hq, '?limit=2')).toHaveLength(2);
    expect((await city().as(hq, 'GET', '/api/v1/console/alerts?limit=501')).statusCode).toBe(400);
    expect((await alerts(hq, '?area=a-c1')).every((a) => a.checkpointId === 'cp-c1a-1')).toBe(true);
    // A lead of one place sees its place's; a lead of community 2 only community 2's; the sibling district nothing of these.
    expect((await alerts(await city().session('lead-p'))).every((a) => a.placeId === 'p-c1a')).toBe(true);
    expect((await alerts(await city().session('lead-c2'))).map((a) => a.checkpointId)).toEqual(['cp-c2a-1', 'cp-c2a-1']);
    expect(await alerts(await city().session('hq-d2'))).toEqual([]);
  });

  it('acknowledges for hq (audited; a second acknowledgement keeps the first), and refuses a lead, a tracer and a missing CSRF token', async () => {
    const hq = await city().session('hq-d1');
    const [alert] = await alerts(hq, '?area=a-c1&open=true');
    if (!alert) throw new Error('no alert');
    for (const name of ['lead-p', 'tracer-d1']) {
      await city().expectRefused(await city().session(name), 'POST', `/api/v1/console/alerts/${alert.id}/ack`, 'forbidden-role', alert.id);
    }
    expect((await city().as(hq, 'POST', `/api/v1/console/alerts/${alert.id}/ack`, null)).json()).toMatchObject({ error: 'csrf-invalid' });

    const res = await city().as(hq, 'POST', `/api/v1/console/alerts/${alert.id}/ack`);
    expect(res.statusCode, res.body).toBe(200);
    const acked = res.json<Alert>();
    expect(acked).toMatchObject({ id: alert.id, acknowledgedBy: 'hq-d1', acknowledgedAt: expect.stringMatching(/^2026-/) });
    expect(await city().lastAudit('console.alert-ack')).toMatchObject({
      actor: `user:${hq.userId}`, areaPath: C1_PATH, target: alert.id, detail: { kind: alert.kind, checkpointId: 'cp-c1a-1', first: true },
    });
    const admin = await city().session('admin');
    const again = await city().as(admin, 'POST', `/api/v1/console/alerts/${alert.id}/ack`);
    expect(again.statusCode).toBe(200);
    expect(again.json<Alert>()).toMatchObject({ acknowledgedBy: 'hq-d1', acknowledgedAt: acked.acknowledgedAt });
    expect(await city().lastAudit('console.alert-ack')).toMatchObject({ actor: `user:${admin.userId}`, detail: { first: false } });
    expect((await alerts(hq, '?open=true')).some((a) => a.id === alert.id)).toBe(false);
    expect((await alerts(hq, '?open=false')).map((a) => a.id)).toEqual([alert.id]);
  });

  it('streams a new alert live to the consoles whose subtree holds it, and not to the sibling district', async () => {
    const app = city().h.app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const none = await fetch(`${base}/api/v1/console/alerts/stream`);
    expect(none.status).toBe(401);

    const d1 = await openStream(base, await city().session('hq-d1'));
    expect(d1.res.status).toBe(200);
    expect(d1.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(d1.res.headers.get('cache-control')).toBe('no-cache');
    expect(d1.res.headers.get('x-accel-buffering')).toBe('no');
    expect(d1.res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await d1.block()).toBe('retry: 5000');
    const d2 = await openStream(base, await city().session('hq-d2'));
    const c2 = await openStream(base, await city().session('hq-d1'), '?area=a-c2');
    for (const s of [d2, c2]) expect(await s.block()).toBe('retry: 5000');
    const sibling = await openStream(base, await city().session('hq-d2'), '?area=a-d1');
    expect(sibling.res.status).toBe(403);

    // A key person passes district 1's gate: its hq sees it at once; the stream of community 2 does not.
    const [hit] = sealedChain(gate, [KEY_PERSON], await lastEntry(gate));
    expect((await push(city().h, gate, [hit])).body.results[0]?.status).toBe('stored');
    const live = await d1.alert();
    expect(live).toMatchObject({ kind: 'key-person', checkpointId: 'cp-c1a-1', areaIds: C1_PATH, person: MASKED, at: hit?.at, acknowledgedAt: null });
    expect((await alerts(await city().session('hq-d1'))).find((a) => a.id === live.id)).toEqual(live);

    // Then one in district 2: the first (and only) alert its hq's stream brings is that one, so it never had district 1's.
    const far = await enrol(city().h, 'cp-c3a-1');
    expect((await push(city().h, far, sealedChain(far, [FEVER_STOP]))).body.results[0]?.status).toBe('stored');
    expect(await d2.alert()).toMatchObject({ kind: 'stop', checkpointId: 'cp-c3a-1', areaIds: ['a-city', 'a-d2', 'a-c3'] });
    // Community 2's stream got neither: its next alert is community 2's own.
    expect((await push(city().h, c2gate, sealedChain(c2gate, [FULL], await lastEntry(c2gate)))).body.results[0]?.status).toBe('stored');
    expect(await c2.alert()).toMatchObject({ kind: 'capacity', checkpointId: 'cp-c2a-1' });
    expect(await d1.alert()).toMatchObject({ kind: 'capacity', checkpointId: 'cp-c2a-1' });
    d1.close();
    c2.close();
    // d2 stays open: closing the app must end it (the server would otherwise wait for it for ever).
  });

  /** The tablet's last entry as stored, to chain the next one after. */
  async function lastEntry(tablet: Tablet): Promise<Entry | null> {
    let last: StoredEntry | null = null;
    for await (const e of city().h.storage.exportEntries({ checkpointId: tablet.checkpointId })) if (e.deviceId === tablet.deviceId) last = e;
    if (!last) return null;
    const { receivedAt: _received, ...entry } = last;
    return entry;
  }
});
