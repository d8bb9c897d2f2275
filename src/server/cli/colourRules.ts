/** `kadian colour-rules list|set|reset`: which colour, for how many days, each key-person category gives a resident (对比), audited like every command. */
import { parseArgs } from 'node:util';
import { say as sayIn } from '../../core/catalogue.ts';
import { COLOUR_RULE_MAX_DAYS, DEFAULT_COLOUR_RULES, type ColourRule, type ColourRuleTable } from '../../core/colourFromLists.ts';
import { COLOURS, type Colour } from '../../core/entry.ts';
import { KEY_PERSON_CATEGORIES, keyPersonCategoryName, parseKeyPersonCategory } from '../../core/keyPersons.ts';
import { colourRulesInForce } from '../issuer/colours.ts';
import { revokeWorsenedByLists } from '../issuer/revocations.ts';
import type { Storage } from '../storage/storage.ts';
import { noteAudit } from './audit.ts';
import { settings, withStorage } from './commands.ts';
import { say, UsageError } from './output.ts';

const USAGE = `用法 / Usage:
  kadian colour-rules list [--json]
  kadian colour-rules set CATEGORY green|blue|yellow|red DAYS e.g. kadian colour-rules set close-contact red 14
  kadian colour-rules reset
类别 / categories: ${KEY_PERSON_CATEGORIES.join(', ')} (或中文名 / or the Chinese name); green: the list does not colour it;
  blue (蓝码): a fourth colour, for a city that uses one; set each checkpoint's verdict for it too (kadian policy set colours.blue check)`;

/** 绿码, 蓝码…: the catalogue's words for a colour seen. */
const colourName = (colour: Colour): string => sayIn(`seen-${colour}`, 'zh');

function print(table: ColourRuleTable, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(KEY_PERSON_CATEGORIES.map((category) => ({ category, ...table[category], default: isDefault(table[category], category) })), null, 2)}\n`);
    return;
  }
  for (const category of KEY_PERSON_CATEGORIES) {
    const rule = table[category];
    const mark = isDefault(rule, category) ? '' : '  *';
    process.stdout.write(`${category}\t${keyPersonCategoryName(category, 'zh')}\t${rule.colour}\t${colourName(rule.colour)}\t${rule.days}${mark}\n`);
  }
  say('类别、颜色、自列入名单起的天数；* 为已修改 / category, colour, days from being put on the list; * changed from the default');
}

const isDefault = (rule: ColourRule, category: keyof ColourRuleTable): boolean =>
  rule.colour === DEFAULT_COLOUR_RULES[category].colour && rule.days === DEFAULT_COLOUR_RULES[category].days;

/** A change may make listed persons worse at once: their codes of today are revoked. */
async function revokeAfterChange(storage: Storage): Promise<number> {
  const revoked = await revokeWorsenedByLists(storage, null, new Date());
  if (revoked > 0) say(`${revoked} 人的健康码已撤销（颜色变差）/ ${revoked} person(s)' codes revoked (their colour got worse)`);
  return revoked;
}

async function set(args: string[]): Promise<void> {
  const [categoryText, colourText, daysText, ...extra] = args;
  if (categoryText === undefined || colourText === undefined || daysText === undefined || extra.length > 0) throw new UsageError(USAGE);
  const category = parseKeyPersonCategory(categoryText);
  if (category === undefined) throw new UsageError(`没有这个类别 / No such category: ${categoryText}\n${USAGE}`);
  const colour = COLOURS.find((c) => c === colourText.trim().toLowerCase() || colourName(c) === colourText.trim());
  if (colour === undefined) throw new UsageError(`颜色只能是 / The colour is one of: ${COLOURS.join(', ')}, not "${colourText}"`);
  if (!/^\d{1,3}$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > COLOUR_RULE_MAX_DAYS) {
    throw new UsageError(`天数应为 1–${COLOUR_RULE_MAX_DAYS} / DAYS is a number from 1 to ${COLOUR_RULE_MAX_DAYS}, not "${daysText}"`);
  }
  const rule: ColourRule = { colour, days: Number(daysText) };
  await withStorage(settings().dataDir, async (storage) => {
    const before = (await colourRulesInForce(storage))[category];
    await storage.setColourRule(category, rule, new Date().toISOString());
    const revoked = await revokeAfterChange(storage);
    noteAudit({ action: 'cli.colour-rules.set', areaPath: null, target: category, detail: { before, after: rule, revoked } });
    say(`${keyPersonCategoryName(category, 'zh')} → ${colourName(colour)} ${rule.days} 天 / ${category} → ${colour} for ${rule.days} day(s) from being put on the list`);
  });
}

async function reset(args: string[]): Promise<void> {
  if (args.length > 0) throw new UsageError(USAGE);
  await withStorage(settings().dataDir, async (storage) => {
    const removed = await storage.resetColourRules();
    const revoked = await revokeAfterChange(storage);
    noteAudit({ action: 'cli.colour-rules.reset', areaPath: null, detail: { removed, revoked } });
    say(`已恢复默认规则（删除 ${removed} 条修改）/ Back to the default rules (${removed} change(s) removed)`);
  });
}

async function list(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  await withStorage(settings().dataDir, async (storage) => print(await colourRulesInForce(storage), values.json));
}

export async function colourRules(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'list') return list(rest);
  if (action === 'set') return set(rest);
  if (action === 'reset') return reset(rest);
  throw new UsageError(USAGE);
}
