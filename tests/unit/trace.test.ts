/** Tracing's pure part (issue #16): stays paired from passages, a place's visitors in a window, and contacts ranked by overlap. */
import { describe, expect, it } from 'vitest';
import { findContacts, findVisitors, HOUR_MS, MINUTE_MS, pairStays, type PairingRules, type TracePoint } from '../../src/core/trace.ts';

/** Minutes from 2026-11-30 00:00 UTC, so a test reads its times as a clock. */
const at = (hh: number, mm = 0): number => Date.UTC(2026, 10, 30, hh, mm);

interface Row extends TracePoint {
  gate: string;
}

const row = (personId: string | null, placeId: string, direction: 'in' | 'out', atMs: number, gate = `${placeId}-1`, verdict: Row['verdict'] = 'pass'): Row =>
  ({ personId, placeId, direction, atMs, gate, verdict });

/** Places "road" logs only entries; every other place logs exits too. */
const RULES: PairingRules = { openMs: 12 * HOUR_MS, logsExits: (placeId) => placeId !== 'road' };

const spans = (stays: ReturnType<typeof pairStays<Row>>) =>
  stays.map((s) => ({ person: s.personId, place: s.placeId, entry: s.entry?.gate ?? null, exit: s.exit?.gate ?? null, from: s.fromMs, to: s.toMs }));

describe('pairStays', () => {
  it('pairs an entry with the next exit at any gate of the same place, across midnight too', () => {
    const stays = pairStays([
      row('A', 'home', 'out', at(23, 30) + 0, 'home-2'),
      row('A', 'home', 'in', at(22), 'home-1'),
      row('A', 'market', 'in', at(8)),
      row('A', 'market', 'out', at(9, 40)),
      row('A', 'home', 'in', at(23, 45)),
      row('A', 'home', 'out', at(23, 45) + 2 * HOUR_MS, 'home-2'),
    ], RULES);
    expect(spans(stays)).toEqual([
      { person: 'A', place: 'market', entry: 'market-1', exit: 'market-1', from: at(8), to: at(9, 40) },
      { person: 'A', place: 'home', entry: 'home-1', exit: 'home-2', from: at(22), to: at(23, 30) },
      { person: 'A', place: 'home', entry: 'home-1', exit: 'home-2', from: at(23, 45), to: at(23, 45) + 2 * HOUR_MS },
    ]);
  });

  it('leaves a missing exit open for the bound, or up to the next entry there', () => {
    const stays = pairStays([row('A', 'home', 'in', at(1)), row('A', 'home', 'in', at(3)), row('A', 'market', 'in', at(4))], RULES);
    expect(spans(stays)).toEqual([
      { person: 'A', place: 'home', entry: 'home-1', exit: null, from: at(1), to: at(3) },
      { person: 'A', place: 'home', entry: 'home-1', exit: null, from: at(3), to: at(15) },
      { person: 'A', place: 'market', entry: 'market-1', exit: null, from: at(4), to: at(16) },
    ]);
  });

  it('starts an exit without entry the bound before it, not before the previous stay there ended', () => {
    const stays = pairStays([row('A', 'home', 'out', at(14)), row('A', 'home', 'in', at(15)), row('A', 'home', 'out', at(16)), row('A', 'home', 'out', at(18))], RULES);
    expect(spans(stays)).toEqual([
      { person: 'A', place: 'home', entry: null, exit: 'home-1', from: at(2), to: at(14) },
      { person: 'A', place: 'home', entry: 'home-1', exit: 'home-1', from: at(15), to: at(16) },
      { person: 'A', place: 'home', entry: null, exit: 'home-1', from: at(16), to: at(18) },
    ]);
  });

  it('makes no stay of stopped scans, anonymous passages, or a place that logs no exits', () => {
    const stays = pairStays([
      row('A', 'home', 'in', at(8), 'home-1', 'stop'), row(null, 'home', 'in', at(8)), row('A', 'road', 'in', at(9)), row('A', 'home', 'out', at(10)),
    ], RULES);
    expect(spans(stays)).toEqual([{ person: 'A', place: 'home', entry: null, exit: 'home-1', from: at(-2), to: at(10) }]);
  });
});

