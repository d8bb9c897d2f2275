/** The console's figures (issue #15): an area's overview over local dates, its trend day by day and its heat map by hour, all summed from the hourly roll-ups (figureSums.ts: which). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addDays, calendarDay, daysBetween, hourOf, isCalendarDay, startOfDay } from '../../core/calendar.ts';
import {
  FiguresQuerySchema, HoursQuerySchema, HoursSchema, MAX_FIGURE_DAYS, OverviewSchema, TREND_DAYS, TrendSchema,
  type FigureRow, type Figures, type FiguresQuery, type Hours, type HoursQuery, type Overview, type Trend,
} from '../../core/consoleFigures.ts';
import { refusal } from '../http/auth.ts';
import { ApiFailure } from '../http/errors.ts';
import { HOUR_MS } from '../storage/entryHours.ts';
import { addSums, emptySums, type HourRange, type RollupSums, type TabletFreshness } from '../storage/figures.ts';
import type { ConsoleDeps } from './deps.ts';
import type { Scope } from '../accounts/scope.ts';
import { figureTarget, type FigureNode, type FigureTarget } from './figureScope.ts';
import { overviewSums, reachesWholeAreas, scanCells, sumsByHour } from './figureSums.ts';
import { REFUSALS } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

export function toFigures(s: RollupSums): Figures {
  return {
    in: s.entries_in, out: s.entries_out, passed: s.passed, stopped: s.stopped, checked: s.checked, keyPerson: s.key_person,
    green: s.green, blue: s.blue, yellow: s.yellow, red: s.red, otherColour: s.other_colour, inside: Math.max(0, s.passed_in - s.passed_out),
    outcomes: {
      release: s.outcome_release, turnedBack: s.outcome_turned_back, hospital: s.outcome_hospital, quarantine: s.outcome_quarantine, other: s.outcome_other,
    },
    vehicles: s.vehicles, vehiclePeople: s.vehicle_people,
  };
}

/**
 * The roll-up's hours of local dates `from`..`to` (inclusive) in the zone. An hour belongs to the date its first instant
 * falls on: in a zone whose offset is not a whole hour (India's +05:30), each bucket straddles two local hours and a day
 * is off by that half hour; everywhere else a local day is exactly its hours. On a day a DST change makes 23 or 25 hours
 * long the range is that long too.
 */
export function hoursOfDates(from: string, to: string, timeZone: string): HourRange {
  const first = (day: string): number => Math.ceil(startOfDay(day, timeZone).getTime() / HOUR_MS);
  return { from: first(from), to: first(addDays(to, 1)) };
}

/** The local date of a roll-up hour, by the same rule as hoursOfDates. */
const dateOfHour = (hour: number, timeZone: string): string => calendarDay(new Date(hour * HOUR_MS), timeZone);

/** A real calendar date (the schema checks only its shape); a date that is not one is the caller's mistake. */
export function checkedDate(date: string | undefined, fallback: string): string {
  if (date === undefined) return fallback;
  if (!isCalendarDay(date)) throw new ApiFailure(400, 'request-invalid', `${date} is not a calendar date`);
  return date;
}

/** The dates asked for: `to` defaults to today, `from` to `days - 1` days before `to`; at most MAX_FIGURE_DAYS. */
function dateRange(deps: ConsoleDeps, request: FastifyRequest, query: FiguresQuery, days: number): { from: string; to: string } {
  const to = checkedDate(query.to, calendarDay(deps.now(), deps.timeZone));
  const from = checkedDate(query.from, addDays(to, -(days - 1)));
  const span = daysBetween(from, to) + 1;
  if (span < 1 || span > MAX_FIGURE_DAYS) throw refusal(request, 400, 'figures-range', { from, to });
  return { from, to };
}

function freshnessOver(ids: readonly string[], fresh: ReadonlyMap<string, TabletFreshness>): Pick<FigureRow, 'devices' | 'oldestLastSeenAt'> {
  let devices = 0;
  let oldest: string | null = null;
  for (const id of ids) {
    const f = fresh.get(id);
    if (!f) continue;
    devices += f.devices;
    // ISO 8601 UTC text written by this server: its order is time order.
    if (f.oldestLastSeenAt !== null && (oldest === null || f.oldestLastSeenAt < oldest)) oldest = f.oldestLastSeenAt;
  }
  return { devices, oldestLastSeenAt: oldest };
}

