/**
 * `kadian arrivals list [--area ID] [--since D] [--json]` and `kadian arrival-rules list|set|reset` (issue #20): the
 * arrivals registered at /arrive, and the table that puts them on the key-person lists; audited like every command.
 */
import { parseArgs } from 'node:util';
import {
  ANY_ORIGIN, ARRIVAL_RULE_MAX_DAYS, DEFAULT_ARRIVAL_RULES, parseArrivalCategory, placeName, PROVINCES, withRule, type ArrivalRule,
} from '../../core/arrivalRules.ts';
import type { ConsoleArrival } from '../../core/arrivalWire.ts';
import { isCalendarDay, startOfDay } from '../../core/calendar.ts';
import { KEY_PERSON_CATEGORIES, keyPersonCategoryName } from '../../core/keyPersons.ts';
import { expireEndedArrivals } from '../arrivals/listing.ts';
import { arrivalList } from '../arrivals/list.ts';
import { arrivalRulesInForce } from '../arrivals/register.ts';
import { noteAudit } from './audit.ts';
import { settings, withStorage } from './commands.ts';
import { bilingual, pad, printable, say, UsageError, width } from './output.ts';

const LIST_USAGE = 'kadian arrivals list [--area ID] [--since YYYY-MM-DD] [--json]';
const RULES_USAGE = `用法 / Usage:
  kadian arrival-rules list [--json]
  kadian arrival-rules set --province P [--city C] [--from YYYY-MM-DD] [--to YYYY-MM-DD] CATEGORY|none DAYS
      e.g. kadian arrival-rules set --province 湖北 --city 武汉 from-wuhan 14;  --province '${ANY_ORIGIN}': anywhere outside the city
  kadian arrival-rules reset
类别 / categories: ${KEY_PERSON_CATEGORIES.join(', ')}, none (such arrivals are on no list)`;

const HEADER = ['登记时间 Registered', '姓名 Name', '身份证号 ID', '电话 Phone', '来自 From', '到达 Arrived', '社区 Community', '类别 Category', '至 Until', '健康 Health'];

