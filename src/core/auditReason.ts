/** Why a console user acts, as the audit log keeps it beside who acted (a trace, a count correction, a withdrawal). */
import { err, ok, type Result } from './result.ts';

/** The reason trimmed, 2–200 characters (a case number, or a few words); otherwise `error`, the action's own name for it. */
export function auditReason<E extends string>(text: string | undefined, error: E): Result<string, E> {
  const reason = text?.trim() ?? '';
  return reason.length >= 2 && reason.length <= 200 ? ok(reason) : err(error);
}
