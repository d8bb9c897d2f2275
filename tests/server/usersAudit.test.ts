/** Issue #14: `kadian users …` (roles, area scope, passwords from standard input only) and `kadian audit`, one line per command, on each database. */
import { createHash } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { beforeAll, expect, it } from 'vitest';
import { verifyPassword } from '../../src/server/accounts/passwords.ts';
import type { AuditRecord } from '../../src/server/storage/accountTypes.ts';
import { EXAMPLE_CSV, onEachCity, SLOW } from './cityFixture.ts';

const HQ_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = '黄河之水天上来，奔流到海不复回';
const TYPED_PASSWORD = 'typed-on-the-command-line-9';
const PINS = ['2468', '135790', '8642'];
const SECRETS = [HQ_PASSWORD, NEW_PASSWORD, TYPED_PASSWORD, ...PINS];

const refused = (run: { code: number; stderr: string }, text: string) => {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain(text);
};

const noSecretIn = (text: string) => {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
};

interface UserRow { id: string; name: string; role: string; areaId: string | null; placeId: string | null; disabled: boolean; hasPassword: boolean; areaPath: string[] }

onEachCity('kadian users and kadian audit', (city) => {
  const area: Record<string, string> = {};
  let place = '';
  let gate = '';
  const audit = async (...args: string[]): Promise<AuditRecord[]> => {
    const run = await city().kadian('audit', '--json', ...args);
    expect(run.code, run.stderr).toBe(0);
    noSecretIn(run.stdout);
    return JSON.parse(run.stdout) as AuditRecord[];
  };
  beforeAll(async () => {
    expect((await city().kadian('areas', 'import', EXAMPLE_CSV)).code).toBe(0);
    for (const a of await city().storage.listAreas(null)) area[a.name] = a.id;
    const checkpoint = (await city().storage.listCheckpointRecords(null)).find((c) => c.name === '东门')!;
    place = checkpoint.placeId;
    gate = checkpoint.id;
  }, SLOW);

  it('adds an hq for a district, a lead for one place, a tracer and an admin; lists them with role and area, a subtree with --area', async () => {
    const hq = await city().kadianWith(`${HQ_PASSWORD}\n`, 'users', 'add', '--name', '湖滨区指挥部', '--role', 'hq', '--area', area['湖滨区']!, '--password-stdin');
    expect(hq.code, hq.stderr).toBe(0);
    expect(hq.stdout).toMatch(/^u-[a-z0-9]+\n$/);
    expect(hq.stderr).toContain('已创建 指挥部账号 湖滨区指挥部（三门峡市 › 湖滨区）/ Created hq 湖滨区指挥部 for 三门峡市 › 湖滨区');
    noSecretIn(hq.stdout + hq.stderr);
    const stored = await city().storage.getUserByName('湖滨区指挥部');
    expect(stored?.password).toMatch(/^scrypt\$/);
    expect(await verifyPassword(HQ_PASSWORD, stored!.password!)).toBe(true);

    expect((await city().kadian('users', 'add', '--name', '上官小区负责人', '--role', 'lead', '--place', place)).code).toBe(0);
    const tracer = await city().kadian('users', 'add', '--name', '流调一组', '--role', 'tracer', '--area', area['陕州区']!);
    expect(tracer.code, tracer.stderr).toBe(0);
    expect(tracer.stderr).toContain('没有密码：用 kadian users password NAME --password-stdin 设置 / No password: set one with');
    expect((await city().kadian('users', 'add', '--name', '管理员', '--role', 'admin')).code).toBe(0);

    const list = await city().kadian('users', 'list', '--json');
    expect(list.stdout).not.toContain('scrypt');
    const rows = JSON.parse(list.stdout) as UserRow[];
    const byName = new Map(rows.map((u) => [u.name, u]));
    expect(byName.get('湖滨区指挥部')).toMatchObject({ role: 'hq', areaId: area['湖滨区'], placeId: null, hasPassword: true, disabled: false, areaPath: ['三门峡市', '湖滨区'] });
    expect(byName.get('上官小区负责人')).toMatchObject({ role: 'lead', areaId: area['第一网格'], placeId: place, hasPassword: false });
    expect(byName.get('流调一组')).toMatchObject({ role: 'tracer', areaId: area['陕州区'] });
    expect(byName.get('管理员')).toMatchObject({ role: 'admin', areaId: null, placeId: null, areaPath: [] });
    const hubin = JSON.parse((await city().kadian('users', 'list', '--area', area['湖滨区']!, '--json')).stdout) as UserRow[];
    expect(hubin.map((u) => u.name).sort()).toEqual(['上官小区负责人', '湖滨区指挥部'].sort());
  });

  it('refuses what is no account: an admin given an area, an hq without one, an unknown area or role, a name taken, a short password', async () => {
    const before = await city().storage.listUsers();
    refused(await city().kadian('users', 'add', '--name', '区管理员', '--role', 'admin', '--area', area['湖滨区']!), '(forbidden-role)');
    refused(await city().kadian('users', 'add', '--name', '区指挥部', '--role', 'hq'), '(city-unknown)');
    refused(await city().kadian('users', 'add', '--name', '区指挥部', '--role', 'hq', '--area', 'a-nowhere'), '(city-unknown)');
    refused(await city().kadian('users', 'add', '--name', '区指挥部', '--role', 'tracer', '--place', place), '(forbidden-role)');
    refused(await city().kadian('users', 'add', '--name', '区指挥部', '--role', 'boss', '--area', area['湖滨区']!), '角色应为 / The role is one of: admin');
    refused(await city().kadian('users', 'add', '--name', '流调一组', '--role', 'tracer', '--area', area['湖滨区']!), '(user-name-taken)');
    refused(await city().kadianWith('short\n', 'users', 'add', '--name', '区指挥部', '--role', 'hq', '--area', area['湖滨区']!, '--password-stdin'), '(password-weak)');
    // A password typed as a flag is refused, and neither said back nor kept.
    const typed = await city().kadian('users', 'add', '--name', '区指挥部', '--role', 'hq', '--area', area['湖滨区']!, '--password', TYPED_PASSWORD);
    expect(typed.code).toBe(2);
    noSecretIn(typed.stdout + typed.stderr);
    expect(await city().storage.listUsers()).toEqual(before);
  });

  it('disables an account (ending its sessions) and enables it; sets a new password from standard input only', async () => {
    const { user } = (await city().storage.getUserByName('湖滨区指挥部'))!;
    const token = createHash('sha256').update('a session').digest('hex');
    const now = new Date();
    await city().storage.createSession({ tokenHash: token, userId: user.id, csrf: 'csrf', at: now.toISOString(), ip: '127.0.0.1' });
    expect(await city().storage.sessionOf(token, now, 60_000, 60_000)).not.toBeNull();
    expect((await city().kadian('users', 'disable', '湖滨区指挥部')).code).toBe(0);
    expect((await city().storage.getUser(user.id))?.disabledAt).not.toBeNull();
    expect(await city().storage.sessionOf(token, now, 60_000, 60_000)).toBeNull();
    const list = JSON.parse((await city().kadian('users', 'list', '--json')).stdout) as UserRow[];
    expect(list.find((u) => u.id === user.id)?.disabled).toBe(true);
    expect((await city().kadian('users', 'enable', '湖滨区指挥部')).code).toBe(0);
    expect((await city().storage.getUser(user.id))?.disabledAt).toBeNull();

    refused(await city().kadianWith('too short\n', 'users', 'password', '湖滨区指挥部', '--password-stdin'), '(password-weak)');
    refused(await city().kadian('users', 'password', '湖滨区指挥部'), 'password NAME --password-stdin');
    const set = await city().kadianWith(`${NEW_PASSWORD}\n`, 'users', 'password', '湖滨区指挥部', '--password-stdin');
    expect(set.code, set.stderr).toBe(0);
    noSecretIn(set.stdout + set.stderr);
    const record = (await city().storage.getUserByName('湖滨区指挥部'))!.password!;
    expect(await verifyPassword(NEW_PASSWORD, record)).toBe(true);
    expect(await verifyPassword(HQ_PASSWORD, record)).toBe(false);
    refused(await city().kadian('users', 'disable', '无此人'), '账号不存在 / No such user: 无此人');
  });

  it('writes one audit line per command: who, from where, what with secrets masked, and its exit code, refused ones too', async () => {
    const before = await audit();
    const runs = [
      ['users', 'list'],
      ['users', 'add', '--name', '某人', '--role', 'hq'],
      ['enrol-code', '--checkpoint', gate, '--pin', PINS[0]!],
      ['lead-pin', 'set', PINS[1]!, '--checkpoint', gate],
      ['enrol-code', `--pin=${PINS[2]}`, '--checkpoint', gate],
    ];
    const codes = [];
    for (const args of runs) codes.push((await city().kadian(...args)).code);
    expect(codes).toEqual([0, 2, 0, 0, 0]);
    const after = await audit();
    // Reading the audit log writes no line of its own.
    expect(after.length).toBe(before.length + runs.length);
    const user = userInfo().username;
    const lines = after.slice(0, runs.length).reverse();
    expect(lines.map((r) => [r.action, r.detail.command, r.detail.exitCode])).toEqual([
      ['cli.users.list', 'kadian users list', 0],
      ['cli.users.add', 'kadian users add --name 某人 --role hq', 2],
      ['cli.enrol-code', `kadian enrol-code --checkpoint ${gate} --pin ***`, 0],
      ['cli.lead-pin.set', `kadian lead-pin set *** --checkpoint ${gate}`, 0],
      ['cli.enrol-code', `kadian enrol-code --pin=*** --checkpoint ${gate}`, 0],
    ]);
    for (const r of lines) expect(r).toMatchObject({ actor: 'cli', actorName: user, origin: `cli ${user}@${hostname()}` });
    // A command about one checkpoint concerns its area path: an hq of that subtree reads it.
    expect(lines[2]).toMatchObject({ target: gate, areaPath: [area['三门峡市'], area['湖滨区'], area['湖滨街道'], area['上官社区'], area['第一网格']] });
    // Every line from the start: the import, the users made and refused (the password typed as a flag masked), never a secret.
    expect(after.at(-1)).toMatchObject({ action: 'areas.import', detail: { exitCode: 0, newCheckpoints: 9 } });
    expect(after.filter((r) => r.action === 'users.add').map((r) => r.target)).toHaveLength(4);
    expect(after.some((r) => r.detail.command === `kadian users add --name 区指挥部 --role hq --area ${area['湖滨区']} --password ***`)).toBe(true);
    expect(after.filter((r) => r.action === 'users.password').map((r) => r.detail.exitCode)).toEqual([0, 2, 2]);

    const table = await city().kadian('audit');
    expect(table.stdout.split('\n')[0]).toContain('cli.enrol-code');
    expect(table.stderr).toContain(`${after.length} 条审计记录 / audit records, newest first (Asia/Shanghai)`);
  });

  it('--area shows what concerns that subtree only; --since what was done since', async () => {
    const shanzhou = await audit('--area', area['陕州区']!);
    expect(shanzhou.length).toBeGreaterThan(0);
    for (const r of shanzhou) expect(r.areaPath?.slice(0, 2)).toEqual([area['三门峡市'], area['陕州区']]);
    expect(shanzhou.map((r) => r.action)).toContain('users.add');
    const hubin = await audit('--area', area['湖滨区']!);
    expect(hubin.filter((r) => r.action === 'users.add').map((r) => (r.detail.user as { name: string }).name).sort()).toEqual(['上官小区负责人', '湖滨区指挥部'].sort());
    expect(hubin.map((r) => r.action)).toEqual(expect.arrayContaining(['cli.lead-pin.set', 'users.disable', 'users.enable', 'users.password']));
    expect(hubin.some((r) => r.areaPath?.[1] === area['陕州区'])).toBe(false);

    expect(await audit('--since', new Date(Date.now() + 60 * 60_000).toISOString())).toEqual([]);
    expect((await audit('--since', '2020-01-01')).length).toBeGreaterThan(0);
    refused(await city().kadian('audit', '--since', 'yesterday'), '--since');
    refused(await city().kadian('audit', '--area', 'a-nowhere'), '(city-unknown)');
  });

  it('keeps the audit log append-only in the database itself: UPDATE and DELETE are refused', async () => {
    const before = await city().storage.listAudit({});
    expect(before.length).toBeGreaterThan(0);
    await expect(city().exec("UPDATE audit_log SET actor_name = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(city().exec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(await city().storage.listAudit({})).toEqual(before);
  });
});
