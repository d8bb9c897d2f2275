/** `kadian residents list [--area ID] [--json]` and `kadian residents rebind ID --name NAME --reason R` (issue #18): the registered residents, and re-binding an ID number after seeing the card. */
import { parseArgs } from 'node:util';
import { calendarDay } from '../../core/calendar.ts';
import { maskIdNumber, parseIdNumber } from '../../core/idNumber.ts';
import type { ResidentRow } from '../../core/residentWire.ts';
import { normaliseName } from '../issuer/healthCodes.ts';
import { makeRebindCode } from '../residents/rebind.ts';
import { flagged, listResidents } from '../residents/residentList.ts';
import { noteAudit } from './audit.ts';
import { settings, withStorage } from './commands.ts';
import { bilingual, pad, printable, say, UsageError, width } from './output.ts';

const USAGE = 'kadian residents list [--area ID] [--json] | kadian residents rebind ID --name NAME --reason R';

const HEADER = ['', '身份证号 ID', '姓名 Name', '社区 Community', '户 Household', '颜色 Colour', '发热 Fever', '隔离 Isolated', '未打卡天数 Missed', '诉求 Requests', '出行 Trips'];

const yes = (b: boolean): string => (b ? '是 yes' : '');

export function residentTable(rows: readonly ResidentRow[]): string {
  const cells = [HEADER, ...rows.map((r) => [
    flagged(r) ? '!' : '', r.personId, r.name, r.areaNames.at(-1) ?? '—', r.phoneId, r.colour ?? '—', yes(r.fever), yes(r.isolated),
    String(r.missedDays), String(r.openRequests), String(r.tripsLast14Days),
  ].map(printable))];
  const widths = HEADER.map((_, i) => Math.max(...cells.map((row) => width(row[i] ?? ''))));
  return cells.map((row) => row.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function list(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { area: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (positionals.length > 0) throw new UsageError(`用法 / Usage: ${USAGE}`);
  const { dataDir, healthCodes } = settings();
  await withStorage(dataDir, async (storage) => {
    const area = values.area === undefined ? null : await storage.getArea(values.area);
    if (values.area !== undefined && !area) throw new UsageError(`${bilingual('city-unknown')}: ${printable(values.area)} (kadian areas list)`);
    noteAudit({ areaPath: area?.path ?? null });
    const areaIds = area === null ? null : (await storage.listAreas(area.id)).map((a) => a.id);
    const listed = await listResidents({ storage, dataDir, settings: healthCodes }, areaIds, new Date());
    if (values.json) process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
    else if (listed.rows.length > 0) process.stdout.write(`${residentTable(listed.rows)}\n`);
    const open = listed.requests.filter((r) => r.status === 'open').length;
    say(`${listed.rows.length} 位登记居民，${listed.rows.filter(flagged).length} 位需关注（!），${open} 项未办结诉求 / registered residents, flagged (!), open requests`);
  });
}

async function rebind(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { name: { type: 'string' }, reason: { type: 'string' } } });
  const [id] = positionals;
  const name = normaliseName(values.name ?? '');
  const reason = values.reason?.trim() ?? '';
  if (positionals.length !== 1 || id === undefined || name === '' || reason === '') throw new UsageError(`用法 / Usage: ${USAGE}`);
  const { dataDir, healthCodes } = settings();
  const now = new Date();
  const parsed = parseIdNumber(id, calendarDay(now, healthCodes.timeZone));
  if (!parsed.ok) throw new UsageError(bilingual(parsed.error));
  const personId = parsed.value.id;
  await withStorage(dataDir, async (storage) => {
    const person = await storage.boundPerson(personId);
    const area = person?.areaId ? await storage.getArea(person.areaId) : null;
    // The operator reaches every area: the person stays where they are.
    const code = await makeRebindCode(storage, { personId, name, reason, areaId: null, createdBy: 'cli' }, now);
    noteAudit({ action: 'cli.residents.rebind', areaPath: area?.path ?? null, target: maskIdNumber(personId), detail: { reason, expires: code.expires, bound: person !== null } });
    process.stdout.write(`${code.code}\n`);
    say(`重新绑定码（${maskIdNumber(personId)}，一次性，有效至 ${code.expires}）：请本人在手机“居民登记”中输入此码 / One-time re-binding code for ${maskIdNumber(personId)}, valid until ${code.expires}: the person enters it when registering on their phone`);
  });
}

export async function residents(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'list') return list(rest);
  if (action === 'rebind') return rebind(rest);
  throw new UsageError(`用法 / Usage: ${USAGE}`);
}
