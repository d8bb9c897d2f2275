/** The operator's lead-mode commands: set a checkpoint's lead PIN, and read its rules with who changed what and when. */
import { parseArgs } from 'node:util';
import type { Language } from '../../core/catalogue.ts';
import { describePolicyChanges, policyDiff, policyFieldName, policyFields, policyValueName } from '../../core/policyDiff.ts';
import type { PolicyChangeRecord } from '../storage/storage.ts';
import { checkpointId, leadPinRecord, settings, withStorage } from './commands.ts';
import { say, UsageError } from './output.ts';

const LEAD_PIN_USAGE = 'kadian lead-pin set PIN [--checkpoint ID]';

/** `kadian lead-pin set PIN [--checkpoint ID]`: the PIN is hashed here; the database never sees it. */
export async function leadPin(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { checkpoint: { type: 'string' } }, allowPositionals: true, strict: true });
  const [pin, ...extra] = positionals;
  if (action !== 'set' || pin === undefined || extra.length > 0) throw new UsageError(`用法 / Usage: ${LEAD_PIN_USAGE}`);
  await withStorage(settings().dataDir, async (storage) => {
    const checkpoint = await checkpointId(storage, values.checkpoint);
    await storage.setLeadPin(checkpoint, await leadPinRecord(storage, checkpoint, pin), new Date().toISOString(), null);
    process.stdout.write(`${checkpoint}\n`);
    say(`负责人密码已更新（卡点 ${checkpoint}），平板下次同步后生效 / Lead PIN of ${checkpoint} changed: tablets use it after their next sync`);
  });
}

/** Both languages of a value, once when they read the same (numbers). */
function bothValues(value: unknown): string {
  const zh = policyValueName(value, 'zh'), en = policyValueName(value, 'en');
  return zh === en ? zh : `${zh} / ${en}`;
}

function describeChange(change: PolicyChangeRecord): string[] {
  const who = change.deviceId === null ? '运维 / operator' : `设备 / tablet ${change.deviceId}${change.deviceLabel ? `「${change.deviceLabel}」` : ''}`;
  const diff = policyDiff(change.before, change.after);
  const lines = (language: Language) => describePolicyChanges(diff, language);
  const zh = lines('zh'), en = lines('en');
  return [
    `  v${change.version}  ${change.receivedAt}  ${who}  (平板时间 / tablet clock ${change.changedAt})`,
    ...zh.map((line, i) => (line === en[i] ? `      ${line}` : `      ${line}  |  ${en[i] ?? ''}`)),
  ];
}

/** `--retention-days N`: whole days, within what the policy schema allows. */
function retentionDays(text: string): number {
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1 || days > 3650) throw new UsageError('保留天数须为 1–3650 的整数 / --retention-days must be a whole number from 1 to 3650');
  return days;
}

/**
 * `kadian policy [--checkpoint ID] [--retention-days N]`: the rules in force, then every change, oldest first; with
 * --retention-days, first sets how long tablets keep entries the server has (recorded as the operator's change).
 */
export async function policy(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { checkpoint: { type: 'string' }, 'retention-days': { type: 'string' } }, strict: true });
  const retention = values['retention-days'] === undefined ? undefined : retentionDays(values['retention-days']);
  await withStorage(settings().dataDir, async (storage) => {
    const id = await checkpointId(storage, values.checkpoint);
    const before = await storage.getConfig(id);
    if (!before) throw new UsageError(`卡点不存在 / Unknown checkpoint: ${id}`);
    if (retention !== undefined && retention !== before.policy.retentionDays) {
      const at = new Date().toISOString();
      await storage.changePolicy({ checkpointId: id, deviceId: null, deviceLabel: null, changedAt: at, receivedAt: at, after: { ...before.policy, retentionDays: retention } });
    }
    const config = await storage.getConfig(id);
    if (!config) throw new UsageError(`卡点不存在 / Unknown checkpoint: ${id}`);
    const { checkpoint } = config;
    const changes = await storage.listPolicyChanges(id);
    const out = [
      `${checkpoint.communityName} ${checkpoint.name} (${checkpoint.id}) 当前规则 / rules in force (config v${config.version}):`,
      ...policyFields(config.policy).map(({ field, value }) => `  ${policyFieldName(field, 'zh')} / ${policyFieldName(field, 'en')}: ${bothValues(value)}`),
      '',
      changes.length === 0 ? '没有平板修改过规则 / No changes from a tablet yet' : `变更记录 / Changes (${changes.length}):`,
      ...changes.flatMap(describeChange),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  });
}
