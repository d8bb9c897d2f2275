/** A day at the gate in numbers (in, out, inside, stopped by reason, by colour, by hour), kept as entries are written. */
import type { Colour, Entry } from './entry.ts';

export interface DayFigures {
  /** The tablet's calendar day, YYYY-MM-DD. */
  day: string;
  /** Every scan, by direction, whatever the verdict. */
  scansIn: number;
  scansOut: number;
  /** People who went through: passed entries by direction. */
  passedIn: number;
  passedOut: number;
  /** People inside now: a running count that never goes below zero (whoever came in before the count began goes out too). */
  inside: number;
  stopped: number;
  checked: number;
  /** Stops and checks by reason (a scan with two reasons counts under both). */
  reasons: Record<string, number>;
  colours: Record<Colour, number>;
  /** Scans by hour of the day, 0–23. */
  hours: number[];
  keyPersonHits: number;
}

export function emptyDay(day: string): DayFigures {
  return {
    day, scansIn: 0, scansOut: 0, passedIn: 0, passedOut: 0, inside: 0, stopped: 0, checked: 0, reasons: {},
    colours: { green: 0, yellow: 0, red: 0 }, hours: Array.from({ length: 24 }, () => 0), keyPersonHits: 0,
  };
}

/** The day's figures with one more entry, written at `hour` on the tablet's clock. Pure: the caller stores the result. */
export function withEntry(figures: DayFigures, entry: Pick<Entry, 'direction' | 'verdict' | 'reasons' | 'colour'>, hour: number): DayFigures {
  const next: DayFigures = { ...figures, reasons: { ...figures.reasons }, colours: { ...figures.colours }, hours: [...figures.hours] };
  if (entry.direction === 'in') next.scansIn++;
  else next.scansOut++;
  if (entry.verdict === 'pass') {
    if (entry.direction === 'in') {
      next.passedIn++;
      next.inside++;
    } else {
      next.passedOut++;
      next.inside = Math.max(0, next.inside - 1);
    }
  } else {
    if (entry.verdict === 'stop') next.stopped++;
    else next.checked++;
    for (const reason of entry.reasons) next.reasons[reason] = (next.reasons[reason] ?? 0) + 1;
  }
  if (entry.colour) next.colours[entry.colour]++;
  if (entry.reasons.includes('key-person')) next.keyPersonHits++;
  next.hours[hour] = (next.hours[hour] ?? 0) + 1;
  return next;
}
