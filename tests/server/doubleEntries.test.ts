/** Issue #17: offline double entries flagged as the second copy arrives, once per pair, never dropping an entry; listed by the console and `kadian anomalies`; on each database. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Anomalies, DoubleEntryWire } from '../../src/core/anomalyWire.ts';
import type { Entry } from '../../src/core/entry.ts';
import { checkCharacter } from '../../src/core/idNumber.ts';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import { DATABASE_FILE } from '../../src/server/settings.ts';
import { kadianIn } from './cliRunner.ts';
import { onEachConsoleCity, type Signed } from './consoleFixture.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import { enrol, push, type Tablet } from './helpers.ts';

const idOf = (n: number): string => {
  const first17 = `11010519900101${String(n).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const masked = (id: string): string => `${id.slice(0, 6)}********${id.slice(-4)}`;
/** Local times (Asia/Shanghai, the default TIME_ZONE) as the instant with the tablet's offset, as tablets write them. */
const at = (local: string): string => `${local.replace(' ', 'T')}:00.000+08:00`;

/** A tablet and the last entry of its chain, so each batch goes on from the one before. */
interface Gate { tablet: Tablet; last: Entry | null }
type Pass = [person: number, direction: 'in' | 'out', local: string, more?: Partial<Entry>];

function next(gate: Gate, passes: readonly Pass[]): Entry[] {
  const made = sealedChain(gate.tablet, passes.map(([n, direction, local, more]) => ({ personId: idOf(n), name: `人${n}`, direction, at: at(local), ...more })), gate.last);
  gate.last = made.at(-1) ?? gate.last;
  return made;
}

