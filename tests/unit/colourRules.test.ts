/** The green-code rules, transition by transition, and the calendar days they count in (Shanghai by default). */
import { describe, expect, it } from 'vitest';
import { addDays, calendarDay, DEFAULT_TIME_ZONE, endOfDay, isCalendarDay, isTimeZone, startOfDay } from '../../src/core/calendar.ts';
import { COLOUR_RULES, colourOn, eventOf, FEVER_CELSIUS, nextState, type DailyCheckIn, type DayEvent, type RuleState } from '../../src/core/colourRules.ts';

const STATES: RuleState[] = ['none', 'green', 'yellow', 'yellow-missed', 'red', 'red-1', 'red-2'];
const EVENTS: DayEvent[] = ['checked-in', 'symptoms', 'fever-or-isolated', 'missed'];

const clean = (day: string): DailyCheckIn => ({ day, temperature: 36.5, isolated: false, symptoms: false });
/** Check-ins on the given offsets from 2026-03-01. */
const onDays = (...offsets: number[]) => offsets.map((n) => clean(addDays('2026-03-01', n)));
const colourAt = (history: DailyCheckIn[], offset: number) => colourOn(history, addDays('2026-03-01', offset));

describe('the rules table', () => {
  it('has exactly one row for every state and event (or the * row), so the rules are total and unambiguous', () => {
    for (const state of STATES) {
      for (const event of EVENTS) {
        const own = COLOUR_RULES.filter(([from, on]) => from === state && on === event);
        const any = COLOUR_RULES.filter(([from, on]) => from === '*' && on === event);
        expect(own.length, `${state} + ${event}`).toBeLessThanOrEqual(1);
        expect(own.length === 1 || any.length === 1, `${state} + ${event}`).toBe(true);
      }
    }
  });

  it.each([
    ['none', 'checked-in', 'green'], ['none', 'missed', 'none'], ['none', 'symptoms', 'yellow'], ['none', 'fever-or-isolated', 'red'],
    ['green', 'checked-in', 'green'], ['green', 'missed', 'yellow'], ['green', 'symptoms', 'yellow'], ['green', 'fever-or-isolated', 'red'],
    ['yellow', 'checked-in', 'green'], ['yellow', 'missed', 'yellow-missed'], ['yellow', 'symptoms', 'yellow'], ['yellow', 'fever-or-isolated', 'red'],
    ['yellow-missed', 'checked-in', 'green'], ['yellow-missed', 'missed', 'red'], ['yellow-missed', 'symptoms', 'yellow'], ['yellow-missed', 'fever-or-isolated', 'red'],
    ['red', 'checked-in', 'red-1'], ['red', 'missed', 'red'], ['red', 'symptoms', 'red'], ['red', 'fever-or-isolated', 'red'],
    ['red-1', 'checked-in', 'red-2'], ['red-1', 'missed', 'red'], ['red-1', 'symptoms', 'red'], ['red-1', 'fever-or-isolated', 'red'],
    ['red-2', 'checked-in', 'green'], ['red-2', 'missed', 'red'], ['red-2', 'symptoms', 'red'], ['red-2', 'fever-or-isolated', 'red'],
  ] as Array<[RuleState, DayEvent, RuleState]>)('%s + %s → %s', (from, event, to) => {
    expect(nextState(from, event)).toBe(to);
  });

  it('reads a check-in as an event: fever from 37.3 °C, isolation, then symptoms', () => {
    expect(FEVER_CELSIUS).toBe(37.3);
    expect(eventOf({ ...clean('2026-03-01'), temperature: 37.2 })).toBe('checked-in');
    expect(eventOf({ ...clean('2026-03-01'), temperature: 37.3 })).toBe('fever-or-isolated');
    expect(eventOf({ ...clean('2026-03-01'), isolated: true })).toBe('fever-or-isolated');
    expect(eventOf({ ...clean('2026-03-01'), symptoms: true })).toBe('symptoms');
    expect(eventOf({ ...clean('2026-03-01'), symptoms: true, temperature: 38 })).toBe('fever-or-isolated');
  });
});

