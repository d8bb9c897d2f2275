/** `kadian devices`: every tablet, what the server received from it and what is missing; `kadian devices revoke ID` withdraws one. */
import { parseArgs } from 'node:util';
import type { DeviceReport } from '../storage/storage.ts';
import { checkpointId, settings, withStorage } from './commands.ts';
import { conflicts } from './conflicts.ts';
import { pad, printable, say, UsageError, width } from './output.ts';

const USAGE = 'kadian devices [--checkpoint ID] [--json]  |  kadian devices revoke DEVICE_ID  |  kadian devices conflicts DEVICE_ID';

/** A clock further off than this is flagged: verdicts of time-limited codes depend on it. */
const SKEW_WARNING_MS = 5 * 60_000;

const minute = (iso: string | null): string => (iso === null ? '—' : `${iso.slice(0, 16).replace('T', ' ')}Z`);

export function formatSkew(ms: number | null): string {
  if (ms === null) return '—';
  const sign = ms < 0 ? '-' : '+';
  const s = Math.round(Math.abs(ms) / 1000);
  const text = s < 60 ? `${sign}${s}s` : s < 3600 ? `${sign}${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${sign}${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return Math.abs(ms) > SKEW_WARNING_MS ? `${text} ⚠` : text;
}

function gapsText(d: DeviceReport): string {
  if (d.missing === 0) return '0';
  const ranges = d.gaps.map((g) => (g.first === g.last ? `${g.first}` : `${g.first}-${g.last}`));
  return `${d.missing}: ${ranges.join(', ')}${d.gapsTruncated ? ', …' : ''}`;
}

const HEADER = [
  '设备 Device', '标签 Label', '卡点 Checkpoint', '注册 Enrolled', '最后在线 Last seen', '待传 Waiting', '已收 Received',
  '最高序号 Highest', '缺失 Missing', '时钟偏差 Clock skew', '状态 Status',
];

/** A device that sent another entry at a seq it had used: its token is in two hands, or the tablet was restored. */
const copiedTokenFlag = (d: DeviceReport): string => (d.conflicts > 0 ? `⚠ 疑似令牌被复制 possible copied token (${d.conflicts})` : '');
/** Entries of this tablet flagged as one person let in twice without an exit (issue #17): `kadian anomalies` lists them. */
const doubleEntryFlag = (d: DeviceReport): string => (d.doubleEntries > 0 ? `重复进入 double entries (${d.doubleEntries})` : '');

function row(d: DeviceReport): string[] {
  return [
    d.id, d.label === null ? '—' : printable(d.label), d.checkpointId, minute(d.enrolledAt), minute(d.lastSeenAt),
    d.waiting === null ? '—' : String(d.waiting), String(d.entries), d.highestSeq === null ? '—' : String(d.highestSeq),
    gapsText(d), formatSkew(d.clockSkewMs), [d.revokedAt === null ? '正常 active' : `已撤销 revoked ${minute(d.revokedAt)}`, copiedTokenFlag(d), doubleEntryFlag(d)].filter(Boolean).join(' '),
  ];
}

export function deviceTable(reports: readonly DeviceReport[]): string {
  const rows = [HEADER, ...reports.map(row)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  return rows.map((r) => r.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** `kadian devices [--checkpoint ID] [--json]`, or `kadian devices revoke DEVICE_ID`. */
export async function devices(args: string[]): Promise<void> {
  if (args[0] === 'revoke') return revoke(args.slice(1));
  if (args[0] === 'conflicts') return conflicts(args.slice(1));
  const { values, positionals } = parseArgs({
    args, options: { checkpoint: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`用法 / Usage: ${USAGE}`);
  await withStorage(settings().dataDir, async (storage) => {
    const only = values.checkpoint === undefined ? undefined : await checkpointId(storage, values.checkpoint);
    const reports = await storage.listDevices(only);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(reports.map((d) => ({ ...d, possibleCopiedToken: d.conflicts > 0 })), null, 2)}\n`);
      return;
    }
    if (reports.length === 0) {
      say('还没有注册的设备 / No tablets enrolled yet');
      return;
    }
    process.stdout.write(`${deviceTable(reports)}\n`);
    const short = reports.filter((d) => d.missing > 0).length;
    say(`${reports.length} 台设备，${short} 台缺记录 / ${reports.length} tablets, ${short} with missing entries (序号范围 / seq ranges under 缺失 Missing)`);
    for (const d of reports.filter((r) => r.conflicts > 0)) {
      say(`⚠ ${d.id}: 疑似令牌被复制，查看两个版本 / possible copied token, see both versions: kadian devices conflicts ${d.id}`);
    }
    const doubled = reports.filter((r) => r.doubleEntries > 0).length;
    if (doubled > 0) say(`${doubled} 台设备有重复进入记录，查看 / tablets with double entries (one person let in twice without an exit), see: kadian anomalies`);
  });
}

async function revoke(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0) throw new UsageError(`用法 / Usage: ${USAGE}`);
  await withStorage(settings().dataDir, async (storage) => {
    const known = (await storage.listDevices()).find((d) => d.id === id);
    if (!known) throw new UsageError(`设备不存在 / Unknown device: ${printable(id)} (kadian devices 列出全部 / lists them all)`);
    if (known.revokedAt !== null) {
      say(`设备 ${id} 已于 ${known.revokedAt} 撤销 / Device ${id} was already revoked at ${known.revokedAt}`);
      return;
    }
    await storage.revokeDevice(id, new Date().toISOString());
    process.stdout.write(`${id}\n`);
    say(`设备 ${id} 已撤销：令牌立即失效，平板下次同步时会显示已被撤销 / Device ${id} revoked: its token stops working now, and the tablet shows it was withdrawn at its next sync`);
    if ((known.waiting ?? 0) > 0) {
      say(`注意：它上次报告还有 ${known.waiting} 条记录未上传，这些记录已无法上传 / Note: at its last sync it had ${known.waiting} entries not yet uploaded; they can no longer be sent`);
    }
  });
}