function arrivalTable(rows: readonly ConsoleArrival[]): string {
  const cells = [HEADER, ...rows.map((a) => [
    a.registeredAt.slice(0, 16).replace('T', ' '), a.name, a.personId, a.phone, `${a.fromProvince} ${a.fromCity}`, a.arrivalDay, a.areaNames.at(-1) ?? a.areaId,
    a.withdrawn ? `已撤销 withdrawn: ${a.withdrawn.reason}` : a.category === null ? '—' : keyPersonCategoryName(a.category, 'zh'), a.until ?? '—', a.healthYes.join(','),
  ].map(printable))];
  const widths = HEADER.map((_, i) => Math.max(...cells.map((row) => width(row[i] ?? ''))));
  return cells.map((row) => row.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function list(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true, options: { area: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length > 0) throw new UsageError(`用法 / Usage: ${LIST_USAGE}`);
  if (values.since !== undefined && !isCalendarDay(values.since)) throw new UsageError(`--since 应为日期 / --since is a day, YYYY-MM-DD, not "${printable(values.since)}"`);
  const { dataDir, healthCodes } = settings();
  await withStorage(dataDir, async (storage) => {
    const area = values.area === undefined ? null : await storage.getArea(values.area);
    if (values.area !== undefined && !area) throw new UsageError(`${bilingual('city-unknown')}: ${printable(values.area)} (kadian areas list)`);
    noteAudit({ areaPath: area?.path ?? null });
    const now = new Date();
    // Listings ended since any server looked are expired (and audited) first, so the list says what the tablets hold.
    await expireEndedArrivals(storage, now);
    const areaIds = area === null ? null : (await storage.listAreas(area.id)).map((a) => a.id);
    const since = values.since === undefined ? undefined : startOfDay(values.since, healthCodes.timeZone).toISOString();
    const listed = await arrivalList(storage, areaIds, since, now);
    if (values.json) process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
    else if (listed.arrivals.length > 0) process.stdout.write(`${arrivalTable(listed.arrivals)}\n`);
    const active = listed.arrivals.filter((a) => a.active).length;
    say(`${listed.arrivals.length} 条来人登记，${active} 人在重点人员名单上${listed.truncated ? '（仅显示最新的，请缩小范围）' : ''} / arrivals, on the key-person lists now${listed.truncated ? ' (newest only: narrow it)' : ''}`);
  });
}

function printRules(rules: readonly ArrivalRule[], json: boolean, isDefault: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ rules, default: isDefault }, null, 2)}\n`);
    return;
  }
  for (const r of rules) {
    const window = r.from === undefined && r.to === undefined ? '' : `${r.from ?? '…'}..${r.to ?? '…'}`;
    process.stdout.write(`${r.province}\t${r.city ?? ''}\t${window}\t${r.category ?? 'none'}\t${r.category === null ? '—' : keyPersonCategoryName(r.category, 'zh')}\t${r.days}\n`);
  }
  say(`省份、城市、到达日期范围、类别、天数（自到达日起）${isDefault ? '；默认规则' : ''} / province, city, arrival days, category, days from the arrival day${isDefault ? ' (the defaults)' : ''}`);
}

async function setRule(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: { province: { type: 'string' }, city: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  const [categoryText, daysText, ...extra] = positionals;
  const province = values.province?.trim() ?? '';
  if (province === '' || categoryText === undefined || daysText === undefined || extra.length > 0) throw new UsageError(RULES_USAGE);
  if (province !== ANY_ORIGIN && !(PROVINCES as readonly string[]).includes(placeName(province))) {
    throw new UsageError(`没有这个省份 / No such province: ${printable(province)} (${PROVINCES.join(' ')} ${ANY_ORIGIN})`);
  }
  if (province === ANY_ORIGIN && values.city !== undefined) throw new UsageError(`'${ANY_ORIGIN}' 不能指定城市 / '${ANY_ORIGIN}' takes no --city`);
  for (const day of [values.from, values.to]) if (day !== undefined && !isCalendarDay(day)) throw new UsageError(`日期应为 YYYY-MM-DD / a day is YYYY-MM-DD, not "${printable(day)}"`);
  if (values.from !== undefined && values.to !== undefined && values.from > values.to) throw new UsageError('--from 不能晚于 --to / --from is after --to');
  const category = parseArrivalCategory(categoryText);
  if (category === undefined) throw new UsageError(`没有这个类别 / No such category: ${printable(categoryText)}\n${RULES_USAGE}`);
  if (!/^\d{1,3}$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > ARRIVAL_RULE_MAX_DAYS) {
    throw new UsageError(`天数应为 1–${ARRIVAL_RULE_MAX_DAYS} / DAYS is a number from 1 to ${ARRIVAL_RULE_MAX_DAYS}, not "${printable(daysText)}"`);
  }
  const rule: ArrivalRule = {
    province: province === ANY_ORIGIN ? ANY_ORIGIN : placeName(province), ...(values.city !== undefined && { city: placeName(values.city) }),
    ...(values.from !== undefined && { from: values.from }), ...(values.to !== undefined && { to: values.to }), category, days: Number(daysText),
  };
  await withStorage(settings().dataDir, async (storage) => {
    const rules = withRule(await arrivalRulesInForce(storage), rule);
    await storage.setArrivalRules(rules, new Date().toISOString());
    noteAudit({ action: 'cli.arrival-rules.set', areaPath: null, target: `${rule.province}${rule.city ? ` ${rule.city}` : ''}`, detail: { rule } });
    printRules(rules, false, false);
    say('新规则用于此后的登记；已登记者不变 / The table applies to arrivals registered from now on; those registered keep theirs');
  });
}

export async function arrivals(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'list') return list(rest);
  throw new UsageError(`用法 / Usage: ${LIST_USAGE}`);
}

export async function arrivalRules(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'set') return setRule(rest);
  if (action === 'list') {
    const { values } = parseArgs({ args: rest, strict: true, options: { json: { type: 'boolean', default: false } } });
    return withStorage(settings().dataDir, async (storage) => {
      const set = await storage.arrivalRules();
      printRules(set ?? DEFAULT_ARRIVAL_RULES, values.json, set === null);
    });
  }
  if (action === 'reset' && rest.length === 0) {
    return withStorage(settings().dataDir, async (storage) => {
      const was = await storage.resetArrivalRules();
      noteAudit({ action: 'cli.arrival-rules.reset', areaPath: null, detail: { wasSet: was } });
      printRules(DEFAULT_ARRIVAL_RULES, false, true);
    });
  }
  throw new UsageError(RULES_USAGE);
}
