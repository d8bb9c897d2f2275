/**
 * `kadian policy`: a checkpoint's rules in force and who changed what, when (the server's clock beside the tablet's);
 * `set FIELD VALUE` and `restore VERSION` change them as the operator, recorded like any change.
 */
import { parseArgs } from 'node:util';
import type { Language } from '../../core/catalogue.ts';
import type { Policy } from '../../core/policy.ts';
import { describePolicyChanges, policyDiff, policyFieldName, policyFields, policyValueName } from '../../core/policyDiff.ts';
import { recordPolicyChange } from '../operator/policyChange.ts';
import type { PolicyChangeRecord, Storage } from '../storage/storage.ts';
import { MAX_SERVER_RETENTION_DAYS, type ServerRetention } from '../storage/retention.ts';
import { noteAudit } from './audit.ts';
import { checkpointId, settings, withStorage } from './commands.ts';
import { printable, say, UsageError } from './output.ts';
import { fieldOf, policyWith } from './policyValues.ts';

const USAGE = `kadian policy [--checkpoint ID] [--retention-days N] [--server-retention-days N]
      --retention-days 该卡点平板保留记录的天数 / how long the checkpoint's tablets keep entries;
      --server-retention-days 服务器保留全部记录和打卡的天数 / how long the server keeps every entry and check-in
  kadian policy set FIELD VALUE [--checkpoint ID]      e.g. kadian policy set colours.yellow check; kadian policy set capacity none
  kadian policy restore VERSION [--checkpoint ID]      the rules as they were right after config version VERSION`;

/** Both languages of a value, once when they read the same (numbers). */
function bothValues(value: unknown): string {
  const zh = policyValueName(value, 'zh'), en = policyValueName(value, 'en');
  return zh === en ? zh : `${zh} / ${en}`;
}

/** Each changed field, Chinese then English on one line. */
function diffLines(before: Policy, after: Policy): string[] {
  const diff = policyDiff(before, after);
  const lines = (language: Language) => describePolicyChanges(diff, language);
  const zh = lines('zh'), en = lines('en');
  return zh.map((line, i) => (line === en[i] ? `      ${line}` : `      ${line}  |  ${en[i] ?? ''}`));
}

/**
 * One change as the history shows it: the version, the server's time it was received, who made it (a lead, proven, on a
 * named tablet, with that tablet's clock; a console user; or the operator; the last two on the server's time), and what changed.
 */
function describeChange(change: PolicyChangeRecord): string[] {
  const who = change.deviceId !== null
    ? `负责人，平板 / lead on tablet ${change.deviceId}${change.deviceLabel ? `「${change.deviceLabel}」` : ''}  (平板时间 / tablet clock ${change.changedAt})`
    : change.user
      ? `控制台 / console: ${printable(change.user.name)} (${change.user.id})`
      : `运维 / operator${change.restoredFrom === null ? '' : `，恢复到 v${change.restoredFrom} 之后的规则 / restored the rules after v${change.restoredFrom}`}`;
  return [`  v${change.version}  服务器时间 / server ${change.receivedAt}  ${who}`, ...diffLines(change.before, change.after)];
}

/** The operator's change, recorded as one (no device, no user); nothing when the rules already are `after`. */
const operatorChange = (storage: Storage, id: string, before: Policy, after: Policy, restoredFrom?: number): Promise<PolicyChangeRecord | null> =>
  recordPolicyChange(storage, id, before, after, { at: new Date(), ...(restoredFrom !== undefined && { restoredFrom }) });

/** The rules in force, for a command that changes them. */
async function rulesOf(storage: Storage, id: string): Promise<{ version: number; policy: Policy }> {
  const config = await storage.getConfig(id);
  if (!config) throw new UsageError(`卡点不存在 / Unknown checkpoint: ${id}`);
  return config;
}

/** What a change did, for the operator: the new version and the fields, or that nothing had to change. */
function report(id: string, change: PolicyChangeRecord | null): void {
  if (!change) {
    say(`规则未变（已是此值），未记录 / The rules already are so (${id}): nothing changed or recorded`);
    return;
  }
  process.stdout.write(`v${change.version}\n${diffLines(change.before, change.after).map((l) => l.trim()).join('\n')}\n`);
  say(`卡点 ${id} 的规则已修改（v${change.version}），平板下次同步后生效 / Rules of ${id} changed (v${change.version}): tablets apply them after their next sync`);
}

/** `kadian policy set FIELD VALUE [--checkpoint ID]`. */
async function set(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { checkpoint: { type: 'string' } }, allowPositionals: true, strict: true });
  const [field, value, ...extra] = positionals;
  if (field === undefined || value === undefined || extra.length > 0) throw new UsageError(`用法 / Usage: ${USAGE}`);
  await withStorage(settings().dataDir, async (storage) => {
    const id = await checkpointId(storage, values.checkpoint);
    const { policy } = await rulesOf(storage, id);
    report(id, await operatorChange(storage, id, policy, policyWith(policy, fieldOf(policy, field), value)));
  });
}

/**
 * The rules right after config version `version`: the last change at or before it, or, before any change, the rules
 * the first change replaced. Config versions also count PINs, key persons and keys, so any version can be named.
 */
