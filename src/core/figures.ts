/** A day at the gate in numbers (in, out, inside, stopped by reason, by colour, by hour, 处置 by outcome, vehicles), kept as entries are written. */
import { COLOURS, OUTCOMES, type Colour, type Entry, type Outcome } from './entry.ts';

export interface DayFigures {
  /** The tablet's calendar day, YYYY-MM-DD. */
  day: string;
  /** Every scan, by direction, whatever the verdict (a follow-up is no scan). */
  scansIn: number;
  scansOut: number;
  /** People who went through: passed entries by direction, a follow-up's 放行 included. */
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
  /** Follow-ups (处置) by outcome: what became of the day's stops and checks. */
  outcomes: Record<Outcome, number>;
  /** Vehicles through a road checkpoint: their drivers' entries, one per vehicle passage (a driver not scanned: not counted). */
  vehicles: number;
}

/**
 * A day as the tablet may have stored it: one kept before follow-ups existed has no outcomes, before vehicles no vehicles,
 * before blue no blue count.
 */
export type StoredDay = Omit<DayFigures, 'outcomes' | 'vehicles' | 'colours'> & Partial<Pick<DayFigures, 'outcomes' | 'vehicles'>>
  & { colours: Omit<Record<Colour, number>, 'blue'> & { blue?: number } };

export const emptyOutcomes = (): Record<Outcome, number> => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;

const emptyColours = (): Record<Colour, number> => Object.fromEntries(COLOURS.map((c) => [c, 0])) as Record<Colour, number>;

export function emptyDay(day: string): DayFigures {
  return {
    day, scansIn: 0, scansOut: 0, passedIn: 0, passedOut: 0, inside: 0, stopped: 0, checked: 0, reasons: {},
    colours: emptyColours(), hours: Array.from({ length: 24 }, () => 0), keyPersonHits: 0, outcomes: emptyOutcomes(), vehicles: 0,
  };
}

/** A stored day as today's code reads it: zero outcomes, vehicles and blue codes for a day from before them. */
export const readDay = (stored: StoredDay): DayFigures => ({
  ...stored, colours: { ...emptyColours(), ...stored.colours }, outcomes: { ...emptyOutcomes(), ...stored.outcomes }, vehicles: stored.vehicles ?? 0,
});

/** One person through the gate: in or out, the inside count moving with them. */
function passThrough(next: DayFigures, direction: Entry['direction']): void {
  if (direction === 'in') {
    next.passedIn++;
    next.inside++;
  } else {
    next.passedOut++;
    next.inside = Math.max(0, next.inside - 1);
  }
}

/**
 * The day's figures with one more entry, written at `hour` on the tablet's clock. Pure: the caller stores the result.
 * A follow-up counts under its outcome and, for 放行, as a pass; it is the same person again, so it adds no scan, no
 * stop or check, no colour and no hour, which the scan it follows already counted.
 */
export function withEntry(figures: StoredDay, entry: Pick<Entry, 'direction' | 'verdict' | 'reasons' | 'colour' | 'followUp' | 'vehicle'>, hour: number): DayFigures {
  const read = readDay(figures);
  const next: DayFigures = {
    ...read, reasons: { ...read.reasons }, hours: [...read.hours], vehicles: read.vehicles + (entry.vehicle?.role === 'driver' ? 1 : 0),
  };
  if (entry.followUp !== undefined) {
    next.outcomes[entry.followUp.outcome]++;
    if (entry.verdict === 'pass') passThrough(next, entry.direction);
    return next;
  }
  if (entry.direction === 'in') next.scansIn++;
  else next.scansOut++;
  if (entry.verdict === 'pass') passThrough(next, entry.direction);
  else {
    if (entry.verdict === 'stop') next.stopped++;
    else next.checked++;
    for (const reason of entry.reasons) next.reasons[reason] = (next.reasons[reason] ?? 0) + 1;
  }
  if (entry.colour) next.colours[entry.colour]++;
  if (entry.reasons.includes('key-person')) next.keyPersonHits++;
  next.hours[hour] = (next.hours[hour] ?? 0) + 1;
  return next;
}
