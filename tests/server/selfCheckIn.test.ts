/**
 * Issue #20, self check-in at a place's poster (扫码登记), on each database: a passage logged once whatever the retries,
 * counted in the place's inside figure, the server-side chain intact under concurrent passages, the hourly bound per phone,
 * the per-IP limit, an invalid ID number, nothing of another person read back, a withdrawn poster, the console's switch
 * refused to a sibling, the passages in a trace, and `kadian posters` with one QR per place.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/chain.ts';
import type { PlaceCounts } from '../../src/core/consolePlaces.ts';
import { SELF_PASSAGES_PER_HOUR, type PosterInfo, type SelfPassageReceipt } from '../../src/core/selfCheckInWire.ts';
import type { PersonTrail } from '../../src/core/traceWire.ts';
import type { ApiError } from '../../src/core/wire.ts';
import type { StoredEntry } from '../../src/server/storage/storage.ts';
import { onEachCity } from './cityFixture.ts';
import { onEachConsoleCity, type Signed } from './consoleFixture.ts';
import { harness, PUBLIC_URL, type Harness } from './helpers.ts';
import { resident } from './issuerFixture.ts';
import { asPhone, registered } from './residentFixture.ts';

const PLACE = 'p-c1a';
const SELF_CHECKPOINT = `self-${PLACE}`;

onEachConsoleCity('self check-in', (city) => {
  const app = () => city().h.app;
  const nowIso = () => city().clock.at.toISOString();
  const form = (n: number, more: object = {}) => ({ clientId: randomUUID(), direction: 'in', at: nowIso(), id: resident(n).id, name: resident(n).name, phone: '13800138000', ...more });
  const pass = (body: object, place = PLACE) => app().inject({ method: 'POST', url: `/api/v1/places/${place}/passages`, payload: body });
  const selfEntries = async (checkpointId = SELF_CHECKPOINT): Promise<StoredEntry[]> => {
    const all: StoredEntry[] = [];
    for await (const e of city().h.storage.exportEntries({ checkpointId })) all.push(e);
    return all;
  };
  const inside = async (who: Signed, place = PLACE): Promise<number | undefined> =>
    (await city().get<PlaceCounts>(who, '/api/v1/console/places/counts')).places.find((c) => c.placeId === place)?.inside;
  // Signed in afresh where needed: a test moves the clock past the session's idle timeout.
  let hq: Signed;
  beforeEach(async () => { hq = await city().session('hq-d1'); });

  it("answers a poster's place by name, and 404 poster-unknown for no such place", async () => {
    const res = await app().inject({ url: `/api/v1/places/${PLACE}/poster-info` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<PosterInfo>()).toEqual({ placeId: PLACE, placeName: PLACE, open: true });
    const unknown = await app().inject({ url: '/api/v1/places/p-nowhere/poster-info' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<ApiError>().error).toBe('poster-unknown');
  });

  it('stores a passage once when the phone retries it with the same clientId, and answers the same receipt', async () => {
    const body = form(1);
    const first = await pass(body);
    expect(first.statusCode, first.body).toBe(200);
    const receipt = first.json<SelfPassageReceipt>();
    // Only what the phone sent, the place's name and the result: never the person's colour or anything of anyone else.
    expect(receipt).toEqual({
      clientId: body.clientId, placeId: PLACE, placeName: PLACE, direction: 'in', at: body.at, receivedAt: expect.any(String), outcome: 'recorded', reasons: [],
    });
    for (let i = 0; i < 3; i++) {
      const again = await pass(body);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json<SelfPassageReceipt>()).toEqual(receipt);
    }
    const entries = (await selfEntries()).filter((e) => e.personId === resident(1).id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source: 'self', direction: 'in', name: resident(1).name, verdict: 'pass', deviceId: SELF_CHECKPOINT, seq: 1, at: body.at });
    // The place's own device is not a tablet: the console's tablet count and last-seen leave it out.
    expect((await city().h.storage.tabletFreshness([SELF_CHECKPOINT])).has(SELF_CHECKPOINT)).toBe(false);
    // The same id from another phone (another ID number) is not its receipt.
    const stolen = await pass({ ...form(2), clientId: body.clientId });
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json<ApiError>().error).toBe('self-passage-conflict');
  });

  it("counts an entry and an exit in the place's inside figure, with the gates' own", async () => {
    const before = (await inside(hq)) ?? 0;
    expect((await pass(form(3))).statusCode).toBe(200);
    expect(await inside(hq)).toBe(before + 1);
    expect((await pass(form(3, { direction: 'out' }))).statusCode).toBe(200);
    expect(await inside(hq)).toBe(before);
  });

  it('stores one passage when one clientId reaches two places at once, and answers the other 409 self-passage-conflict', async () => {
    const body = form(8);
    const answers = await Promise.all([pass(body, PLACE), pass(body, 'p-c1b')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json<ApiError>().error).toBe('self-passage-conflict');
    const stored = [...await selfEntries(), ...await selfEntries('self-p-c1b')].filter((e) => e.personId === resident(8).id);
    expect(stored).toHaveLength(1);
  });

  it('keeps the server-side chain whole under concurrent passages from many phones', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => form(20 + i, { direction: i % 2 === 0 ? 'in' : 'out' }));
    const answers = await Promise.all([...bodies, ...bodies.slice(0, 4)].map((b) => pass(b)));
    for (const res of answers) expect(res.statusCode, res.body).toBe(200);
    const entries = (await selfEntries()).sort((a, b) => a.seq - b.seq);
    expect(verifyChain(entries)).toEqual([]);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    for (const b of bodies) expect(entries.filter((e) => e.personId === b.id)).toHaveLength(1);
  });

  it(`bounds a phone to ${SELF_PASSAGES_PER_HOUR} passages an hour (a stored count), and lets it go on the next hour`, async () => {
    const who = resident(40);
    const { credential } = await registered(app(), who, null, { areaId: 'a-c1' });
    const mine = (more: object = {}) => asPhone(app(), credential, 'POST', `/api/v1/places/${PLACE}/passages`, { clientId: randomUUID(), direction: 'in', at: nowIso(), id: who.id, ...more });
    for (let i = 0; i < SELF_PASSAGES_PER_HOUR; i++) expect((await mine({ direction: i % 2 === 0 ? 'in' : 'out' })).statusCode).toBe(200);
    const over = await mine();
    expect(over.statusCode).toBe(429);
    expect(over.json<ApiError>()).toMatchObject({ error: 'self-passages-hourly', messageZh: expect.stringContaining('一小时内') });
    // The same person on the short form is the same ID number's bound.
    expect((await pass({ ...form(40) })).statusCode).toBe(200);
    city().advance(3_600_000);
    expect((await mine({ direction: 'out' })).statusCode).toBe(200);
  });

  it('refuses an invalid ID number with the named error the resident routes use, a half-filled form, and a person not on the calling phone', async () => {
    const bad = await pass(form(50, { id: `${resident(50).id.slice(0, 17)}${resident(50).id.endsWith('0') ? '1' : '0'}` }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiError>().error).toBe('id-check');
    const noPhone = await pass({ clientId: randomUUID(), direction: 'in', at: nowIso(), id: resident(51).id, name: resident(51).name });
    expect(noPhone.json<ApiError>().error).toBe('self-passage-form');
    const { credential } = await registered(app(), resident(52));
    const other = await asPhone(app(), credential, 'POST', `/api/v1/places/${PLACE}/passages`, { clientId: randomUUID(), direction: 'in', at: nowIso(), id: resident(1).id });
    expect(other.statusCode).toBe(404);
    expect(other.json<ApiError>().error).toBe('resident-unknown');
    const late = await pass(form(53, { at: '2031-01-01T00:00:00.000Z' }));
    expect(late.json<ApiError>().error).toBe('self-passage-time');
  });

  it("tells the short form only about the place: a full place, never the person's own colour or list", async () => {
    const c2 = 'p-c2a';
    expect((await city().h.storage.editPlace(c2, { capacity: 1 })).ok).toBe(true);
    expect((await pass(form(60), c2)).json<SelfPassageReceipt>()).toMatchObject({ outcome: 'recorded', reasons: [] });
    const full = (await pass(form(61), c2)).json<SelfPassageReceipt>();
    expect(full).toMatchObject({ outcome: 'see-staff', reasons: ['capacity-full'] });
    // Recorded for the console all the same, as a check with its reason (and not counted inside).
    const entry = (await selfEntries(`self-${c2}`)).find((e) => e.personId === resident(61).id);
    expect(entry).toMatchObject({ verdict: 'check', reasons: expect.arrayContaining(['capacity-full']) });
    expect(await inside(hq, c2)).toBe(1);

    // A red person (fever at the check-in): their own phone is told to see the staff; the short form with their ID number is not told why.
    const red = resident(62);
    const { credential } = await registered(app(), red, null, { areaId: 'a-c1' });
    expect((await asPhone(app(), credential, 'POST', '/api/v1/checkins', { id: red.id, temperature: 38.6, isolated: false, symptoms: true })).statusCode).toBe(200);
    const own = await asPhone(app(), credential, 'POST', `/api/v1/places/${PLACE}/passages`, { clientId: randomUUID(), direction: 'in', at: nowIso(), id: red.id });
    expect(own.json<SelfPassageReceipt>()).toMatchObject({ outcome: 'see-staff', reasons: expect.arrayContaining(['colour-red']) });
    const typed = await pass(form(62, { direction: 'out' }));
    expect(typed.json<SelfPassageReceipt>()).toMatchObject({ outcome: 'recorded', reasons: [] });
    expect(typed.body).not.toContain('red');
    const logged = (await selfEntries()).filter((e) => e.personId === red.id);
    expect(logged.map((e) => [e.verdict, e.colour])).toEqual([['check', 'red'], ['check', 'red']]);
  });

  it('withdraws a poster from the console (the place\'s lead), after which both routes answer 410 place-withdrawn, and restores it', async () => {
    const lead = await city().session('lead-p');
    const off = await city().as(lead, 'POST', `/api/v1/console/places/${PLACE}/poster`, undefined, { withdrawn: true });
    expect(off.statusCode, off.body).toBe(200);
    expect(await city().lastAudit('console.poster-withdraw')).toMatchObject({ actor: `user:${lead.userId}`, target: PLACE });
    expect((await city().get<{ withdrawn: string[] }>(hq, '/api/v1/console/places/posters')).withdrawn).toEqual([PLACE]);
    for (const res of [await app().inject({ url: `/api/v1/places/${PLACE}/poster-info` }), await pass(form(70))]) {
      expect(res.statusCode).toBe(410);
      expect(res.json<ApiError>()).toMatchObject({ error: 'place-withdrawn', message: expect.stringContaining('withdrawn'), messageZh: expect.stringContaining('已停用') });
    }
    const on = await city().as(lead, 'POST', `/api/v1/console/places/${PLACE}/poster`, undefined, { withdrawn: false });
    expect(on.statusCode).toBe(200);
    expect((await pass(form(70))).statusCode).toBe(200);
  });

  it("refuses the switch to a sibling area's users and to a tracer, audited", async () => {
    for (const name of ['hq-d2', 'lead-c2']) {
      const sibling = await city().session(name);
      const res = await city().as(sibling, 'POST', `/api/v1/console/places/${PLACE}/poster`, undefined, { withdrawn: true });
      expect(res.statusCode, name).toBe(403);
      expect(res.json<ApiError>().error).toBe('forbidden-area');
      expect(await city().lastAudit('console.refused')).toMatchObject({ actor: `user:${sibling.userId}`, target: PLACE, detail: { reason: 'forbidden-area' } });
    }
    const tracer = await city().session('tracer-d1');
    expect((await city().as(tracer, 'POST', `/api/v1/console/places/${PLACE}/poster`, undefined, { withdrawn: true })).json<ApiError>().error).toBe('forbidden-role');
    expect((await app().inject({ url: `/api/v1/places/${PLACE}/poster-info` })).statusCode).toBe(200);
  });

  it("shows the passages in a trace of that person, at the place's self check-in gate", async () => {
    const tracer = await city().session('tracer-d1');
    const day = nowIso().slice(0, 10);
    const res = await city().as(tracer, 'POST', '/api/v1/console/trace/person', undefined, { personId: resident(3).id, since: day, until: day, reason: '案件 2026-20' });
    expect(res.statusCode, res.body).toBe(200);
    const trail = res.json<PersonTrail>();
    expect(trail.passages.map((p) => [p.placeId, p.checkpointId, p.direction])).toEqual([[PLACE, SELF_CHECKPOINT, 'in'], [PLACE, SELF_CHECKPOINT, 'out']]);
    expect(trail.passages[0]?.checkpointName).toBe('扫码自助登记');
  });

});

onEachCity('kadian posters', (city) => {
  it('prints one poster with a QR of its page per place of an area, withdraws one, restores it, each audited', async () => {
    await city().storage.applyCityChanges({
      newAreas: [{ id: 'a-x', parentId: null, level: 'city', name: '三门峡市', code: null }, { id: 'a-y', parentId: 'a-x', level: 'community', name: '东风社区', code: null }],
      renamedAreas: [], changedPlaces: [], renamedCheckpoints: [],
      newPlaces: ['p-shop', 'p-market', 'p-clinic'].map((id) => ({ id, areaId: 'a-y', name: `场所 ${id}`, kind: 'other' as const, capacity: null, code: null })),
      newCheckpoints: [{ id: 'cp-shop', placeId: 'p-shop', name: '正门', code: null, capacity: null }],
    });
    const run = await city().kadian('posters', '--area', 'a-x');
    expect(run.code, run.stderr).toBe(0);
    const places = [...run.stdout.matchAll(/<section class="poster" data-place="([^"]+)">/g)].map((m) => m[1]).sort();
    expect(places).toEqual(['p-clinic', 'p-market', 'p-shop']);
    expect(run.stdout.match(/<svg/g) ?? []).toHaveLength(3);
    for (const place of places) expect(run.stdout).toContain(`${PUBLIC_URL}/p/${place ?? ''}</p>`);
    expect(run.stdout).toContain('场所 p-market');
    expect(run.stdout).toContain('扫码登记');
    const audit = async (action: string) => (await city().storage.listAudit({ limit: 100 })).find((r) => r.action === action);
    expect(await audit('posters.print')).toMatchObject({ actor: 'cli', areaPath: ['a-x'], target: 'a-x', detail: { places: 3 } });

    const h = await city().app();
    expect((await h.app.inject({ url: '/api/v1/places/p-market/poster-info' })).statusCode).toBe(200);
    const off = await city().kadian('posters', 'withdraw', '--place', 'p-market');
    expect(off.code, off.stderr).toBe(0);
    expect(await audit('posters.withdraw')).toMatchObject({ actor: 'cli', areaPath: ['a-x', 'a-y'], target: 'p-market' });
    const gone = await h.app.inject({ url: '/api/v1/places/p-market/poster-info' });
    expect(gone.statusCode).toBe(410);
    expect(gone.json<ApiError>().error).toBe('place-withdrawn');
    expect((await city().kadian('posters', 'restore', '--place', 'p-market')).code).toBe(0);
    expect((await h.app.inject({ url: '/api/v1/places/p-market/poster-info' })).statusCode).toBe(200);
    expect((await city().kadian('posters', 'withdraw', '--place', 'p-nowhere')).code).not.toBe(0);
  });
});

describe('the per-IP limit of the poster routes', () => {
  let h: Harness;
  beforeAll(async () => { h = await harness({ rateLimits: { enrolPerMinute: 0, residentPerMinute: 0, selfCheckInPerMinute: 2 } }); });
  afterAll(() => h.close());

  it('answers 429 rate-limited past RATE_LIMIT_SELF_CHECK_IN a minute from one address', async () => {
    const url = '/api/v1/places/demo-community/poster-info';
    for (let i = 0; i < 2; i++) expect((await h.app.inject({ url })).statusCode).toBe(200);
    const limited = await h.app.inject({ url });
    expect(limited.statusCode).toBe(429);
    expect(limited.json<ApiError>().error).toBe('rate-limited');
  });
});