export function rulesAfter(changes: readonly PolicyChangeRecord[], version: number): Policy | null {
  const last = changes.filter((c) => c.version <= version).at(-1);
  return last ? last.after : changes[0]?.before ?? null;
}

/** `kadian policy restore VERSION [--checkpoint ID]`: recorded as the operator's change, naming the version. */
async function restore(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { checkpoint: { type: 'string' } }, allowPositionals: true, strict: true });
  const [text, ...extra] = positionals;
  const version = Number((text ?? '').replace(/^v/i, ''));
  if (text === undefined || extra.length > 0 || !Number.isSafeInteger(version) || version < 1) throw new UsageError(`用法 / Usage: ${USAGE}`);
  await withStorage(settings().dataDir, async (storage) => {
    const id = await checkpointId(storage, values.checkpoint);
    const { version: now, policy } = await rulesOf(storage, id);
    if (version > now) throw new UsageError(`卡点 ${id} 的配置版本只到 v${now} / ${id} has config versions up to v${now} only`);
    const target = rulesAfter(await storage.listPolicyChanges(id), version);
    if (!target) throw new UsageError(`卡点 ${id} 的规则从未修改，无可恢复 / The rules of ${id} were never changed: nothing to restore`);
    report(id, await operatorChange(storage, id, policy, target, version));
  });
}

/** `--retention-days N` (and `--server-retention-days N`): whole days, within what the policy schema allows. */
function retentionDays(text: string, flag = '--retention-days'): number {
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1 || days > MAX_SERVER_RETENTION_DAYS) {
    throw new UsageError(`保留天数须为 1–${MAX_SERVER_RETENTION_DAYS} 的整数 / ${flag} must be a whole number from 1 to ${MAX_SERVER_RETENTION_DAYS}`);
  }
  return days;
}

/**
 * The server's retention, set with `--server-retention-days`: one setting for the whole city, apart from each
 * checkpoint's `retentionDays` (how long its tablets keep entries). The line in the audit log names it and both values.
 */
async function setServerRetention(storage: Storage, days: number): Promise<void> {
  const { before, after } = await storage.setServerRetentionDays(days);
  noteAudit({ action: 'cli.policy.server-retention', areaPath: null, detail: { serverRetentionDays: { before, after } } });
  say(before === after
    ? `服务器保留天数已是 ${after} 天，未变 / The server already keeps entries ${after} days: nothing changed`
    : `服务器保留天数 ${before} → ${after} 天；运行中的服务器一小时内按新值删除 / The server keeps entries and check-ins ${after} days (was ${before}); a running server applies it within the hour`);
}

/** The server's retention as `kadian policy` shows it, under the checkpoint's rules. */
function serverRetentionLines(retention: ServerRetention): string[] {
  return [
    `服务器保留记录和打卡 / The server keeps entries and check-ins: ${retention.days} 天 / days (--server-retention-days; 平板的保留天数见 retentionDays / the tablets' is retentionDays above)`,
    retention.retainedSince === null
      ? '  尚未删除过记录 / No entry has been deleted yet'
      : `  ${retention.retainedSince} 之前的记录可能已删除 / Entries before ${retention.retainedSince} may have been deleted`,
    `  上次运行 / Last run: ${retention.ranAt ?? '从未 / never'}`,
  ];
}

/**
 * `kadian policy [--checkpoint ID] [--retention-days N] [--server-retention-days N]`: the rules in force, then every
 * change, oldest first, then the server's retention; with --retention-days, first sets how long tablets keep entries the
 * server has (recorded as the operator's change), with --server-retention-days how long the server keeps them.
 */
export async function policy(args: string[]): Promise<void> {
  if (args[0] === 'set') return set(args.slice(1));
  if (args[0] === 'restore') return restore(args.slice(1));
  const { values } = parseArgs({
    args, options: { checkpoint: { type: 'string' }, 'retention-days': { type: 'string' }, 'server-retention-days': { type: 'string' } }, strict: true,
  });
  const retention = values['retention-days'] === undefined ? undefined : retentionDays(values['retention-days']);
  const serverDays = values['server-retention-days'] === undefined ? undefined : retentionDays(values['server-retention-days'], '--server-retention-days');
  await withStorage(settings().dataDir, async (storage) => {
    if (serverDays !== undefined) await setServerRetention(storage, serverDays);
    const id = await checkpointId(storage, values.checkpoint);
    if (retention !== undefined) {
      const { policy: before } = await rulesOf(storage, id);
      await operatorChange(storage, id, before, { ...before, retentionDays: retention });
    }
    const config = await storage.getConfig(id);
    if (!config) throw new UsageError(`卡点不存在 / Unknown checkpoint: ${id}`);
    const { checkpoint } = config;
    const changes = await storage.listPolicyChanges(id);
    const out = [
      `${checkpoint.communityName} ${checkpoint.name} (${checkpoint.id}) 当前规则 / rules in force (config v${config.version}):`,
      ...policyFields(config.policy).map(({ field, value }) => `  ${field}  ${policyFieldName(field, 'zh')} / ${policyFieldName(field, 'en')}: ${bothValues(value)}`),
      '',
      changes.length === 0 ? '还没有修改记录 / No changes recorded yet' : `变更记录 / Changes (${changes.length}):`,
      ...changes.flatMap(describeChange),
      '',
      ...serverRetentionLines(await storage.serverRetention()),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  });
}
