/**
 * A checkpoint's rules changed above the gate (the operator's CLI, the console): a field set and checked as the wire
 * checks a tablet's rules, then stored and recorded as a lead's change is, so tablets get it at their next config pull.
 */
import type { Policy } from '../../core/policy.ts';
import { policyDiff, withField } from '../../core/policyDiff.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { PolicySchema } from '../../core/wire.ts';
import { firstError } from '../http/ajvErrors.ts';
import { policyValidator } from '../http/validation.ts';
import type { PolicyChangeRecord, Storage } from '../storage/storage.ts';

/** The part of a JSON Schema the rules' fields are read from: nested objects, unions of literals, numbers, booleans and null. */
export interface FieldSchema {
  properties?: Record<string, FieldSchema>;
  anyOf?: FieldSchema[];
  const?: unknown;
  type?: string;
}

/** A field's schema by its dotted path (`colours.yellow`); undefined for no such field. */
export const schemaAt = (path: string): FieldSchema | undefined =>
  path.split('.').reduce<FieldSchema | undefined>((schema, key) => (schema?.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined), PolicySchema as FieldSchema);

/** Set by the operator alone (`kadian policy --retention-days`): how long tablets keep synced entries is not a gate's rule. */
export const OPERATOR_ONLY_FIELDS: readonly string[] = ['retentionDays'];

/** `policy` with the leaf `field` set to `value`, if the schema has that field and the rules then hold; else why not. */
export function policyWithValue(policy: Policy, field: string, value: unknown): Result<Policy, string> {
  const schema = schemaAt(field);
  if (!schema || schema.properties) return err(`no such rule: ${field}`);
  const next = withField(policy, field, value);
  const validate = policyValidator();
  return validate(next) ? ok(next) : err(firstError(validate.errors));
}

/** Who changed the rules above the gate: the operator (no one named), or a console user. */
export interface PolicyChangeBy {
  at: Date;
  user?: { id: string; name: string };
  /** An operator's restore: the version whose rules it brings back. */
  restoredFrom?: number;
}

/**
 * Stores `after` and records the change as a tablet's is (no device; the server's time for both clocks), bumping the
 * config version; null when the rules already are `after`, so nothing is recorded.
 */
export async function recordPolicyChange(storage: Storage, checkpointId: string, before: Policy, after: Policy, by: PolicyChangeBy): Promise<PolicyChangeRecord | null> {
  if (policyDiff(before, after).length === 0) return null;
  const at = by.at.toISOString();
  return storage.changePolicy({
    checkpointId, deviceId: null, deviceLabel: null, changedAt: at, receivedAt: at, after,
    ...(by.restoredFrom !== undefined && { restoredFrom: by.restoredFrom }), ...(by.user && { user: by.user }),
  });
}
