/** Sanmenxia's green-code rules as a table to check against the report, and a resident's colour on a day from their check-ins. */
import { addDays, daysBetween, isCalendarDay, type CalendarDay } from './calendar.ts';
import type { Colour } from './entry.ts';

/** 37.3 °C and above is fever, as at the gate (DESIGN: "Fever (default ≥ 37.3 °C)"). */
export const FEVER_CELSIUS = 37.3;

/** One day's check-in as the rules need it; a second check-in the same day is merged into it (the worse answers stay) before it gets here. */
export interface DailyCheckIn {
  day: CalendarDay;
  temperature: number;
  isolated: boolean;
  symptoms: boolean;
}

/**
 * What one calendar day amounted to. A check-in counts the moment it is made; `missed` is known only
 * once the day is over, so today without a check-in (yet) is not a missed day.
 */
export type DayEvent = 'checked-in' | 'symptoms' | 'fever-or-isolated' | 'missed';

/**
 * Where a resident stands. The counters the report implies live in the state: `yellow-missed` is a
 * yellow code that has already gone one yellow day without a check-in; `red-1`/`red-2` are a red code
 * with one or two of its three consecutive check-ins done. `none`: no check-in ever, so no application.
 */
export const RULE_STATES = ['none', 'green', 'yellow', 'yellow-missed', 'red', 'red-1', 'red-2'] as const;
export type RuleState = (typeof RULE_STATES)[number];

export const STATE_COLOUR: Readonly<Record<RuleState, Colour | null>> = {
  none: null, green: 'green', yellow: 'yellow', 'yellow-missed': 'yellow', red: 'red', 'red-1': 'red', 'red-2': 'red',
};

type Row = readonly [from: RuleState | '*', on: DayEvent, to: RuleState];

/**
 * The rules, one row per transition; a row for a state wins over a `*` row. The report (三门峡):
 * "一天不打卡绿码变黄码，黄码打卡后变绿码，连续两天黄码不打卡变红码，红码需连续三天打卡才能变绿码";
 * green needs "两无一打卡一申请": not isolated, no fever, the daily check-in, and an application.
 */
export const COLOUR_RULES: readonly Row[] = [
  // state          event                 next state
  ['none',          'checked-in',         'green'],         // 一申请一打卡: the first check-in is the application
  ['none',          'missed',             'none'],          // nothing applied for, nothing to turn
  ['green',         'checked-in',         'green'],         // 一打卡: the daily check-in keeps it green
  ['green',         'missed',             'yellow'],        // 一天不打卡绿码变黄码
  ['yellow',        'checked-in',         'green'],         // 黄码打卡后变绿码
  ['yellow',        'missed',             'yellow-missed'], // 黄码不打卡: the first of the two yellow days
  ['yellow-missed', 'checked-in',         'green'],         // 黄码打卡后变绿码
  ['yellow-missed', 'missed',             'red'],           // 连续两天黄码不打卡变红码
  ['red',           'checked-in',         'red-1'],         // 红码需连续三天打卡: the first day
  ['red-1',         'checked-in',         'red-2'],         //   the second day
  ['red-2',         'checked-in',         'green'],         //   the third day: 才能变绿码
  ['red',           'missed',             'red'],           // 连续: a missed day starts the three over
  ['red-1',         'missed',             'red'],
  ['red-2',         'missed',             'red'],
  // 两无 (not isolated, no fever): Kadian's reading. Both stand beside isolation in the report, and red is the
  // colour of 14 days' isolation; red also asks three clean days in a row to turn green, the usual
  // "连续3天体温正常" before a fever is over. So a fever or isolation makes red from any state, and keeps it red.
  ['*',             'fever-or-isolated',  'red'],
  // Symptoms without fever are not one of the two 无, so not red; but such a check-in is not the clean daily
  // check-in green needs either: yellow, which the next clean check-in turns green. A red code's streak restarts.
  ['none',          'symptoms',           'yellow'],
  ['green',         'symptoms',           'yellow'],
  ['yellow',        'symptoms',           'yellow'],
  ['yellow-missed', 'symptoms',           'yellow'],        // checked in, so no longer heading for red by silence
  ['red',           'symptoms',           'red'],
  ['red-1',         'symptoms',           'red'],
  ['red-2',         'symptoms',           'red'],
];

/** The next state by the table; every state has exactly one row (or the `*` row) for every event. */
export function nextState(state: RuleState, event: DayEvent): RuleState {
  const row = COLOUR_RULES.find(([from, on]) => from === state && on === event) ?? COLOUR_RULES.find(([from, on]) => from === '*' && on === event);
  if (!row) throw new Error(`the colour rules have no row for ${state} + ${event}`);
  return row[2];
}

/** Fever or isolation outranks symptoms: the worse reading decides the day. */
export function eventOf(checkIn: DailyCheckIn): DayEvent {
  if (checkIn.isolated || checkIn.temperature >= FEVER_CELSIUS) return 'fever-or-isolated';
  return checkIn.symptoms ? 'symptoms' : 'checked-in';
}

export interface ColourOnDay {
  state: RuleState;
  /** null: the resident has never checked in, so has no code colour yet. */
  colour: Colour | null;
}

/**
 * Where the rules stood at the end of `day`, a day whose check-ins are no longer kept (the server deletes them after its
 * retention): the days after it are replayed from `state` instead of from the first check-in.
 */
export interface CarriedState {
  day: CalendarDay;
  state: RuleState;
}

/**
 * The colour on `day`: every day from the first check-in (or from the day after `carried`) up to the day before `day`
 * counts (checked in or missed), and `day` itself counts only if checked in, since it is not over yet. So a check-in
 * turns a yellow code green at once, and a day without a check-in turns green to yellow on the following day.
 * Check-ins after `day`, and those on or before `carried.day` (already in its state), are ignored; with two for one
 * day, the later in the list wins.
 */
export function colourOn(history: readonly DailyCheckIn[], day: CalendarDay, carried: CarriedState | null = null): ColourOnDay {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  const byDay = new Map<CalendarDay, DailyCheckIn>();
  for (const c of history) if (c.day <= day && (carried === null || c.day > carried.day)) byDay.set(c.day, c);
  let state: RuleState = carried?.state ?? 'none';
  const first = carried === null ? [...byDay.keys()].sort()[0] : addDays(carried.day, 1);
  if (first === undefined) return { state, colour: null };
  const days = daysBetween(first, day);
  for (let i = 0; i <= days; i++) {
    const d = addDays(first, i);
    const checkIn = byDay.get(d);
    if (checkIn) state = nextState(state, eventOf(checkIn));
    else if (d < day) state = nextState(state, 'missed');
  }
  return { state, colour: STATE_COLOUR[state] };
}
