/** What a trace asks, checked and made exact (issue #16): the ID number in its 18 characters, local days and minutes as instants in TIME_ZONE, and the reason. */
import { auditReason } from './auditReason.ts';
import { atWallClock, daysBetween, endOfDay, isCalendarDay, localDateTime, startOfDay } from './calendar.ts';
import { parseIdNumber, type IdError } from './idNumber.ts';
import { err, ok, type Result } from './result.ts';
import { MAX_TRACE_DAYS } from './traceWire.ts';

/** The 18-character ID number of one typed as 18 characters or the old 15 digits. */
export function tracedPersonId(text: string): Result<string, IdError> {
  const parsed = parseIdNumber(text);
  return parsed.ok ? ok(parsed.value.id) : parsed;
}

/** A trace's reason, as the audit log keeps it. */
export const traceReason = (text: string | undefined): Result<string, 'trace-reason-missing'> => auditReason(text, 'trace-reason-missing');

/** An interval of instants, [fromMs, toMs). */
export interface Span {
  fromMs: number;
  toMs: number;
}

/** Local days `since` to `until`, both whole, as instants: from the first one's midnight to the end of the last one. */
export function daySpan(since: string, until: string, timeZone: string): Result<Span, 'trace-range'> {
  if (!isCalendarDay(since) || !isCalendarDay(until)) return err('trace-range');
  const days = daysBetween(since, until) + 1;
  if (days < 1 || days > MAX_TRACE_DAYS) return err('trace-range');
  return ok({ fromMs: startOfDay(since, timeZone).getTime(), toMs: endOfDay(until, timeZone).getTime() });
}

const MINUTE_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

function wallMinute(text: string, timeZone: string): number | null {
  const m = MINUTE_PATTERN.exec(text);
  if (!m || !isCalendarDay(m[1] ?? '')) return null;
  const hour = Number(m[2]), minute = Number(m[3]);
  if (hour > 23 || minute > 59) return null;
  return atWallClock(m[1] ?? '', hour, minute, timeZone).getTime();
}

/** Local minutes 'YYYY-MM-DDTHH:mm' as instants: from the first, up to (not including) the second. */
export function minuteSpan(from: string, to: string, timeZone: string): Result<Span, 'trace-range'> {
  const fromMs = wallMinute(from, timeZone), toMs = wallMinute(to, timeZone);
  if (fromMs === null || toMs === null || toMs <= fromMs || toMs - fromMs > MAX_TRACE_DAYS * 24 * 3_600_000) return err('trace-range');
  return ok({ fromMs, toMs });
}

/** 'YYYY-MM-DD HH:mm' on the zone's wall clock: how a trace shows a time. */
export const localMinute = (at: Date | number, timeZone: string): string => localDateTime(new Date(at), timeZone).slice(0, 16);
