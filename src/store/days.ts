/** The day-figures table's writes: one entry counted in its day, inside the transaction that writes it, or every day recounted. */
import type { Table } from 'dexie';
import { calendarDay, hourOf } from '../core/calendar.ts';
import type { Entry } from '../core/entry.ts';
import { emptyDay, readDay, withEntry, type DayFigures } from '../core/figures.ts';

/** The tablet's own zone: a gate's day is the day on its wall clock. */
export const tabletTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The figures of the day `at` falls on, zero when nothing happened yet; read inside the caller's transaction. A day
 * stored before follow-ups has no outcomes: read with zeros, so the day goes on counting instead of being recounted.
 */
export async function figuresOfDay(days: Table<DayFigures, string>, at: Date, timeZone = tabletTimeZone()): Promise<DayFigures> {
  const day = calendarDay(at, timeZone);
  const stored = await days.get(day);
  return stored ? readDay(stored) : emptyDay(day);
}

/** Adds one entry to its day's figures; call inside the transaction that writes the entry. */
export async function countEntry(days: Table<DayFigures, string>, entry: Entry, timeZone = tabletTimeZone()): Promise<void> {
  const at = new Date(entry.at);
  await days.put(withEntry(await figuresOfDay(days, at, timeZone), entry, hourOf(at, timeZone)));
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
