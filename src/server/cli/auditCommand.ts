/** `kadian audit [--since D] [--area ID] [--json]`: the audit log, newest first, times on TIME_ZONE's clock. */
import { parseArgs } from 'node:util';
import { localDateTime } from '../../core/calendar.ts';
import { settings, withStorage } from './commands.ts';
import { bilingual, pad, printable, say, UsageError } from './output.ts';

export async function audit(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args, options: { since: { type: 'string' }, area: { type: 'string' }, json: { type: 'boolean', default: false }, limit: { type: 'string', default: '1000' } }, strict: true,
  });
  if (values.since !== undefined && !Number.isFinite(Date.parse(values.since))) {
    throw new UsageError(`--since 需要日期或日期时间 / --since needs a date or date-time, like 2026-11-30 or 2026-11-30T08:00:00+08:00, not "${values.since}"`);
  }
  if (!/^\d{1,6}$/.test(values.limit)) throw new UsageError(`--limit 应为数字 / --limit is a number, not "${values.limit}"`);
  const { dataDir, healthCodes } = settings();
  await withStorage(dataDir, async (storage) => {
    const area = values.area === undefined ? null : await storage.getArea(values.area);
    if (values.area !== undefined && !area) throw new UsageError(`${bilingual('city-unknown')}: ${printable(values.area)}`);
    const records = await storage.listAudit({
      ...(values.since !== undefined && { since: new Date(Date.parse(values.since)).toISOString() }),
      ...(area && { within: area.path }), limit: Number(values.limit),
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
      return;
    }
    for (const r of records) {
      process.stdout.write(`${localDateTime(new Date(r.at), healthCodes.timeZone)}  ${pad(printable(`${r.actorName} (${r.actor})`), 24)} ${pad(r.action, 24)} ${pad(printable(r.target ?? '—'), 16)} ${pad(printable(r.origin), 24)} ${printable(JSON.stringify(r.detail))}\n`);
    }
    say(`${records.length} 条审计记录 / audit records, newest first (${healthCodes.timeZone})`);
  });
}
