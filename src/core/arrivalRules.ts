/** Arrivals (入市登记, issue #20): where a person may come from, and the operator's table from origin and date to a key-person category and its days. */
import { addDays, type CalendarDay } from './calendar.ts';
import { KEY_PERSON_CATEGORIES, type KeyPersonCategory } from './keyPersons.ts';

/**
 * The provincial-level divisions by their short names (what people say: 湖北, not 湖北省), and 境外 for abroad. The
 * arrival form offers these; the rule table names them the same way.
 */
export const PROVINCES = [
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南',
  '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆', '台湾',
  '香港', '澳门', '境外',
] as const;
export type Province = (typeof PROVINCES)[number];

/** How the person came. */
export const ARRIVAL_MEANS = ['train', 'plane', 'car', 'bus', 'ship', 'other'] as const;
export type ArrivalMeans = (typeof ARRIVAL_MEANS)[number];

/** The health questions of the form (个人健康申报), each a yes or no; a yes flags the arrival for the community's lead. */
export const HEALTH_QUESTIONS = ['fever', 'cough', 'breath', 'contact'] as const;
export type HealthQuestion = (typeof HEALTH_QUESTIONS)[number];

/** A rule's "province" that matches any origin outside the destination's own city. */
export const ANY_ORIGIN = '*';

/**
 * One row of the operator's table: arrivals from `province` (its `city` only, when given; ANY_ORIGIN: anywhere outside
 * the destination's city) on a day within `from`..`to` (each optional, inclusive) are put in `category` for `days`
 * days from their arrival day; a null category: such arrivals are on no list.
 */
export interface ArrivalRule {
  province: string;
  city?: string;
  from?: CalendarDay;
  to?: CalendarDay;
  category: KeyPersonCategory | null;
  days: number;
}

/** A rule's days: one to a year, as the colour rules'. */
export const ARRIVAL_RULE_MAX_DAYS = 365;

/**
 * The table until the operator changes it (`kadian arrival-rules set`): the Sanmenxia list's three returnee categories,
 * each for the 14 days of observation the seed reports give. Most specific first; matching picks the most specific anyway.
 */
export const DEFAULT_ARRIVAL_RULES: readonly ArrivalRule[] = [
  { province: '湖北', city: '武汉', category: 'from-wuhan', days: 14 },
  { province: '湖北', category: 'from-hubei', days: 14 },
  { province: ANY_ORIGIN, category: 'outside-city', days: 14 },
];

/** A place name as people write it, without the suffix a form may or may not carry: 武汉市 → 武汉, 湖北省 → 湖北. */
export function placeName(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, '');
  const bare = trimmed.replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|省|市|盟)$/, '');
  return bare === '' ? trimmed : bare;
}

/** Where the person came from, and the destination's own city (its name, as the area tree has it). */
export interface Origin {
  province: string;
  city: string;
  day: CalendarDay;
  homeCity: string;
}

/** How specific a rule is: a city beats a province beats anywhere. */
const specificity = (rule: ArrivalRule): number => (rule.province === ANY_ORIGIN ? 0 : rule.city === undefined ? 1 : 2);

function matches(rule: ArrivalRule, origin: Origin): boolean {
  if (rule.from !== undefined && origin.day < rule.from) return false;
  if (rule.to !== undefined && origin.day > rule.to) return false;
  if (rule.province === ANY_ORIGIN) return placeName(origin.city) !== placeName(origin.homeCity);
  if (placeName(rule.province) !== placeName(origin.province)) return false;
  return rule.city === undefined || placeName(rule.city) === placeName(origin.city);
}

/** What an arrival is put on the list as: its category and the last day it lasts (inclusive); null: none. */
export interface ArrivalListing {
  category: KeyPersonCategory;
  /** The arrival day plus the rule's days, less one: 14 days from 2 February is through 15 February. */
  lastDay: CalendarDay;
}

/** The most specific matching rule (the first of equals) decides; none, or a rule of no category: not listed. */
export function arrivalListing(rules: readonly ArrivalRule[], origin: Origin): ArrivalListing | null {
  let best: ArrivalRule | undefined;
  for (const rule of rules) if (matches(rule, origin) && (best === undefined || specificity(rule) > specificity(best))) best = rule;
  if (!best || best.category === null) return null;
  return { category: best.category, lastDay: addDays(origin.day, best.days - 1) };
}

/** Sets a rule: replaces the one of the same origin and window, or adds it. */
export function withRule(rules: readonly ArrivalRule[], rule: ArrivalRule): ArrivalRule[] {
  const same = (r: ArrivalRule) => placeName(r.province) === placeName(rule.province) && (r.city === undefined ? '' : placeName(r.city)) === (rule.city === undefined ? '' : placeName(rule.city))
    && r.from === rule.from && r.to === rule.to;
  const at = rules.findIndex(same);
  return at < 0 ? [...rules, rule] : rules.map((r, i) => (i === at ? rule : r));
}

/** A category by its English key; `none` for no category; undefined for anything else. */
export function parseArrivalCategory(text: string): KeyPersonCategory | null | undefined {
  if (text === 'none') return null;
  return KEY_PERSON_CATEGORIES.find((c) => c === text);
}
