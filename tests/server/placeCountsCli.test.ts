/** Issue #17 at the shell: `kadian places list` with each place's gates, capacity and inside count; `places count` (a correction, only with a reason, audited); `places set --reset-time` and `--capacity` (the gates' rules too); on each database. */
import { beforeAll, expect, it } from 'vitest';
import type { CliRun } from './cliRunner.ts';
import { EXAMPLE_CSV, onEachCity, SLOW } from './cityFixture.ts';
import type { Entry } from '../../src/core/entry.ts';
import { enrol, push, type Harness, type Tablet } from './helpers.ts';
import { every, passages } from './passages.ts';

interface ListedPlace { id: string; name: string; capacity: number | null; gates: number; inside: number; since: string | null }

const refused = (run: CliRun, key: string): void => {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain(`(${key})`);
};

/** A few minutes ago, a minute apart: before the CLI's clock, whatever the hour. */
const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

onEachCity('kadian places: inside counts', (city) => {
  let h: Harness;
  let placeId: string;
  let entrance: Tablet;
  let exit: Tablet;
  let ins: Entry[];
  const listed = async (...args: string[]): Promise<ListedPlace[]> => {
    const run = await city().kadian('places', 'list', ...args, '--json');
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as ListedPlace[];
  };
  const scenic = async (): Promise<ListedPlace | undefined> => (await listed()).find((p) => p.id === placeId);

  beforeAll(async () => {
    expect((await city().kadian('areas', 'import', EXAMPLE_CSV)).code).toBe(0);
    const index = await city().storage.cityIndex();
    placeId = index.places.find((p) => p.name === '陕州地坑院')?.id ?? '';
    const gate = (name: string): string => index.checkpoints.find((c) => c.placeId === placeId && c.name === name)?.id ?? '';
    h = await city().app();
    entrance = await enrol(h, gate('游客入口'));
    exit = await enrol(h, gate('游客出口'));
    // Five in at the entrance, two out at the exit (one of them twice: the same entry re-sent).
    ins = passages(entrance, every(ago(60), 5, 'in'));
    expect((await push(h, entrance, ins)).status).toBe(200);
    const outs = passages(exit, every(ago(30), 2, 'out'));
    expect((await push(h, exit, outs)).status).toBe(200);
    expect((await push(h, exit, outs.slice(1))).body.results).toMatchObject([{ status: 'duplicate' }]);
  }, SLOW);

  it('lists each place with its gates, capacity and inside count, as JSON and as a table', async () => {
    expect(await scenic()).toMatchObject({ name: '陕州地坑院', capacity: 3000, gates: 2, inside: 3, since: null });
    const market = (await listed()).find((p) => p.name === '黄河农贸市场');
    expect(market).toMatchObject({ capacity: 800, gates: 1, inside: 0 });
    const table = await city().kadian('places', 'list');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n').find((line) => line.startsWith(placeId))).toMatch(/景区\s+3 \/ 3000\s+2\s+三门峡市 › 陕州区 › 张汴乡 › 陕州地坑院$/);
    expect(table.stderr).toContain('inside / capacity, gates');
  });

  it('corrects a count only with a reason, and audits it with the count before', async () => {
    refused(await city().kadian('places', 'count', placeId, '40'), 'place-count-reason-missing');
    refused(await city().kadian('places', 'count', placeId, '4.5', '--reason', '人工清点'), 'place-count-invalid');
    refused(await city().kadian('places', 'count', 'p-nowhere', '40', '--reason', '人工清点'), 'city-unknown');
    expect((await scenic())?.inside).toBe(3);
    const run = await city().kadian('places', 'count', placeId, '40', '--reason', '清场后人工清点');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${placeId}\t40\n`);
    expect(await scenic()).toMatchObject({ inside: 40, since: expect.any(String) as string });
    const [line] = (await city().storage.listAudit({ limit: 50 })).filter((r) => r.action === 'places.count');
    expect(line).toMatchObject({
      actor: 'cli', target: placeId, detail: { inside: 40, before: 3, reason: '清场后人工清点', exitCode: 0 },
      areaPath: expect.arrayContaining([expect.any(String)]) as string[],
    });
    // A refusal is audited too, with its exit code.
    expect((await city().storage.listAudit({ limit: 50 })).filter((r) => r.action === 'places.count' && r.detail.exitCode === 2).length).toBeGreaterThan(0);
    // The next passages go on from the correction.
    const more = passages(entrance, every(new Date(Date.now() + 1000).toISOString(), 2, 'in'), ins.at(-1));
    expect((await push(h, entrance, more)).body.results).toMatchObject([{ status: 'stored' }, { status: 'stored' }]);
    expect((await scenic())?.inside).toBe(42);
  });

  it('sets and clears the daily reset time, refusing one that is not HH:MM', async () => {
    refused(await city().kadian('places', 'set', placeId, '--reset-time', '24:00'), 'place-reset-time-invalid');
    refused(await city().kadian('places', 'set', placeId, '--reset-time', '2:00'), 'place-reset-time-invalid');
    expect((await city().kadian('places', 'set', placeId, '--reset-time', '02:00')).code).toBe(0);
    // The correction was made after today's (or yesterday's) 02:00: it stays the baseline.
    expect((await scenic())?.inside).toBe(42);
    expect((await city().kadian('places', 'set', placeId, '--reset-time', 'none')).code).toBe(0);
    expect((await city().storage.listAudit({ limit: 50 })).find((r) => r.action === 'places.set')).toMatchObject({ target: placeId, detail: { resetTime: null } });
    refused(await city().kadian('places', 'set', 'p-nowhere', '--reset-time', '02:00'), 'city-unknown');
  });

  it('gives a new capacity to the gates’ rules as the operator’s change', async () => {
    expect((await city().kadian('places', 'set', placeId, '--capacity', '1500')).code).toBe(0);
    for (const tablet of [entrance, exit]) {
      expect((await city().storage.getConfig(tablet.checkpointId))?.policy.capacity).toBe(1500);
      const change = (await city().storage.listPolicyChanges(tablet.checkpointId)).at(-1);
      expect(change).toMatchObject({ deviceId: null, before: { capacity: 3000 }, after: { capacity: 1500 } });
      expect(change).not.toHaveProperty('user');
    }
    expect(await scenic()).toMatchObject({ capacity: 1500, inside: 42 });
  });
});