/**
 * The overview of a figure target over local dates: the figures route's answer, and the upward report's rows
 * (reportRoutes.ts). `scope`, the caller's: areas they reach whole read their own roll-up; without it every row sums
 * its checkpoints (the same numbers, slower for a large area).
 */
export async function overviewOf(deps: ConsoleDeps, target: FigureTarget, from: string, to: string, scope?: Scope): Promise<Overview> {
  const { timeZone } = deps;
  const storage = deps.reads();
  const ids = target.self.checkpointIds;
  const [sums, fresh, lag] = await Promise.all([
    overviewSums(storage, target, hoursOfDates(from, to, timeZone), reachesWholeAreas(scope)), storage.tabletFreshness(ids), storage.replicaLag(),
  ]);
  const row = (n: FigureNode, s: RollupSums): FigureRow => ({
    kind: n.kind, id: n.id, name: n.name, level: n.level, figures: toFigures(s), ...freshnessOver(n.checkpointIds, fresh),
  });
  return {
    from, to, timeZone, asOf: deps.now().toISOString(), ...(lag !== null && { replicaLagSeconds: lag }), scope: row(target.self, sums.self), trail: target.trail,
    children: target.children.map((n, i) => row(n, sums.children[i] ?? emptySums())),
  };
}

export async function figureRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { timeZone } = deps;
  requireSession(api, deps);

  api.get<{ Querystring: FiguresQuery; Reply: Overview }>(
    '/console/figures',
    {
      schema: {
        summary: "An area's, place's or checkpoint's figures over local dates (default today), beside each child's, with how fresh each is",
        querystring: FiguresQuerySchema, response: { 200: OverviewSchema, ...REFUSALS },
      },
    },
    async (request) => {
      const { from, to } = dateRange(deps, request, request.query, 1);
      return overviewOf(deps, await figureTarget(deps, request, request.query), from, to, callerOf(request).scope);
    },
  );

  api.get<{ Querystring: FiguresQuery; Reply: Trend }>(
    '/console/trend',
    {
      schema: {
        summary: `Figures day by day over local dates (default the last ${TREND_DAYS} days up to today), every date listed`,
        querystring: FiguresQuerySchema, response: { 200: TrendSchema, ...REFUSALS },
      },
    },
    async (request) => {
      const { from, to } = dateRange(deps, request, request.query, TREND_DAYS);
      const target = await figureTarget(deps, request, request.query);
      const byHour = await sumsByHour(deps.reads(), target, hoursOfDates(from, to, timeZone), reachesWholeAreas(callerOf(request).scope));
      const byDate = new Map<string, RollupSums>();
      for (let d = from; d <= to; d = addDays(d, 1)) byDate.set(d, emptySums());
      for (const [hour, sums] of byHour) {
        const day = byDate.get(dateOfHour(hour, timeZone));
        if (day) addSums(day, sums);
      }
      return { from, to, timeZone, days: [...byDate].map(([date, sums]) => ({ date, figures: toFigures(sums) })) };
    },
  );

  api.get<{ Querystring: HoursQuery; Reply: Hours }>(
    '/console/hours',
    {
      schema: {
        summary: "The heat map of a local date (default today): each child's scans (in + out) by local hour, and the scope's own",
        querystring: HoursQuerySchema, response: { 200: HoursSchema, ...REFUSALS },
      },
    },
    async (request) => {
      const date = checkedDate(request.query.date, calendarDay(deps.now(), deps.timeZone));
      const target = await figureTarget(deps, request, request.query);
      const cells = await scanCells(deps.reads(), target, hoursOfDates(date, date, timeZone), reachesWholeAreas(callerOf(request).scope));
      const rows = target.children.map((c) => ({ kind: c.kind, id: c.id, name: c.name, scans: new Array<number>(24).fill(0) }));
      const total = new Array<number>(24).fill(0);
      // On a day DST makes 25 hours long, two roll-up hours fall on the same local hour: both are counted there.
      const local = (hour: number): number => hourOf(new Date(hour * HOUR_MS), timeZone);
      for (const { hour, scans } of cells.total) total[local(hour)] = (total[local(hour)] ?? 0) + scans;
      for (const { child, hour, scans } of cells.children) {
        const row = rows[child];
        if (row) row.scans[local(hour)] = (row.scans[local(hour)] ?? 0) + scans;
      }
      return { date, timeZone, rows, total };
    },
  );
}
