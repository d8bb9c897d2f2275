/**
 * Ajv's errors as one line a sender can act on. Apart from the validators (validation.ts), so that naming an error
 * does not load and compile every wire schema: the CLI's commands load errors.ts, and start faster without them.
 */
import type { ErrorObject } from 'ajv';

/** An ajv error as one line naming the field, e.g. `body/code must match pattern …` or `/seq must be integer`. */
export function describeAjvError(e: ErrorObject, prefix = ''): string {
  const path = `${prefix}${e.instancePath}` || '/';
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${path}/${String(params.additionalProperty)}: unknown field, not allowed`;
  if (e.keyword === 'required') return `${path}/${String(params.missingProperty)}: required field is missing`;
  return `${path} ${e.message ?? 'is invalid'}`;
}

/** The first ajv error of a failed validation, described; a fallback when ajv gave none. */
export function firstError(errors: readonly ErrorObject[] | null | undefined, prefix = ''): string {
  const first = errors?.[0];
  if (!first) return `${prefix || '/'} is invalid`;
  if (first.keyword === 'const') {
    // A union of literals fails once per literal: name them all rather than only the first.
    const allowed = (errors ?? [])
      .filter((e) => e.keyword === 'const' && e.instancePath === first.instancePath)
      .map((e) => String((e.params as { allowedValue?: unknown }).allowedValue));
    return `${prefix}${first.instancePath || '/'} must be one of: ${allowed.join(', ')}`;
  }
  return describeAjvError(first, prefix);
}
