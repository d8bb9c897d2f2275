/** Issue #15: the console's tablets by area, place or checkpoint (missing seqs, silence), and an hq's revoke, relabel and enrolment code; on each database. */
import { expect, it } from 'vitest';
import type { ConsoleDevice, Devices, Enrolment } from '../../src/core/consoleOps.ts';
import type { EnrolResponse } from '../../src/core/wire.ts';
import { onEachConsoleCity, MINUTE, type Signed } from './consoleFixture.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import { enrol, push, PUBLIC_URL, type Tablet } from './helpers.ts';

onEachConsoleCity('console tablets', (city) => {
  const devices = (who: Signed, query = ''): Promise<Devices> => city().get<Devices>(who, `/api/v1/console/devices${query}`);
  const ids = (list: Devices) => list.devices.map((d) => d.id).sort();
  let c1: Tablet, c2: Tablet, d2: Tablet;

  it('lists the tablets under an area, a place or a checkpoint, with what is missing, and marks the silent ones', async () => {
    c1 = await enrol(city().h, 'cp-c1a-1');
    c2 = await enrol(city().h, 'cp-c2a-1');
    d2 = await enrol(city().h, 'cp-c3a-1');
    // Seqs 1, 2 and 4: 3 never arrived.
    const entries = sealedChain(c1, [{}, {}, {}, {}]);
    expect((await push(city().h, c1, [entries[0], entries[1], entries[3]], 5)).body.results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
    const hq = await city().session('hq-d1');
    const all = await devices(hq);
    expect(all.silentMinutes).toBe(30);
    expect(ids(all)).toEqual([c1.deviceId, c2.deviceId].sort());
    expect(all.devices.find((d) => d.id === c1.deviceId)).toMatchObject({
      checkpointId: 'cp-c1a-1', checkpointName: 'cp-c1a-1', placeName: 'p-c1a', areaNames: ['三门峡市', '湖滨区', '湖滨街道', '东风社区'],
      label: 'test tablet', revokedAt: null, waiting: 5, entries: 3, highestSeq: 4, missing: 1, gaps: [{ first: 3, last: 3 }], gapsTruncated: false,
      conflicts: 0, silent: false, lastSeenAt: expect.stringMatching(/^2026-11-30T/),
    });
    expect(ids(await devices(hq, '?place=p-c2a'))).toEqual([c2.deviceId]);
    expect(ids(await devices(hq, '?checkpoint=cp-c1a-1'))).toEqual([c1.deviceId]);
    expect(ids(await devices(hq, '?area=a-c2'))).toEqual([c2.deviceId]);
    expect((await city().as(hq, 'GET', '/api/v1/console/devices?area=a-c1&place=p-c1a')).statusCode).toBe(400);
    expect(ids(await devices(await city().session('lead-p')))).toEqual([c1.deviceId]);
    expect(ids(await devices(await city().session('hq-d2')))).toEqual([d2.deviceId]);
    expect(ids(await devices(await city().session('admin')))).toEqual(expect.arrayContaining([c1.deviceId, c2.deviceId, d2.deviceId]));

    // Half an hour and a minute later: the tablets that said nothing since are silent; one that syncs is not.
    city().advance(31 * MINUTE);
    expect((await push(city().h, c1, sealedChain(c1, [{}], entries[3]))).status).toBe(200);
    // (The session idled out meanwhile: the console signs in again.)
    const later = await devices(await city().session('hq-d1'));
    expect(later.devices.map((d) => [d.id, d.silent]).sort()).toEqual([[c1.deviceId, false], [c2.deviceId, true]].sort());
  });

  it('revokes a tablet for hq (audited, as the CLI revokes it): its next push is refused; a lead and a tracer may not', async () => {
    for (const name of ['lead-p', 'tracer-d1']) {
      await city().expectRefused(await city().session(name), 'POST', `/api/v1/console/devices/${c1.deviceId}/revoke`, 'forbidden-role');
    }
    const hq = await city().session('hq-d1');
    expect((await city().as(hq, 'POST', `/api/v1/console/devices/${c1.deviceId}/revoke`, null)).json()).toMatchObject({ error: 'csrf-invalid' });
    const res = await city().as(hq, 'POST', `/api/v1/console/devices/${c1.deviceId}/revoke`);
    expect(res.statusCode, res.body).toBe(200);
    const revoked = res.json<ConsoleDevice>();
    expect(revoked).toMatchObject({ id: c1.deviceId, revokedAt: expect.stringMatching(/^2026-11-30T/), silent: false, checkpointName: 'cp-c1a-1' });
    expect(await city().lastAudit('console.device-revoke')).toMatchObject({
      actor: `user:${hq.userId}`, areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c1'], target: c1.deviceId, detail: { checkpointId: 'cp-c1a-1', revoked: true },
    });
    const refused = await push(city().h, c1, []);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'device-revoked' });
    // Again: nothing changes, the first revocation's time stays.
    const again = await city().as(hq, 'POST', `/api/v1/console/devices/${c1.deviceId}/revoke`);
    expect(again.json<ConsoleDevice>().revokedAt).toBe(revoked.revokedAt);
    expect(await city().lastAudit('console.device-revoke')).toMatchObject({ detail: { revoked: false } });
  });

  it('relabels a tablet for hq (audited), and refuses an empty or too long label', async () => {
    const hq = await city().session('hq-d1');
    const res = await city().as(hq, 'POST', `/api/v1/console/devices/${c2.deviceId}/label`, undefined, { label: '建设社区 北门 2号' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ConsoleDevice>()).toMatchObject({ id: c2.deviceId, label: '建设社区 北门 2号' });
    expect(await city().lastAudit('console.device-label')).toMatchObject({
      actor: `user:${hq.userId}`, target: c2.deviceId, detail: { before: 'test tablet', label: '建设社区 北门 2号' },
    });
    for (const label of ['', '   ', 'x'.repeat(101)]) {
      expect((await city().as(hq, 'POST', `/api/v1/console/devices/${c2.deviceId}/label`, undefined, { label })).statusCode, label).toBe(400);
    }
    expect((await city().as(await city().session('lead-c2'), 'POST', `/api/v1/console/devices/${c2.deviceId}/label`, undefined, { label: 'x' })).statusCode).toBe(403);
    expect(ids(await devices(hq, '?checkpoint=cp-c2a-1'))).toEqual([c2.deviceId]);
  });

  it('makes an enrolment code for a checkpoint (the CLI sheet’s kind, audited without the code) that enrols a tablet there', async () => {
    const hq = await city().session('hq-d1');
    const tracer = await city().session('tracer-d1');
    expect((await city().as(tracer, 'POST', '/api/v1/console/checkpoints/cp-c1a-2/enrolment')).json()).toMatchObject({ error: 'forbidden-role' });
    const res = await city().as(hq, 'POST', '/api/v1/console/checkpoints/cp-c1a-2/enrolment');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { code, url, expiresAt } = res.json<Enrolment>();
    expect(url).toBe(`${PUBLIC_URL}/enrol?code=${encodeURIComponent(code)}`);
    expect(Date.parse(expiresAt) - city().clock.at.getTime()).toBeGreaterThan(23 * 60 * MINUTE);
    const line = await city().lastAudit('console.enrol-code');
    expect(line).toMatchObject({ actor: `user:${hq.userId}`, target: 'cp-c1a-2', areaPath: ['a-city', 'a-d1', 'a-s1', 'a-c1'], detail: { code: expect.stringMatching(/^ec-/) } });
    expect(JSON.stringify(line)).not.toContain(code);
    expect((await city().h.storage.listEnrolmentCodes(['cp-c1a-2']))[0]).toMatchObject({ createdBy: `user:${hq.userId}`, usedAt: null });

    const enrolled = await city().h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code, label: 'new gate' } });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const device = enrolled.json<EnrolResponse>();
    expect(device.config.checkpoint.id).toBe('cp-c1a-2');
    expect((await devices(hq, '?checkpoint=cp-c1a-2')).devices.map((d) => [d.id, d.label])).toEqual([[device.deviceId, 'new gate']]);
  });
});
