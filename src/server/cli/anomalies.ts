/** `kadian anomalies [--area ID] [--since DATE] [--json]`: offline double entries (issue #17), newest first, the person masked, times on TIME_ZONE's clock. */
import { parseArgs } from 'node:util';
import { sinceInstant, type DoubleEntryWire, type FlaggedEntry } from '../../core/anomalyWire.ts';
import { listAnomalies } from '../places/anomalies.ts';
import { settings, withStorage } from './commands.ts';
import { bilingual, pad, printable, say, UsageError, width } from './output.ts';

const USAGE = 'kadian anomalies [--area ID] [--since YYYY-MM-DD|ISO-TIME] [--limit N] [--json]';

const HEADER = ['场所 Place', '人员 Person', '第一次进入 First entry', '第二次进入 Second entry', '间隔 Apart'];

const entryText = (e: FlaggedEntry): string => `${e.local.slice(0, 16)} ${e.checkpointName} (${e.deviceId} #${e.seq})`;

const apart = (minutes: number): string => (minutes < 60 ? `${minutes} 分 min` : `${Math.floor(minutes / 60)} 时 h ${minutes % 60} 分 min`);

export function anomalyTable(rows: readonly DoubleEntryWire[]): string {
  const cells = [HEADER, ...rows.map((d) => [d.placeName, d.person ?? '—', entryText(d.first), entryText(d.second), apart(d.minutesApart)].map(printable))];
  const widths = HEADER.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells.map((r) => r.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

export async function anomalies(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: { area: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string', default: '1000' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length > 0) throw new UsageError(`用法 / Usage: ${USAGE}`);
  if (!/^\d{1,6}$/.test(values.limit) || Number(values.limit) < 1) throw new UsageError(`--limit 应为正整数 / --limit is a whole number above 0, not "${values.limit}"`);
  const { dataDir, healthCodes: { timeZone } } = settings();
  const sinceMs = values.since === undefined ? undefined : sinceInstant(values.since, timeZone);
  if (sinceMs === null) {
    throw new UsageError(`--since 需要日期或带时区的日期时间 / --since needs a date or a date-time with its offset, like 2026-11-30 or 2026-11-30T08:00:00+08:00, not "${values.since}"`);
  }
  await withStorage(dataDir, async (storage) => {
    const area = values.area === undefined ? null : await storage.getArea(values.area);
    if (values.area !== undefined && !area) throw new UsageError(`${bilingual('city-unknown')}: ${printable(values.area)} (kadian areas list)`);
    const listed = await listAnomalies(storage, { within: area?.path ?? null, ...(sinceMs !== undefined && { sinceMs }), limit: Number(values.limit) }, timeZone);
    if (values.json) process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
    else if (listed.doubleEntries.length > 0) process.stdout.write(`${anomalyTable(listed.doubleEntries)}\n`);
    say(`${listed.doubleEntries.length} 条重复进入（同一人未登记离开又进入同一场所，两条记录均已保存）/ double entries (one person let in twice at a place without an exit between; both entries are kept) (${timeZone})`);
    if (listed.truncated) say(`注意：只列出最新的 ${values.limit} 条 / Only the newest ${values.limit} are listed: narrow with --area or --since`);
  });
}
