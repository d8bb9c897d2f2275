/** The day figures table: updated with each entry, read by the lead's screens and the capacity rule. */
import type { Table } from 'dexie';
import { calendarDay, hourOf } from '../core/calendar.ts';
import type { Entry } from '../core/entry.ts';
import { emptyDay, withEntry, type DayFigures } from '../core/figures.ts';
import { db } from './db.ts';

/** The tablet's own zone: a gate's day is the day on its wall clock. */
export const tabletTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Adds one entry to its day's figures; call inside the transaction that writes the entry. */
export async function countEntry(days: Table<DayFigures, string>, entry: Entry, timeZone = tabletTimeZone()): Promise<void> {
  const at = new Date(entry.at);
  const day = calendarDay(at, timeZone);
  await days.put(withEntry((await days.get(day)) ?? emptyDay(day), entry, hourOf(at, timeZone)));
}

/** Recounts every day from the log (an upgrade from a version without figures). */
export async function rebuildDays(entries: Table<Entry, unknown>, days: Table<DayFigures, string>, timeZone = tabletTimeZone()): Promise<void> {
  const byDay = new Map<string, DayFigures>();
  await entries.orderBy('at').each((entry) => {
    const at = new Date(entry.at);
    const day = calendarDay(at, timeZone);
    byDay.set(day, withEntry(byDay.get(day) ?? emptyDay(day), entry, hourOf(at, timeZone)));
  });
  await days.clear();
  await days.bulkPut([...byDay.values()]);
}

/** The figures of a day (today by default), zero when nothing happened. */
export async function dayFigures(day = calendarDay(new Date(), tabletTimeZone())): Promise<DayFigures> {
  return (await db.days.get(day)) ?? emptyDay(day);
}

/** The last `n` days, oldest first, with empty days filled in: the trend chart's bars. */
export async function lastDays(n: number, today = calendarDay(new Date(), tabletTimeZone())): Promise<DayFigures[]> {
  const first = new Date(`${today}T12:00:00Z`);
  const wanted = Array.from({ length: n }, (_, i) => new Date(first.getTime() - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
  const found = await db.days.bulkGet(wanted);
  return wanted.map((day, i) => found[i] ?? emptyDay(day));
}
