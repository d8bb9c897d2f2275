/** Calendar days ('YYYY-MM-DD') in a time zone: the unit of the daily check-in, and where a day starts and ends. */

export type CalendarDay = string;

/** Sanmenxia's residents check in by the Beijing clock. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

// Building a formatter costs far more than using one; the server asks for the same zone all day long.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA zone this runtime knows, such as Asia/Shanghai. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in the zone at an instant, as if it were UTC: the difference to the instant is the zone's offset. */
function wallClockAsUtc(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
}

/** The wall clock in the zone as 'YYYY-MM-DD HH:mm:ss': a time as a lead reads it in an export. */
export function localDateTime(at: Date, timeZone: string): string {
  return new Date(wallClockAsUtc(at.getTime(), timeZone)).toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO 8601 on the zone's wall clock with its offset (2026-11-30T07:03:14+08:00): exact for a script, readable for a person. */
export function localIsoTime(at: Date, timeZone: string): string {
  const seconds = Math.floor(at.getTime() / 1000) * 1000;
  const wall = wallClockAsUtc(seconds, timeZone);
  const offset = Math.round((wall - seconds) / 60_000);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${new Date(wall).toISOString().slice(0, 19)}${offset < 0 ? '-' : '+'}${hhmm}`;
}

/** The calendar day of an instant in the zone: 2026-11-22T16:00Z is 2026-11-23 in Shanghai. */
export function calendarDay(at: Date, timeZone: string): CalendarDay {
  return new Date(wallClockAsUtc(at.getTime(), timeZone)).toISOString().slice(0, 10);
}

export function isCalendarDay(text: string): boolean {
  const m = DAY_PATTERN.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

function dayStartUtc(day: CalendarDay): number {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

/** The day `n` days after (or before, for negative n) `day`. */
export function addDays(day: CalendarDay, n: number): CalendarDay {
  return new Date(dayStartUtc(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round((dayStartUtc(to) - dayStartUtc(from)) / DAY_MS);
}

/** The first instant of `day` in the zone (its local midnight, or later where a DST jump skips midnight). */
export function startOfDay(day: CalendarDay, timeZone: string): Date {
  const midnight = dayStartUtc(day);
  // The offset at the guess may differ from the offset at local midnight (DST): one correction settles it.
  const first = midnight - (wallClockAsUtc(midnight, timeZone) - midnight);
  const second = midnight - (wallClockAsUtc(first, timeZone) - first);
  const candidates = [first, second].filter((t) => calendarDay(new Date(t), timeZone) === day).sort((a, b) => a - b);
  return new Date(candidates[0] ?? first);
}

/** The instant the zone's wall clock shows `hour`:`minute` on `day` (a time a DST jump skips comes out an hour off, as clocks do). */
export function atWallClock(day: CalendarDay, hour: number, minute: number, timeZone: string): Date {
  const wall = dayStartUtc(day) + (hour * 60 + minute) * 60_000;
  // As startOfDay: the offset at the guess may differ from the offset at the wall time; one correction settles it.
  const first = wall - (wallClockAsUtc(wall, timeZone) - wall);
  return new Date(wall - (wallClockAsUtc(first, timeZone) - first));
}

/** The instant `day` ends in the zone: the start of the next day. */
export function endOfDay(day: CalendarDay, timeZone: string): Date {
  return startOfDay(addDays(day, 1), timeZone);
}

/** The hour (0–23) of the wall clock in the zone at an instant: the by-hour figures count by it. */
export function hourOf(at: Date, timeZone: string): number {
  return new Date(wallClockAsUtc(at.getTime(), timeZone)).getUTCHours();
}