onEachConsoleCity('offline double entries', (city) => {
  const gates: Record<'a' | 'b' | 'other' | 'far', Gate> = {} as Record<'a' | 'b' | 'other' | 'far', Gate>;
  let admin: Signed;
  const send = async (gate: Gate, entries: Entry[], status: 'stored' | 'duplicate' = 'stored'): Promise<void> => {
    const { body } = await push(city().h, gate.tablet, entries);
    expect(body.results.map((r) => r.status)).toEqual(entries.map(() => status));
  };
  const listed = async (query = ''): Promise<DoubleEntryWire[]> => (await city().get<Anomalies>(admin, `/api/v1/console/anomalies${query}`)).doubleEntries;
  /** Person number → the pairs listed for them, as [first gate#seq, second gate#seq]. */
  const pairsOf = async (n: number): Promise<string[][]> => (await listed()).filter((d) => d.person === `人${n} ${masked(idOf(n))}`)
    .map((d) => [`${d.first.checkpointId}#${d.first.seq}`, `${d.second.checkpointId}#${d.second.seq}`]);

  it('flags one person entering at two gates of one place, once, and once only when both batches come again', async () => {
    const { h } = city();
    gates.a = { tablet: await enrol(h, 'cp-c1a-1'), last: null };
    gates.b = { tablet: await enrol(h, 'cp-c1a-2'), last: null };
    gates.other = { tablet: await enrol(h, 'cp-c1b-1'), last: null };
    gates.far = { tablet: await enrol(h, 'cp-c3a-1'), last: null };
    admin = await city().session('admin');
    const atA = next(gates.a, [[1, 'in', '2026-11-29 09:00']]);
    const atB = next(gates.b, [[1, 'in', '2026-11-29 09:30']]);
    await send(gates.a, atA);
    expect(await listed()).toEqual([]);
    await send(gates.b, atB);
    const [flag, ...more] = await listed();
    expect(more).toEqual([]);
    expect(flag).toMatchObject({
      kind: 'double-entry', placeId: 'p-c1a', placeName: 'p-c1a', areaIds: ['a-city', 'a-d1', 'a-s1', 'a-c1'], areaNames: ['三门峡市', '湖滨区', '湖滨街道', '东风社区'],
      person: `人1 ${masked(idOf(1))}`, minutesApart: 30,
      first: { checkpointId: 'cp-c1a-1', checkpointName: 'cp-c1a-1', deviceId: gates.a.tablet.deviceId, seq: 1, at: at('2026-11-29 09:00'), local: '2026-11-29 09:00:00' },
      second: { checkpointId: 'cp-c1a-2', deviceId: gates.b.tablet.deviceId, seq: 1, at: at('2026-11-29 09:30'), local: '2026-11-29 09:30:00' },
    });
    expect(JSON.stringify(flag)).not.toContain(idOf(1));
    // Both tablets retry (their answer was lost): nothing new, and both entries are still in the log as sent.
    await send(gates.a, atA, 'duplicate');
    await send(gates.b, atB, 'duplicate');
    expect((await listed()).map((d) => d.id)).toEqual([flag?.id]);
    expect(await h.storage.countEntries('cp-c1a-1') + await h.storage.countEntries('cp-c1a-2')).toBe(2);
  });

  it('flags an entry that arrives after the later one (batches arrive in any order), and the same gate twice in one batch', async () => {
    await send(gates.b, next(gates.b, [[2, 'in', '2026-11-29 11:00']]));
    await send(gates.a, next(gates.a, [[2, 'in', '2026-11-29 10:00'], [3, 'in', '2026-11-29 15:00'], [3, 'in', '2026-11-29 15:05']]));
    expect(await pairsOf(2)).toEqual([['cp-c1a-1#2', 'cp-c1a-2#2']]);
    expect(await pairsOf(3)).toEqual([['cp-c1a-1#3', 'cp-c1a-1#4']]);
  });

  it('flags nothing with an exit between, and a flag stops being listed when the exit between arrives late', async () => {
    await send(gates.b, next(gates.b, [[4, 'out', '2026-11-29 13:10']]));
    await send(gates.a, next(gates.a, [[4, 'in', '2026-11-29 13:00'], [4, 'in', '2026-11-29 13:20'], [5, 'in', '2026-11-29 12:00'], [5, 'in', '2026-11-29 12:20']]));
    expect(await pairsOf(4)).toEqual([]);
    expect(await pairsOf(5)).toEqual([['cp-c1a-1#7', 'cp-c1a-1#8']]);
    // Gate B was offline longer: person 5's exit there comes after both entries.
    await send(gates.b, next(gates.b, [[5, 'out', '2026-11-29 12:10']]));
    expect(await pairsOf(5)).toEqual([]);
  });

  it('flags nothing at two places, 12 hours apart or more, or when the second was stopped', async () => {
    await send(gates.other, next(gates.other, [[6, 'in', '2026-11-29 14:10']]));
    await send(gates.a, next(gates.a, [
      [6, 'in', '2026-11-29 14:00'], [7, 'in', '2026-11-28 06:00'], [8, 'in', '2026-11-28 06:00'], [9, 'in', '2026-11-29 16:00'],
    ]));
    await send(gates.b, next(gates.b, [
      [7, 'in', '2026-11-28 18:00'], [8, 'in', '2026-11-28 19:00'], [9, 'in', '2026-11-29 16:05', { verdict: 'stop', reasons: ['fever'], temperature: 38.6 }],
    ]));
    for (const n of [6, 7, 8, 9]) expect(await pairsOf(n), `person ${n}`).toEqual([]);
  });

  it('flags no repeat visits at a place none of whose gates logs exits', async () => {
    const { h } = city();
    const after = { ...DEFAULT_POLICY, directions: 'in' as const };
    await h.storage.changePolicy({ checkpointId: 'cp-c1b-1', deviceId: null, deviceLabel: null, changedAt: '2026-11-01T00:00:00.000Z', receivedAt: '2026-11-01T00:00:00.000Z', after });
    await send(gates.other, next(gates.other, [[10, 'in', '2026-11-29 17:00'], [10, 'in', '2026-11-29 17:30']]));
    expect(await pairsOf(10)).toEqual([]);
  });

  it('lists them to those who may read the log of the subtree, newest first, and refuses the sibling district', async () => {
    await send(gates.far, next(gates.far, [[11, 'in', '2026-11-29 18:00'], [11, 'in', '2026-11-29 18:30']]));
    expect((await listed()).map((d) => d.person?.slice(0, 3).trim())).toEqual(['人11', '人3', '人2', '人1']);
    const d1 = ['人3', '人2', '人1'];
    const persons = async (who: Signed, query = ''): Promise<string[]> =>
      (await city().get<Anomalies>(who, `/api/v1/console/anomalies${query}`)).doubleEntries.map((d) => d.person?.slice(0, 3).trim() ?? '');
    for (const name of ['hq-d1', 'tracer-d1', 'lead-p']) expect(await persons(await city().session(name)), name).toEqual(d1);
    const hq = await city().session('hq-d1');
    expect(await persons(hq, '?place=p-c1a')).toEqual(d1);
    expect(await persons(hq, '?area=a-c2')).toEqual([]);
    expect(await persons(await city().session('lead-c2'))).toEqual([]);
    expect(await persons(hq, '?since=2026-11-29T10:30:00%2B08:00')).toEqual(['人3', '人2']);
    expect(await persons(hq, '?since=2026-11-30')).toEqual([]);
    expect(await persons(admin, '?limit=2')).toEqual(['人11', '人3']);
    expect((await city().get<Anomalies>(admin, '/api/v1/console/anomalies?limit=2')).truncated).toBe(true);
    expect((await city().as(hq, 'GET', '/api/v1/console/anomalies?since=yesterday')).statusCode).toBe(400);
    expect((await city().as(hq, 'GET', '/api/v1/console/anomalies?since=2026-11-29T10:30')).statusCode).toBe(400);
    const sibling = await city().session('hq-d2');
    expect(await persons(sibling)).toEqual(['人11']);
    for (const query of ['?area=a-d1', '?area=a-c1', '?place=p-c1a', '?area=a-city']) {
      await city().expectRefused(sibling, 'GET', `/api/v1/console/anomalies${query}`, 'forbidden-area', query.split('=')[1]);
    }
  });

  it('counts them per tablet, each pair once, the ones that still hold', async () => {
    const devices = await city().h.storage.listDevices();
    const count = (gate: Gate) => devices.find((d) => d.id === gate.tablet.deviceId)?.doubleEntries;
    // a: persons 1, 2 and 3 (both of 3's entries: once); b: 1 and 2 (5's flag no longer holds); the far gate: 11.
    expect([count(gates.a), count(gates.b), count(gates.other), count(gates.far)]).toEqual([3, 2, 0, 1]);
  });

  it('lists them with `kadian anomalies` (the person masked) and points `kadian devices` to it', async ({ skip }) => {
    const { h } = city();
    if (!existsSync(join(h.dataDir, DATABASE_FILE))) skip('the CLI reads DATA_DIR: SQLite only');
    // Side by side: each is a process of its own, seconds on a loaded machine.
    const [json, table, refused, devices] = await Promise.all([
      kadianIn(h.dataDir, 'anomalies', '--json'), kadianIn(h.dataDir, 'anomalies', '--area', 'a-c1', '--since', '2026-11-29'),
      kadianIn(h.dataDir, 'anomalies', '--since', 'soon'), kadianIn(h.dataDir, 'devices'),
    ]);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as Anomalies).doubleEntries.map((d) => d.id)).toEqual((await listed()).map((d) => d.id));
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(`人1 ${masked(idOf(1))}`);
    expect(table.stdout).toContain('2026-11-29 09:00 cp-c1a-1');
    expect(table.stdout).not.toContain(idOf(1));
    expect(table.stdout).not.toContain('人11');
    expect(table.stderr).toContain('3 条重复进入');
    expect(refused.code).toBe(2);
    expect(devices.stdout).toContain('重复进入 double entries (3)');
    expect(devices.stderr).toContain('kadian anomalies');
    // Four processes that each load the server's code: a ceiling for a loaded machine, not a wait.
  }, 90_000);

  it('deletes them with their first entry when the server\'s retention deletes the log', async () => {
    const { h } = city();
    const run = await h.storage.applyRetention(new Date('2027-01-10T00:00:00.000Z'), 'Asia/Shanghai');
    expect(run.doubleEntries).toBe(5);
    expect(await listed()).toEqual([]);
  });
});
