/** `kadian users add|list|disable|enable|password|sign-out`: the accounts of the console, each reaching one area (or place) and below. */
import { parseArgs } from 'node:util';
import { isRole, ROLE_NAMES, ROLES } from '../../core/roles.ts';
import { passwordStrongEnough, hashPassword } from '../accounts/passwords.ts';
import { createAccount, publicUser } from '../accounts/users.ts';
import type { Storage } from '../storage/storage.ts';
import { noteAudit } from './audit.ts';
import { settings, withStorage } from './commands.ts';
import { bilingual, pad, printable, say, UsageError } from './output.ts';

const USAGE = `用法 / Usage:
  kadian users add --name NAME --role ${ROLES.join('|')} [--area ID | --place ID] [--password-stdin]
  kadian users list [--area ID] [--json]
  kadian users disable NAME | enable NAME | sign-out NAME | password NAME --password-stdin`;

/** The password from standard input (one line; a trailing newline is not part of it). */
async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function add(storage: Storage, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args, options: { name: { type: 'string' }, role: { type: 'string' }, area: { type: 'string' }, place: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } }, strict: true,
  });
  if (values.name === undefined || values.role === undefined) throw new UsageError(USAGE);
  if (!isRole(values.role)) throw new UsageError(`角色应为 / The role is one of: ${ROLES.map((r) => `${r} (${ROLE_NAMES[r].zh})`).join(', ')}`);
  const password = values['password-stdin'] ? await passwordFromStdin() : undefined;
  const made = await createAccount(storage, { name: values.name, role: values.role, areaId: values.area, placeId: values.place, password }, 'cli');
  if (!made.ok) throw new UsageError(bilingual(made.error));
  const area = made.value.areaId === null ? null : await storage.getArea(made.value.areaId);
  noteAudit({ action: 'users.add', target: made.value.id, areaPath: area?.path ?? null, detail: { user: publicUser(made.value) } });
  process.stdout.write(`${made.value.id}\n`);
  say(`已创建 ${ROLE_NAMES[made.value.role].zh}账号 ${made.value.name}（${area ? area.names.join(' › ') : '全市'}）/ Created ${made.value.role} ${made.value.name} for ${area ? area.names.join(' › ') : 'the whole city'}`);
  if (!made.value.hasPassword) say('没有密码：用 kadian users password NAME --password-stdin 设置 / No password: set one with kadian users password NAME --password-stdin');
}

async function list(storage: Storage, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { area: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  const root = values.area === undefined ? null : await storage.getArea(values.area);
  if (values.area !== undefined && !root) throw new UsageError(bilingual('city-unknown'));
  const areas = new Map((await storage.listAreas(null)).map((a) => [a.id, a]));
  const users = (await storage.listUsers()).filter((u) => root === null || (u.areaId !== null && (areas.get(u.areaId)?.path.includes(root.id) ?? false)));
  const rows = users.map((u) => ({ ...publicUser(u), areaPath: u.areaId === null ? [] : areas.get(u.areaId)?.names ?? [], passkeys: 0 }));
  for (const row of rows) row.passkeys = (await storage.listPasskeys(row.id)).length;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  for (const u of rows) {
    process.stdout.write(`${pad(u.id, 14)} ${pad(printable(u.name), 16)} ${pad(u.role, 7)} ${u.disabled ? '停用 disabled ' : ''}${printable(u.areaPath.join(' › ') || '全市 whole city')}${u.placeId ? ` (${u.placeId})` : ''}  ${u.passkeys} passkeys${u.hasPassword ? ', password' : ''}\n`);
  }
  say(`${rows.length} 个账号 / accounts`);
}

async function one(storage: Storage, sub: string, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'password-stdin': { type: 'boolean', default: false } }, strict: true });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) throw new UsageError(USAGE);
  const found = await storage.getUserByName(name);
  if (!found) throw new UsageError(`账号不存在 / No such user: ${printable(name)}`);
  const { user } = found;
  const area = user.areaId === null ? null : await storage.getArea(user.areaId);
  noteAudit({ action: `users.${sub}`, target: user.id, areaPath: area?.path ?? null });
  if (sub === 'disable' || sub === 'enable') {
    await storage.editUser(user.id, { disabledAt: sub === 'disable' ? new Date().toISOString() : null });
    if (sub === 'disable') await storage.deleteUserSessions(user.id);
  } else if (sub === 'sign-out') {
    noteAudit({ detail: { sessions: await storage.deleteUserSessions(user.id) } });
  } else if (sub === 'password') {
    if (!values['password-stdin']) throw new UsageError(USAGE);
    const password = await passwordFromStdin();
    if (!passwordStrongEnough(password)) throw new UsageError(bilingual('password-weak'));
    await storage.editUser(user.id, { password: await hashPassword(password) });
    // A new password ends every session the old one opened.
    await storage.deleteUserSessions(user.id);
  } else throw new UsageError(USAGE);
  say(`完成 / Done: ${sub} ${user.name}`);
}

export async function users(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === undefined) throw new UsageError(USAGE);
  await withStorage(settings().dataDir, (storage) => (sub === 'add' ? add(storage, rest) : sub === 'list' ? list(storage, rest) : one(storage, sub, rest)));
}
