/**
 * One place, many gates: how many are inside a place, counted by the server from every gate's log (issue #17), and
 * what a tablet makes of the last count it heard of. Pure: the server's storage sums, the tablet's store adds its own.
 */
import { Type, type Static } from '@sinclair/typebox';
import { addDays, atWallClock, calendarDay } from './calendar.ts';

/** A place's count as the server sends it to its tablets (sync reply and poll) and shows it to the console and CLI. */
export const PlaceCountSchema = Type.Object(
  {
    placeId: Type.String(),
    placeName: Type.String(),
    inside: Type.Integer({ minimum: 0, description: 'passed entries minus passed exits since the baseline, never below zero' }),
    capacity: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: "the place's capacity; null: none" }),
    gates: Type.Integer({ minimum: 0, description: 'checkpoints of the place' }),
    since: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'the baseline: the last daily reset or correction; null: since the first entry' }),
    countedAt: Type.String({ format: 'date-time', description: 'server time of the count' }),
  },
  { $id: 'PlaceCount', additionalProperties: false },
);
export type PlaceCount = Static<typeof PlaceCountSchema>;

/** "everyone out at 02:00": a place's daily reset time on the wall clock of the server's TIME_ZONE, HH:MM. */
export const RESET_TIME_PATTERN = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

export const isResetTime = (text: string): boolean => RESET_TIME_PATTERN.test(text);

/** The latest instant at or before `now` when the wall clock showed `resetTime` in the zone. */
export function lastResetBefore(now: Date, resetTime: string, timeZone: string): Date {
  const m = RESET_TIME_PATTERN.exec(resetTime);
  if (!m) throw new RangeError(`not a reset time (HH:MM): ${resetTime}`);
  const today = calendarDay(now, timeZone);
  const at = atWallClock(today, Number(m[1]), Number(m[2]), timeZone);
  return at.getTime() <= now.getTime() ? at : atWallClock(addDays(today, -1), Number(m[1]), Number(m[2]), timeZone);
}

/** Where a count starts: the place is known to hold `inside` persons at `atMs`; before any reset or correction, 0 at the first entry. */
export interface Baseline {
  atMs: number | null;
  inside: number;
}

/** The newer of the last daily reset (everyone out: 0) and the last correction (`inside` persons then). */
export function baselineOf(now: Date, resetTime: string | null, timeZone: string, correction: Baseline | null): Baseline {
  const reset: Baseline | null = resetTime === null ? null : { atMs: lastResetBefore(now, resetTime, timeZone).getTime(), inside: 0 };
  if (!reset) return correction ?? { atMs: null, inside: 0 };
  if (!correction || correction.atMs === null) return reset;
  return correction.atMs >= reset.atMs! ? correction : reset;
}

/** The count from its baseline and the passed entries and exits since: exits beyond entries never make it negative. */
export const insideFrom = (baseline: Baseline, passedIn: number, passedOut: number): number => Math.max(0, baseline.inside + passedIn - passedOut);

/** After this long without a fresh count from the server, the gate says its count is its own and may be wrong. */
export const PLACE_COUNT_STALE_MS = 10 * 60_000;

/**
 * What the gate counts as inside: the server's last count plus this tablet's own passages the server has not seen yet
 * (`pendingNet`: passed entries minus passed exits not yet acknowledged). Without a count from the server yet (a server
 * from before counts), the tablet's own running count of the day.
 */
export function insideAtGate(server: PlaceCount | null, pendingNet: number, ownToday: number): number {
  return server ? Math.max(0, server.inside + pendingNet) : ownToday;
}

/**
 * Whether a count just heard replaces the one held. Replies cross: the poll asked for before a sync can answer after
 * it, with a count made before that sync's entries were stored, which the tablet has meanwhile stopped adding to it;
 * taken, it would let a full place's next person in. So the count made later (server time) wins. One that is older
 * is still taken once the held one is stale (a server whose clock went back, a new place), so the gate never sticks.
 */
export function replacesCount(held: PlaceCount | null, heldAt: string | null, heard: PlaceCount, now: Date): boolean {
  if (!held || held.placeId !== heard.placeId) return true;
  if (Date.parse(heard.countedAt) >= Date.parse(held.countedAt)) return true;
  return heldAt === null || now.getTime() - Date.parse(heldAt) > PLACE_COUNT_STALE_MS;
}

/** What an entry adds to the place's count: +1 for a passed entry, −1 for a passed exit, 0 for the rest. */
export const passageOf = (entry: { direction: 'in' | 'out'; verdict: string }): number =>
  entry.verdict !== 'pass' ? 0 : entry.direction === 'in' ? 1 : -1;