describe('colour on a day, from the check-in history', () => {
  it('has no colour before the first check-in, and green from it', () => {
    expect(colourOn([], '2026-03-01')).toEqual({ state: 'none', colour: null });
    expect(colourAt(onDays(1), 0)).toEqual({ state: 'none', colour: null }); // a check-in tomorrow does not count today
    expect(colourAt(onDays(0), 0)).toEqual({ state: 'green', colour: 'green' });
  });

  it('stays green with a check-in every day; today without one yet is not a missed day', () => {
    expect(colourAt(onDays(0, 1, 2, 3), 3).colour).toBe('green');
    expect(colourAt(onDays(0, 1, 2), 3).colour).toBe('green');
  });

  it('turns yellow the day after a day without a check-in, and green again with a check-in', () => {
    expect(colourAt(onDays(0), 2)).toEqual({ state: 'yellow', colour: 'yellow' }); // day 1 missed
    expect(colourAt(onDays(0, 2), 2).colour).toBe('green'); // checks in on day 2: green at once
  });

  it('turns red after two yellow days without a check-in', () => {
    expect(colourAt(onDays(0), 3)).toEqual({ state: 'yellow-missed', colour: 'yellow' }); // yellow on day 2, missed
    expect(colourAt(onDays(0), 4)).toEqual({ state: 'red', colour: 'red' }); // yellow on day 3, missed as well
    expect(colourAt(onDays(0, 3), 3).colour).toBe('green'); // the second yellow day checks in: green
  });

  it('needs three consecutive check-ins to turn red to green; a gap starts the three over', () => {
    expect(colourAt(onDays(0, 4), 4)).toEqual({ state: 'red-1', colour: 'red' });
    expect(colourAt(onDays(0, 4, 5), 5)).toEqual({ state: 'red-2', colour: 'red' });
    expect(colourAt(onDays(0, 4, 5, 6), 6)).toEqual({ state: 'green', colour: 'green' });
    expect(colourAt(onDays(0, 4, 5, 7, 8), 8)).toEqual({ state: 'red-2', colour: 'red' }); // day 6 missed
    expect(colourAt(onDays(0, 4, 5, 7, 8, 9), 9).colour).toBe('green');
  });

  it('makes a fever or isolation red at once, and red until three clean days follow', () => {
    const feverish = [...onDays(0, 1), { ...clean('2026-03-03'), temperature: 38.1 }];
    expect(colourAt(feverish, 2)).toEqual({ state: 'red', colour: 'red' });
    const isolated = [...onDays(0), { ...clean('2026-03-02'), isolated: true }, { ...clean('2026-03-03'), isolated: true }];
    expect(colourAt(isolated, 2).colour).toBe('red');
    const recovering = [...feverish, ...onDays(3, 4)];
    expect(colourAt(recovering, 4).colour).toBe('red');
    expect(colourAt([...recovering, ...onDays(5)], 5).colour).toBe('green');
  });

  it('makes symptoms yellow, and the next clean check-in green', () => {
    const history = [...onDays(0), { ...clean('2026-03-02'), symptoms: true }];
    expect(colourAt(history, 1)).toEqual({ state: 'yellow', colour: 'yellow' });
    expect(colourAt([...history, ...onDays(2)], 2).colour).toBe('green');
  });

  it('ignores check-ins after the day asked for, and lets a later check-in of the same day win', () => {
    expect(colourAt([...onDays(0), { ...clean('2026-03-05'), temperature: 39 }], 1).colour).toBe('green');
    expect(colourAt([{ ...clean('2026-03-01'), temperature: 39 }, clean('2026-03-01')], 0).colour).toBe('green');
  });

  it('refuses a day that is not YYYY-MM-DD', () => {
    expect(() => colourOn([], '2026-02-30')).toThrow(RangeError);
    expect(() => colourOn([], '1 March')).toThrow(RangeError);
  });
});

describe('calendar days in a time zone', () => {
  const SH = DEFAULT_TIME_ZONE;

  it('defaults to Shanghai and knows a zone from a typo', () => {
    expect(SH).toBe('Asia/Shanghai');
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Shangai')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('puts 23:59 and 00:00 Shanghai time on different days', () => {
    expect(calendarDay(new Date('2026-03-01T23:59:59.999+08:00'), SH)).toBe('2026-03-01');
    expect(calendarDay(new Date('2026-03-02T00:00:00.000+08:00'), SH)).toBe('2026-03-02');
  });

  it('counts a check-in at 23:30 UTC for the next Shanghai day', () => {
    expect(calendarDay(new Date('2026-03-01T23:30:00Z'), SH)).toBe('2026-03-02');
    expect(calendarDay(new Date('2026-03-01T23:30:00Z'), 'UTC')).toBe('2026-03-01');
    expect(calendarDay(new Date('2026-03-01T15:59:59Z'), SH)).toBe('2026-03-01');
    expect(calendarDay(new Date('2026-03-01T16:00:00Z'), SH)).toBe('2026-03-02');
  });

  it('starts and ends a Shanghai day at local midnight', () => {
    expect(startOfDay('2026-03-02', SH).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(endOfDay('2026-03-02', SH).toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(endOfDay('2026-12-31', SH).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('handles days of 23 and 25 hours, and a DST jump that skips midnight', () => {
    expect(endOfDay('2026-03-29', 'Europe/Berlin').getTime() - startOfDay('2026-03-29', 'Europe/Berlin').getTime()).toBe(23 * 3600_000);
    expect(endOfDay('2026-10-25', 'Europe/Berlin').getTime() - startOfDay('2026-10-25', 'Europe/Berlin').getTime()).toBe(25 * 3600_000);
    // São Paulo, 4 November 2018: clocks went from 00:00 to 01:00, so the day began at 01:00 local (03:00 UTC).
    expect(startOfDay('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
  });

  it('adds days across months and leap years, and checks the format', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-2-1')).toBe(false);
  });
});
