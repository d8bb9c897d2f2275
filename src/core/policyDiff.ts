/** What a change of a checkpoint's rules changed, field by field, in words a lead or an operator reads. */
import { isCatalogueKey, say, type Language } from './catalogue.ts';
import type { Policy } from './policy.ts';

/** One changed field; `field` is a dotted path such as `colours.yellow`. */
export interface PolicyFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

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

/** A copy of `policy` with the dotted `field` (`colours.yellow`) set to `value`, unchecked: the caller validates (the server) or offers only valid values (a form). */
export function withField(policy: Policy, field: string, value: unknown): Policy {
  const setAt = (object: unknown, [key, ...rest]: readonly string[]): unknown =>
    key === undefined ? value : { ...(object as Record<string, unknown>), [key]: setAt((object as Record<string, unknown> | undefined)?.[key], rest) };
  return setAt(policy, field.split('.')) as Policy;
}

/** A field's name in a language (the catalogue's `field.<path>`); an unknown field (from a newer version) is shown as itself. */
export function policyFieldName(field: string, language: Language): string {
  const key = `field.${field}`;
  return isCatalogueKey(key) ? say(key, language) : field;
}

/** A field's value in a language (the catalogue's `rule.<value>`): 通过 / pass, 不限 / no limit, numbers as they are. */
export function policyValueName(value: unknown, language: Language): string {
  if (value === undefined) return '—';
  const key = `rule.${String(value)}`;
  return isCatalogueKey(key) ? say(key, language) : String(value);
}

/** One line per change: `黄码: 拦截 → 核验`. */
export function describePolicyChanges(changes: readonly PolicyFieldChange[], language: Language): string[] {
  return changes.map((c) => `${policyFieldName(c.field, language)}: ${policyValueName(c.before, language)} → ${policyValueName(c.after, language)}`);
}
