import { describe, expect, it } from 'vitest';
import { hourOf } from '../../src/core/calendar.ts';
import { emptyDay, withEntry } from '../../src/core/figures.ts';

const pass = (direction: 'in' | 'out') => ({ direction, verdict: 'pass' as const, reasons: [], colour: 'green' as const });

describe('day figures', () => {
  it('counts in, out, stopped by reason, colours, hours and key persons', () => {
    let f = emptyDay('2026-11-23');
    f = withEntry(f, pass('in'), 8);
    f = withEntry(f, pass('in'), 8);
    f = withEntry(f, { direction: 'in', verdict: 'stop', reasons: ['colour-red'], colour: 'red' }, 9);
    f = withEntry(f, { direction: 'in', verdict: 'check', reasons: ['key-person', 'kp-from-wuhan'], colour: null }, 9);
    f = withEntry(f, pass('out'), 17);
    expect(f).toMatchObject({ scansIn: 4, scansOut: 1, passedIn: 2, passedOut: 1, inside: 1, stopped: 1, checked: 1, keyPersonHits: 1 });
    expect(f.reasons).toEqual({ 'colour-red': 1, 'key-person': 1, 'kp-from-wuhan': 1 });
    expect(f.colours).toEqual({ green: 3, yellow: 0, red: 1 });
    expect(f.hours[8]).toBe(2);
    expect(f.hours[9]).toBe(2);
    expect(f.hours[17]).toBe(1);
  });

  it('never counts fewer than nobody inside: exits of people who came in before the count began', () => {
    let f = emptyDay('2026-11-23');
    f = withEntry(f, pass('out'), 7);
    f = withEntry(f, pass('out'), 7);
    expect(f.inside).toBe(0);
    f = withEntry(f, pass('in'), 8);
    expect(f.inside).toBe(1);
  });

  it('does not change the figures it was given', () => {
    const f = emptyDay('2026-11-23');
    withEntry(f, pass('in'), 8);
    expect(f.passedIn).toBe(0);
    expect(f.hours[8]).toBe(0);
  });

  it('reads the hour on the wall clock of the zone', () => {
    expect(hourOf(new Date('2026-11-23T01:30:00Z'), 'Asia/Shanghai')).toBe(9);
    expect(hourOf(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toBe(0);
  });
});
