import { describe, expect, it } from 'vitest';
import { hourOf } from '../../src/core/calendar.ts';
import { emptyDay, readDay, withEntry, type StoredDay } from '../../src/core/figures.ts';
import type { Outcome } from '../../src/core/entry.ts';

const pass = (direction: 'in' | 'out') => ({ direction, verdict: 'pass' as const, reasons: [], colour: 'green' as const });
/** A follow-up as the gate writes it: the scan's direction and colour, its outcome's verdict, no reasons. */
const followUp = (direction: 'in' | 'out', of: number, outcome: Outcome) => ({
  direction, verdict: outcome === 'release' ? 'pass' as const : 'stop' as const, reasons: [], colour: 'red' as const, followUp: { of, outcome, note: null },
});

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
    expect(f.colours).toEqual({ green: 3, blue: 0, yellow: 0, red: 1 });
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

  it('counts follow-ups by outcome, a 放行 as a pass, and none as a new scan, stop, colour or hour', () => {
    let f = emptyDay('2026-11-23');
    f = withEntry(f, { direction: 'in', verdict: 'stop', reasons: ['colour-red'], colour: 'red' }, 9);
    f = withEntry(f, followUp('in', 1, 'turned-back'), 9);
    f = withEntry(f, { direction: 'in', verdict: 'check', reasons: ['key-person'], colour: 'yellow' }, 10);
    f = withEntry(f, followUp('in', 3, 'release'), 11);
    expect(f).toMatchObject({ scansIn: 2, scansOut: 0, passedIn: 1, passedOut: 0, inside: 1, stopped: 1, checked: 1, keyPersonHits: 1 });
    expect(f.outcomes).toEqual({ release: 1, 'turned-back': 1, hospital: 0, quarantine: 0, other: 0 });
    expect(f.reasons).toEqual({ 'colour-red': 1, 'key-person': 1 });
    expect(f.colours).toEqual({ green: 0, blue: 0, yellow: 1, red: 1 });
    expect([f.hours[9], f.hours[10], f.hours[11]]).toEqual([1, 1, 0]);
    // Let out after a check on the way out: the inside count goes down with them.
    f = withEntry(f, followUp('out', 4, 'release'), 12);
    f = withEntry(f, followUp('in', 4, 'quarantine'), 12);
    expect(f).toMatchObject({ passedOut: 1, inside: 0, stopped: 1, scansOut: 0 });
    expect(f.outcomes).toEqual({ release: 2, 'turned-back': 1, hospital: 0, quarantine: 1, other: 0 });
  });

  it('reads a day stored before follow-ups with zero outcomes, and goes on counting it', () => {
    const { outcomes: _, ...old } = withEntry(emptyDay('2026-11-23'), pass('in'), 8);
    const stored: StoredDay = old;
    expect(readDay(stored).outcomes).toEqual({ release: 0, 'turned-back': 0, hospital: 0, quarantine: 0, other: 0 });
    expect(readDay(stored)).toMatchObject({ passedIn: 1, inside: 1 });
    const next = withEntry(stored, followUp('in', 1, 'hospital'), 9);
    expect(next.outcomes.hospital).toBe(1);
    expect(emptyDay('2026-11-24').outcomes).toEqual(readDay(stored).outcomes);
  });

  it('counts a vehicle per driver, its passengers as scans only; reads a day from before vehicles with none', () => {
    const car = (role: 'driver' | 'passenger') => ({ ...pass('in'), vehicle: { plate: '豫M12345', id: '11111111-2222-4333-8444-555555555555', role } });
    let f = withEntry(emptyDay('2026-11-23'), car('driver'), 8);
    f = withEntry(withEntry(f, car('passenger'), 8), car('passenger'), 8);
    f = withEntry(f, pass('in'), 8);
    expect(f).toMatchObject({ vehicles: 1, scansIn: 4, passedIn: 4 });
    expect(emptyDay('2026-11-24').vehicles).toBe(0);
    const { vehicles: _, ...old } = withEntry(emptyDay('2026-11-23'), pass('in'), 8);
    expect(readDay(old).vehicles).toBe(0);
    expect(withEntry(old, car('driver'), 9).vehicles).toBe(1);
  });

  it('reads a day stored before blue with none, and counts a blue code on it', () => {
    const { colours: { blue: _, ...colours }, ...rest } = withEntry(emptyDay('2026-11-23'), pass('in'), 8);
    const old: StoredDay = { ...rest, colours };
    expect(readDay(old).colours).toEqual({ green: 1, blue: 0, yellow: 0, red: 0 });
    const next = withEntry(old, { direction: 'in', verdict: 'check', reasons: ['colour-blue'], colour: 'blue' }, 9);
    expect(next.colours).toEqual({ green: 1, blue: 1, yellow: 0, red: 0 });
    expect(next).toMatchObject({ checked: 1, reasons: { 'colour-blue': 1 } });
  });

  it('reads the hour on the wall clock of the zone', () => {
    expect(hourOf(new Date('2026-11-23T01:30:00Z'), 'Asia/Shanghai')).toBe(9);
    expect(hourOf(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toBe(0);
  });
});