describe('findVisitors', () => {
  const passages = [
    row('A', 'home', 'in', at(6)), // inside from before the window, out in it
    row('A', 'home', 'out', at(9), 'home-2'),
    row('B', 'home', 'in', at(8, 30), 'home-2'), // in during the window, out after it
    row('B', 'home', 'out', at(11)),
    row('C', 'home', 'in', at(1)), // never left: open for 12 h
    row('D', 'home', 'in', at(11)), // after the window
    row('E', 'home', 'in', at(9, 30), 'home-1', 'stop'), // turned away: passed, never inside
    row(null, 'home', 'in', at(9)),
  ];

  it('names who passed or was inside in the window, those inside before it first', () => {
    const found = findVisitors(passages, RULES, at(8), at(10));
    expect(found.map((v) => [v.personId, v.passages.map((p) => p.atMs), v.stays.map((s) => [s.fromMs, s.toMs]), v.insideBefore])).toEqual([
      ['C', [], [[at(1), at(13)]], true],
      ['A', [at(9)], [[at(6), at(9)]], true],
      ['B', [at(8, 30)], [[at(8, 30), at(11)]], false],
      ['E', [at(9, 30)], [], false],
    ]);
  });

  it('narrows to one gate: its passages, and stays entered or left through it', () => {
    const found = findVisitors(passages, RULES, at(8), at(10), (p) => p.gate === 'home-2');
    expect(found.map((v) => [v.personId, v.passages.length, v.stays.length])).toEqual([['A', 1, 1], ['B', 1, 1]]);
  });
});

describe('findContacts', () => {
  it('meets those inside at the same time, for the time both were, ranked by it', () => {
    const passages = [
      row('T', 'home', 'in', at(8)), row('T', 'home', 'out', at(10), 'home-2'),
      row('X', 'home', 'in', at(9)), row('X', 'home', 'out', at(12)), // 60 min
      row('Y', 'home', 'in', at(7)), row('Y', 'home', 'out', at(8, 10)), // 10 min
      row('Z', 'home', 'in', at(10)), row('Z', 'home', 'out', at(11)), // touches at 10:00 only: no contact
      row('W', 'market', 'in', at(9)), row('W', 'market', 'out', at(9, 30)), // elsewhere
    ];
    const found = findContacts('T', passages, { ...RULES, windowMs: 15 * MINUTE_MS, fromMs: at(0), untilMs: at(24) });
    expect(found).toEqual([
      { personId: 'X', overlapMs: HOUR_MS, meetings: [{ placeId: 'home', fromMs: at(9), toMs: at(10), kind: 'stay' }] },
      { personId: 'Y', overlapMs: 10 * MINUTE_MS, meetings: [{ placeId: 'home', fromMs: at(8), toMs: at(8, 10), kind: 'stay' }] },
    ]);
  });

  it('where only entries exist, meets those who passed within ± the window', () => {
    const passages = [row('T', 'road', 'in', at(9)), row('P', 'road', 'in', at(9, 15)), row('Q', 'road', 'in', at(8, 44)), row('R', 'road', 'in', at(9, 5), 'road-1', 'stop')];
    const found = findContacts('T', passages, { ...RULES, windowMs: 15 * MINUTE_MS, fromMs: at(0), untilMs: at(24) });
    expect(found).toEqual([{ personId: 'P', overlapMs: 0, meetings: [{ placeId: 'road', fromMs: at(9), toMs: at(9, 15), kind: 'passage' }] }]);
    expect(findContacts('T', passages, { ...RULES, windowMs: 0, fromMs: at(0), untilMs: at(24) })).toEqual([]);
  });

  it('counts only time within the range, and leaves out whom it is told to', () => {
    const passages = [row('T', 'home', 'in', at(8)), row('T', 'home', 'out', at(12)), row('X', 'home', 'in', at(8)), row('X', 'home', 'out', at(12)), row('Y', 'home', 'in', at(9))];
    const found = findContacts('T', passages, { ...RULES, windowMs: 0, fromMs: at(11), untilMs: at(24) }, new Set(['Y']));
    expect(found).toEqual([{ personId: 'X', overlapMs: HOUR_MS, meetings: [{ placeId: 'home', fromMs: at(11), toMs: at(12), kind: 'stay' }] }]);
  });
});
