/** `kadian devices` as an operator runs it: the table and JSON of tablets with their gaps and clock skew, and revoking one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/core/wire.ts';
import { formatSkew } from '../../src/server/cli/devices.ts';
import { enrolDevice, issueEnrolmentCode } from '../../src/server/tablets/enrolment.ts';
import type { DeviceReport, StoredEntry } from '../../src/server/storage/storage.ts';
import { kadianIn } from './cliRunner.ts';
import { chain, enrol, harness, push, type Harness, type Tablet } from './helpers.ts';

let h: Harness;
let gappy: Tablet;
let quiet: Tablet;
beforeAll(async () => {
  h = await harness();
  gappy = await enrol(h);
  const { code } = await issueEnrolmentCode(h.storage, h.checkpointId);
  // Straight to storage: the API now refuses control characters in a label (textAndBounds.test.ts), but a database
  // from before holds what it was given, and the CLI must still never print it as terminal escapes.
  const enrolled = await enrolDevice(h.storage, { code, label: '\u001b[31m西门\u001b[0m' });
  if (!enrolled.ok) throw new Error(`enrolment failed: ${enrolled.error}`);
  quiet = { deviceId: enrolled.value.device.id, token: enrolled.value.token, checkpointId: h.checkpointId };
  const entries = await chain(gappy, 4);
  await push(h, gappy, [entries[0], entries[1], entries[3]], 5);
});
afterAll(() => h.close());

const kadian = (...args: string[]) => kadianIn(h.dataDir, ...args);

describe('kadian devices', () => {
  it('prints JSON with the gaps, waiting, counts and clock skew of each tablet', async () => {
    const run = await kadian('devices', '--json');
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as DeviceReport[];
    expect(reports.map((d) => d.id).sort()).toEqual([gappy.deviceId, quiet.deviceId].sort());
    const stored: StoredEntry[] = [];
    for await (const e of h.storage.exportEntries({})) stored.push(e);
    const skew = Math.max(...stored.map((e) => Date.parse(e.at) - Date.parse(e.receivedAt)));
    expect(reports.find((d) => d.id === gappy.deviceId)).toMatchObject({
      label: 'test tablet', waiting: 5, entries: 3, highestSeq: 4, missing: 1, gaps: [{ first: 3, last: 3 }], clockSkewMs: skew, revokedAt: null,
    });
    expect(reports.find((d) => d.id === quiet.deviceId)).toMatchObject({ entries: 0, highestSeq: null, missing: 0, clockSkewMs: null });
  });

  it('prints a table with Chinese and English headers, a label never as terminal escapes', async () => {
    const run = await kadian('devices');
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    for (const column of ['设备 Device', '最后在线 Last seen', '待传 Waiting', '缺失 Missing', '时钟偏差 Clock skew']) expect(header).toContain(column);
    const row = rows.find((r) => r.startsWith(gappy.deviceId));
    expect(row).toContain('1: 3');
    const json = JSON.parse((await kadian('devices', '--json')).stdout) as DeviceReport[];
    expect(row).toContain(formatSkew(json.find((d) => d.id === gappy.deviceId)!.clockSkewMs));
    expect(run.stdout).not.toContain('\u001b');
    expect(rows.find((r) => r.startsWith(quiet.deviceId))).toContain('?[31m西门?[0m');
    expect(run.stderr).toContain('1 with missing entries');
  });

  it('formats clock skew by size and flags a clock more than 5 minutes off', () => {
    expect(formatSkew(null)).toBe('—');
    expect(formatSkew(-1_500)).toBe('-2s');
    expect(formatSkew(90_000)).toBe('+1m30s');
    expect(formatSkew(-(3 * 3600_000 + 5 * 60_000))).toBe('-3h05m ⚠');
  });

  it('refuses an unknown checkpoint, naming the known ones', async () => {
    const run = await kadian('devices', '--checkpoint', 'nowhere');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('demo-gate');
    expect(JSON.parse((await kadian('devices', '--checkpoint', 'demo-gate', '--json')).stdout)).toHaveLength(2);
  });

  it('revokes a tablet: its token is refused as device-revoked at once; again is harmless; unknown is a usage error', async () => {
    const run = await kadian('devices', 'revoke', gappy.deviceId);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(gappy.deviceId);
    expect(run.stderr).toContain('5'); // the entries it still had waiting are named
    const res = await h.app.inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${gappy.token}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json<ApiError>().error).toBe('device-revoked');
    expect((await h.app.inject({ url: '/api/v1/config', headers: { authorization: `Bearer ${quiet.token}` } })).statusCode).toBe(200);

    const again = await kadian('devices', 'revoke', gappy.deviceId);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already revoked');
    expect((await kadian('devices', 'revoke', 'dev-nosuchthing')).code).toBe(2);
    expect((await kadian('devices', 'revoke')).code).toBe(2);
    const listed = JSON.parse((await kadian('devices', '--json')).stdout) as DeviceReport[];
    expect(listed.find((d) => d.id === gappy.deviceId)?.revokedAt).not.toBeNull();
  });

  it('is in the usage text', async () => {
    const run = await kadian('--help');
    expect(run.stderr).toContain('kadian devices [--checkpoint ID] [--json]');
    expect(run.stderr).toContain('kadian devices revoke DEVICE_ID');
  });
});
