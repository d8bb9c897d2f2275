/** The lead's figures, read from the day table the log keeps up to date: no screen ever counts the log itself. */
import { calendarDay } from '../core/calendar.ts';
import { emptyDay, readDay, type DayFigures } from '../core/figures.ts';
import { db } from './db.ts';
import { tabletTimeZone } from './days.ts';

/** The figures of a day (today by default), zero when nothing happened. */
export async function dayFigures(day = calendarDay(new Date(), tabletTimeZone())): Promise<DayFigures> {
  const stored = await db.days.get(day);
  return stored ? readDay(stored) : emptyDay(day);
}

/** The last `n` days, oldest first, with empty days filled in: the trend chart's bars. */
export async function lastDays(n: number, today = calendarDay(new Date(), tabletTimeZone())): Promise<DayFigures[]> {
  const first = new Date(`${today}T12:00:00Z`);
  const wanted = Array.from({ length: n }, (_, i) => new Date(first.getTime() - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
  const found = await db.days.bulkGet(wanted);
  return wanted.map((day, i) => {
    const stored = found[i];
    return stored ? readDay(stored) : emptyDay(day);
  });
}
