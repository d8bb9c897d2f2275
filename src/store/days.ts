/** The day-figures table's writes: one entry counted in its day, inside the transaction that writes it, or every day recounted. */
import type { Table } from 'dexie';
import { calendarDay, hourOf } from '../core/calendar.ts';
import type { Entry } from '../core/entry.ts';
import { emptyDay, readDay, withEntry, type DayFigures } from '../core/figures.ts';

/** How long the zone asked of the system is kept: a zone changed in the settings counts within a minute. */
const ZONE_KEPT_MS = 60_000;
let zone: { name: string; until: number } | undefined;

/**
 * The tablet's own zone: a gate's day is the day on its wall clock. Kept for a minute, as asking builds a formatter,
 * which at every scan cost a slow tablet some 10 ms (bench/scan's profile at 4× throttle).
 */
export function tabletTimeZone(): string {
  const now = performance.now();
  if (!zone || now >= zone.until) zone = { name: Intl.DateTimeFormat().resolvedOptions().timeZone, until: now + ZONE_KEPT_MS };
  return zone.name;
}

/**
 * The figures of the day `at` falls on, zero when nothing happened yet; read inside the caller's transaction. A day
 * stored before follow-ups has no outcomes: read with zeros, so the day goes on counting instead of being recounted.
 */
export async function figuresOfDay(days: Table<DayFigures, string>, at: Date, timeZone = tabletTimeZone()): Promise<DayFigures> {
  const day = calendarDay(at, timeZone);
  const stored = await days.get(day);
  return stored ? readDay(stored) : emptyDay(day);
}

/** Adds one entry to its day's figures, as read by figuresOfDay in the same transaction that writes the entry. */
export async function countEntry(days: Table<DayFigures, string>, figures: DayFigures, entry: Entry, timeZone = tabletTimeZone()): Promise<void> {
  await days.put(withEntry(figures, entry, hourOf(new Date(entry.at), timeZone)));
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
