/** Issue #16: `kadian policy --server-retention-days` sets how long the server keeps the log (audited, apart from the tablets' retentionDays), and `kadian export` says when older entries are gone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_CODE_SETTINGS } from '../../src/server/settings.ts';
import { kadianIn } from './cliRunner.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import { enrol, harness, push, type Harness } from './helpers.ts';

const DAY = 24 * 60 * 60 * 1000;

// Each `kadian` is a process of its own (a few seconds on a busy machine): these tests run several.
describe('kadian policy --server-retention-days', { timeout: 90_000 }, () => {
  let h: Harness;
  const kadian = (...args: string[]) => kadianIn(h.dataDir, ...args);

  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  it('shows the server retention under the rules, 28 days until set, apart from the tablets\' retentionDays', async () => {
    const shown = await kadian('policy');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('The server keeps entries and check-ins: 28 天 / days');
    expect(shown.stdout).toContain('No entry has been deleted yet');
    expect(shown.stdout).toContain('retentionDays  平板保留已同步记录（天） / tablet keeps synced entries (days): 30');
    const usage = await kadian('--help');
    expect(usage.stderr).toContain('--server-retention-days');
  });

  it('sets it, audited with both values, and leaves the checkpoint\'s rules alone', async () => {
    const version = (await h.storage.getConfig(h.checkpointId))!.version;
    const set = await kadian('policy', '--server-retention-days', '14');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain('The server keeps entries and check-ins 14 days (was 28)');
    expect(set.stdout).toContain('The server keeps entries and check-ins: 14 天 / days');
    expect((await h.storage.serverRetention()).days).toBe(14);
    expect((await h.storage.getConfig(h.checkpointId))!.version).toBe(version);
    const [line] = (await h.storage.listAudit({ limit: 10 })).filter((r) => r.action === 'cli.policy.server-retention');
    expect(line).toMatchObject({ actor: 'cli', areaPath: null, detail: { command: 'kadian policy --server-retention-days 14', exitCode: 0, serverRetentionDays: { before: 28, after: 14 } } });

    const again = await kadian('policy', '--server-retention-days', '14');
    expect(again.stderr).toContain('nothing changed');
  });

  it('refuses a value that is not 1–3650 whole days, exit 2, changing nothing', async () => {
    for (const bad of ['0', '2.5']) {
      const run = await kadian('policy', '--server-retention-days', bad);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain('--server-retention-days must be a whole number from 1 to 3650');
    }
    expect((await h.storage.serverRetention()).days).toBe(14);
  });

  it('says on stderr, not in the file, when the export asks for entries retention has deleted', async () => {
    const now = Date.now();
    const tablet = await enrol(h);
    const log = sealedChain(tablet, [{ at: new Date(now - 20 * DAY).toISOString() }, { at: new Date(now - DAY).toISOString() }]);
    expect((await push(h, tablet, log)).body.results.map((r) => r.status)).toEqual(['stored', 'stored']);
    expect(await h.storage.applyRetention(new Date(now), DEFAULT_HEALTH_CODE_SETTINGS.timeZone)).toMatchObject({ entries: 1 });
    const mark = (await h.storage.retainedSince())!;
    const whole = await kadian('export', '--lang', 'en');
    expect(whole.code).toBe(0);
    expect(whole.stderr).toContain(`the server keeps entries 14 days; those before ${mark} may have been deleted`);
    expect(whole.stdout.split('\r\n').filter((l) => l !== '')).toHaveLength(2);
    const recent = await kadian('export', '--since', new Date(now - 2 * DAY).toISOString());
    expect(recent.stderr).not.toContain('may have been deleted');
    expect((await kadian('policy')).stdout).toContain(`Entries before ${mark} may have been deleted`);
  });
});
