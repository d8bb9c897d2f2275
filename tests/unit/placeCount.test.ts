import { describe, expect, it } from 'vitest';
import { baselineOf, insideAtGate, insideFrom, isResetTime, lastResetBefore, passageOf, replacesCount, type PlaceCount } from '../../src/core/placeCount.ts';

const ZONE = 'Asia/Shanghai';
const count = (inside: number): PlaceCount => ({ placeId: 'p', placeName: 'P', inside, capacity: 10, gates: 2, since: null, countedAt: '2026-11-30T06:00:00.000Z' });

describe('a place reset daily', () => {
  it('reads HH:MM only', () => {
    expect(['02:00', '00:00', '23:59'].every(isResetTime)).toBe(true);
    expect(['2:00', '24:00', '02:60', '02:00:00', ''].some(isResetTime)).toBe(false);
  });

  it('resets at the last 02:00 on the zone’s clock: today’s once past it, else yesterday’s', () => {
    // 2026-11-30 01:00 in Shanghai is 2026-11-29T17:00Z: before today's 02:00, so yesterday's (2026-11-28T18:00Z).
    expect(lastResetBefore(new Date('2026-11-29T17:00:00Z'), '02:00', ZONE).toISOString()).toBe('2026-11-28T18:00:00.000Z');
    expect(lastResetBefore(new Date('2026-11-29T18:00:00Z'), '02:00', ZONE).toISOString()).toBe('2026-11-29T18:00:00.000Z');
    expect(lastResetBefore(new Date('2026-11-30T03:00:00Z'), '02:00', ZONE).toISOString()).toBe('2026-11-29T18:00:00.000Z');
  });

  it('counts from the newer of the reset and a correction', () => {
    const now = new Date('2026-11-30T03:00:00Z');
    const reset = Date.parse('2026-11-29T18:00:00Z');
    expect(baselineOf(now, null, ZONE, null)).toEqual({ atMs: null, inside: 0 });
    expect(baselineOf(now, '02:00', ZONE, null)).toEqual({ atMs: reset, inside: 0 });
    expect(baselineOf(now, '02:00', ZONE, { atMs: reset - 1, inside: 7 })).toEqual({ atMs: reset, inside: 0 });
    expect(baselineOf(now, '02:00', ZONE, { atMs: reset + 1, inside: 7 })).toEqual({ atMs: reset + 1, inside: 7 });
    expect(baselineOf(now, null, ZONE, { atMs: reset + 1, inside: 7 })).toEqual({ atMs: reset + 1, inside: 7 });
  });
});

describe('the count', () => {
  it('is the baseline plus entries minus exits, never below zero', () => {
    expect(insideFrom({ atMs: null, inside: 0 }, 5, 2)).toBe(3);
    expect(insideFrom({ atMs: 1, inside: 4 }, 1, 2)).toBe(3);
    expect(insideFrom({ atMs: null, inside: 0 }, 1, 5)).toBe(0);
  });

  it('at the gate: the server’s count and the tablet’s unsent passages; its own day before any count came', () => {
    expect(insideAtGate(count(8), 2, 99)).toBe(10);
    expect(insideAtGate(count(1), -3, 99)).toBe(0);
    expect(insideAtGate(null, 2, 5)).toBe(5);
  });

  it('heard late, a count made before the one held is not taken: a poll that crossed a sync would let a full place’s next person in', () => {
    const at = (inside: number, countedAt: string): PlaceCount => ({ ...count(inside), countedAt });
    const held = at(1, '2026-11-30T06:00:05.000Z'); // the sync's count, after the entry it stored
    const heardAt = '2026-11-30T06:00:05.500Z';
    const now = new Date('2026-11-30T06:00:06.000Z');
    expect(replacesCount(held, heardAt, at(0, '2026-11-30T06:00:02.000Z'), now)).toBe(false); // the poll asked for before it
    expect(replacesCount(held, heardAt, at(2, '2026-11-30T06:00:05.000Z'), now)).toBe(true);
    expect(replacesCount(held, heardAt, at(2, '2026-11-30T06:00:09.000Z'), now)).toBe(true);
    expect(replacesCount(null, null, at(0, '2026-11-30T06:00:02.000Z'), now)).toBe(true);
    expect(replacesCount(held, heardAt, { ...at(0, '2026-11-30T06:00:02.000Z'), placeId: 'other' }, now)).toBe(true);
    // A server whose clock went back is heard again once the count held is stale, so the gate never sticks on it.
    expect(replacesCount(held, heardAt, at(0, '2026-11-30T05:00:00.000Z'), new Date('2026-11-30T06:11:00.000Z'))).toBe(true);
  });

  it('moves only for people who went through', () => {
    expect(passageOf({ direction: 'in', verdict: 'pass' })).toBe(1);
    expect(passageOf({ direction: 'out', verdict: 'pass' })).toBe(-1);
    expect(passageOf({ direction: 'in', verdict: 'stop' })).toBe(0);
    expect(passageOf({ direction: 'out', verdict: 'check' })).toBe(0);
  });
});
