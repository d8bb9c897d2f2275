/** What a change of a checkpoint's rules changed, field by field, in words a lead or an operator reads. */
import type { Language } from './messages.ts';
import type { Policy } from './policy.ts';

/** One changed field; `field` is a dotted path such as `colours.yellow`. */
export interface PolicyFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const FIELD_NAMES: Record<string, Record<Language, string>> = {
  identityOnly: { zh: '仅身份信息', en: 'identity only' },
  'colours.green': { zh: '绿码', en: 'green code' },
  'colours.yellow': { zh: '黄码', en: 'yellow code' },
  'colours.red': { zh: '红码', en: 'red code' },
  unverified: { zh: '无法核验的码', en: 'unverifiable code' },
  directions: { zh: '登记方向', en: 'directions' },
  duplicateWindowSeconds: { zh: '重复扫码间隔（秒）', en: 'duplicate window (s)' },
  feverThreshold: { zh: '发热阈值（°C）', en: 'fever threshold (°C)' },
  askTemperature: { zh: '测体温', en: 'ask temperature' },
  capacity: { zh: '容量', en: 'capacity' },
  retentionDays: { zh: '平板保留已同步记录（天）', en: 'tablet keeps synced entries (days)' },
};

const VALUE_NAMES: Record<string, Record<Language, string>> = {
  pass: { zh: '通过', en: 'pass' },
  stop: { zh: '拦截', en: 'stop' },
  check: { zh: '核验', en: 'check' },
  both: { zh: '出入', en: 'in and out' },
  in: { zh: '仅入', en: 'in only' },
  out: { zh: '仅出', en: 'out only' },
  true: { zh: '是', en: 'yes' },
  false: { zh: '否', en: 'no' },
  null: { zh: '不限', en: 'no limit' },
};

function flatten(value: unknown, path: string, into: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? `${path}.${key}` : key, into);
  } else {
    into.set(path, value);
  }
}

/** The fields whose values differ, in the order of `after`'s fields (then fields only `before` had). */
export function policyDiff(before: Policy, after: Policy): PolicyFieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const fields = [...new Set([...b.keys(), ...a.keys()])];
  return fields.filter((f) => JSON.stringify(a.get(f)) !== JSON.stringify(b.get(f))).map((field) => ({ field, before: a.get(field), after: b.get(field) }));
}

/** Every field of the rules with its value, in order, by dotted path (`colours.red`). */
export function policyFields(policy: Policy): Array<{ field: string; value: unknown }> {
  const fields = new Map<string, unknown>();
  flatten(policy, '', fields);
  return [...fields].map(([field, value]) => ({ field, value }));
}

/** A field's name in a language; an unknown field (from a newer version) is shown as itself. */
export function policyFieldName(field: string, language: Language): string {
  return FIELD_NAMES[field]?.[language] ?? field;
}

/** A field's value in a language: 通过 / pass, 不限 / no limit, numbers as they are. */
export function policyValueName(value: unknown, language: Language): string {
  return VALUE_NAMES[String(value)]?.[language] ?? (value === undefined ? '—' : String(value));
}

/** One line per change: `黄码: 拦截 → 核验`. */
export function describePolicyChanges(changes: readonly PolicyFieldChange[], language: Language): string[] {
  return changes.map((c) => `${policyFieldName(c.field, language)}: ${policyValueName(c.before, language)} → ${policyValueName(c.after, language)}`);
}
