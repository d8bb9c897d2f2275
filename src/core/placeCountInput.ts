/** What a person types to change a place's inside count (issue #17): a correction's number and reason, a daily reset time; checked alike by the CLI and the console. */
import { auditReason } from './auditReason.ts';
import { isResetTime } from './placeCount.ts';
import { err, ok, type Result } from './result.ts';

/** The most a correction may say are inside: a place's capacity is at most this too (core/city.ts's checkCapacity). */
export const MAX_INSIDE = 1_000_000;

/** A correction's reason, as the audit log keeps it. */
export const correctionReason = (text: string | undefined): Result<string, 'place-count-reason-missing'> => auditReason(text, 'place-count-reason-missing');

/** How many are inside, as typed: a whole number from 0 to MAX_INSIDE. */
export function insideCount(text: string): Result<number, 'place-count-invalid'> {
  const t = text.trim();
  return /^\d{1,7}$/.test(t) && Number(t) <= MAX_INSIDE ? ok(Number(t)) : err('place-count-invalid');
}

/** A daily reset time as typed: HH:MM, or `none` for no reset (null). */
export function resetTimeOf(text: string): Result<string | null, 'place-reset-time-invalid'> {
  const t = text.trim();
  if (t === 'none') return ok(null);
  return isResetTime(t) ? ok(t) : err('place-reset-time-invalid');
}
