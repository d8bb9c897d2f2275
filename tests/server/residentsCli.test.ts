/** `kadian residents list` and `kadian residents rebind` (issue #18), run as a process against each database: the list masked, the code working once, the command audited without the ID number or the name. */
import { beforeAll, expect, it } from 'vitest';
import type { ApiError } from '../../src/core/wire.ts';
import type { Household, ResidentList } from '../../src/core/residentWire.ts';
import { onEachCity } from './cityFixture.ts';
import { resident } from './issuerFixture.ts';
import { asPhone, registered } from './residentFixture.ts';

onEachCity('kadian residents', (city) => {
  const who = resident(201);
  beforeAll(async () => {
    await city().storage.applyCityChanges({
      newAreas: [
        { id: 'a-city', parentId: null, level: 'city', name: '三门峡市', code: null },
        { id: 'a-c1', parentId: 'a-city', level: 'community', name: '东风社区', code: null },
      ],
      renamedAreas: [], newPlaces: [], changedPlaces: [], newCheckpoints: [], renamedCheckpoints: [],
    });
  });

  it('lists the registered residents, ID numbers masked, with their requests; an unknown area is a usage error', async () => {
    const h = await city().app();
    const { credential } = await registered(h.app, who, null, { areaId: 'a-c1' });
    expect((await asPhone(h.app, credential, 'POST', '/api/v1/residents/requests', { id: who.id, kind: 'medical', text: '需要就医' })).statusCode).toBe(200);
    const run = await city().kadian('residents', 'list', '--area', 'a-c1', '--json');
    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as ResidentList;
    expect(listed.rows).toMatchObject([{ name: who.name, personId: `${who.id.slice(0, 6)}********${who.id.slice(-4)}`, openRequests: 1, areaNames: ['三门峡市', '东风社区'] }]);
    expect(listed.requests).toMatchObject([{ kind: 'medical', status: 'open', name: who.name }]);
    expect(run.stdout).not.toContain(who.id);
    const table = await city().kadian('residents', 'list');
    expect(table.stdout).toContain(who.name);
    expect((await city().kadian('residents', 'list', '--area', 'a-nowhere')).code).toBe(2);
  });

  it('makes a one-time re-binding code, audited as the operator without the ID number or the name, that moves the person to a new phone', async () => {
    const run = await city().kadian('residents', 'rebind', who.id, '--name', '张真名', '--reason', '持身份证到指挥部核验');
    expect(run.code, run.stderr).toBe(0);
    const code = run.stdout.trim();
    expect(code).toMatch(/^\d{8}$/);
    const [line] = (await city().storage.listAudit({ limit: 5 })).filter((r) => r.action === 'cli.residents.rebind');
    expect(line).toMatchObject({ actor: 'cli', areaPath: ['a-city', 'a-c1'], detail: { reason: '持身份证到指挥部核验', exitCode: 0 } });
    expect(JSON.stringify(line)).not.toContain(who.id);
    expect(JSON.stringify(line)).not.toContain('张真名');
    expect(JSON.stringify(line)).not.toContain(code);

    const h = await city().app();
    const moved = await asPhone(h.app, null, 'POST', '/api/v1/residents/register', { id: who.id, name: who.name, relation: 'self', rebindCode: code });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Household>().persons).toMatchObject([{ id: who.id, name: '张真名', areaId: 'a-c1' }]);
    const again = await asPhone(h.app, null, 'POST', '/api/v1/residents/register', { id: who.id, name: who.name, relation: 'self', rebindCode: code });
    expect(again.json<ApiError>().error).toBe('rebind-code-invalid');
    expect((await city().kadian('residents', 'rebind', '110105198001010000', '--name', 'x', '--reason', 'y')).code).toBe(2);
  });
});
