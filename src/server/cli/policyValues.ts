/** `kadian policy set FIELD VALUE`: a field of the rules by its dotted path (or its name), its value read as the wire schema types it. */
import { policyFieldName, policyFields, policyValueName } from '../../core/policyDiff.ts';
import type { Policy } from '../../core/policy.ts';
import { PolicySchema } from '../../core/wire.ts';
import { policyWithValue, schemaAt, type FieldSchema } from '../operator/policyChange.ts';
import { UsageError } from './output.ts';

/** Every leaf of the rules' schema by dotted path, nested optional ones (colours.blue) included. */
function schemaLeaves(schema: FieldSchema, path: string): string[] {
  if (!schema.properties) return [path];
  return Object.entries(schema.properties).flatMap(([key, inner]) => schemaLeaves(inner, path ? `${path}.${key}` : key));
}

/** Every settable field, by dotted path: what the usage lists; an optional field the rules do not hold yet (maxCodeAgeMinutes, colours.blue) too. */
export const settableFields = (policy: Policy): string[] => {
  const held = policyFields(policy).map((f) => f.field);
  return [...held, ...schemaLeaves(PolicySchema as FieldSchema, '').filter((f) => !held.includes(f))];
};

/** The dotted path of a field named by its path, or by its Chinese or English name (黄码, "yellow code"). */
export function fieldOf(policy: Policy, asked: string): string {
  const fields = settableFields(policy);
  const wanted = asked.trim().toLowerCase();
  const found = fields.find((f) => f.toLowerCase() === wanted || policyFieldName(f, 'zh') === asked.trim() || policyFieldName(f, 'en').toLowerCase() === wanted);
  if (found) return found;
  throw new UsageError(`没有这个规则项 / No such rule: ${asked}. 可设置 / Fields: ${fields.join(', ')}`);
}

/** Whether `text` names `value`: as itself (check, true, null), or by its words (请核验, "no limit", 不限; none for null). */
function names(text: string, value: unknown): boolean {
  const lower = text.toLowerCase();
  return lower === String(value).toLowerCase() || text === policyValueName(value, 'zh') || lower === policyValueName(value, 'en').toLowerCase()
    || (value === null && lower === 'none');
}

/** Candidates for `text` under `schema`, in the order the schema lists them; the policy's validation picks what holds. */
function readValue(text: string, schema: FieldSchema): unknown[] {
  if (schema.anyOf) return schema.anyOf.flatMap((s) => readValue(text, s));
  if ('const' in schema) return names(text, schema.const) ? [schema.const] : [];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? [Number(text)] : [];
    case 'boolean':
      return [true, false].filter((b) => names(text, b));
    case 'null':
      return names(text, null) ? [null] : [];
    default:
      return [];
  }
}

/** `policy` with `field` set to the value `text` stands for, checked as the wire checks a tablet's rules. */
export function policyWith(policy: Policy, field: string, text: string): Policy {
  const schema = schemaAt(field);
  if (!schema) throw new UsageError(`没有这个规则项 / No such rule: ${field}`);
  const candidates = readValue(text.trim(), schema);
  if (candidates.length === 0) throw new UsageError(`${field} 不能设为 / cannot be set to: ${text}`);
  let problem = '';
  for (const value of candidates) {
    const next = policyWithValue(policy, field, value);
    if (next.ok) return next.value;
    problem = next.error;
  }
  throw new UsageError(`${field} 不能设为 / cannot be set to ${text}: ${problem}`);
}
