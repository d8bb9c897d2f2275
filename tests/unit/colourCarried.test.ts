/** Issue #16: a resident's colour is the same whether their days are replayed from the first check-in or from the state retention carried past the days it deleted. */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar.ts';
import { colourOn, type DailyCheckIn } from '../../src/core/colourRules.ts';
import { seededRandom } from './seededRandom.ts';

const START = '2026-03-01';


/** Check-ins over `days` days, some missed, some with fever or symptoms. */
function history(next: () => number, days: number): DailyCheckIn[] {
  const out: DailyCheckIn[] = [];
  for (let i = 0; i < days; i++) {
    const r = next();
    if (r < 0.3) continue;
    out.push({ day: addDays(START, i), temperature: r > 0.95 ? 38.2 : 36.5, isolated: false, symptoms: r > 0.9 && r <= 0.95 });
  }
  return out;
}

describe('the colour past the days retention deleted', () => {
  it('is the colour of the whole history, for any history and any cutoff', () => {
    const next = seededRandom(16);
    for (let n = 0; n < 300; n++) {
      const all = history(next, 60);
      const cutoff = addDays(START, Math.floor(next() * 60));
      const day = addDays(cutoff, Math.floor(next() * 20));
      const before = all.filter((c) => c.day < cutoff);
      if (before.length === 0) continue; // retention deletes nothing of this person: nothing is carried
      // What retention keeps: the state at the end of the day before the cutoff, then the days from the cutoff on.
      const carried = { day: addDays(cutoff, -1), state: colourOn(before, cutoff).state };
      expect(colourOn(all.filter((c) => c.day >= cutoff), day, carried), `${JSON.stringify(all)} cut ${cutoff} on ${day}`).toEqual(colourOn(all, day));
    }
  });

  it('ignores check-ins the carried state already holds, and is that state on its own day', () => {
    const carried = { day: '2026-03-10', state: 'red' as const };
    const old = { day: '2026-03-09', temperature: 36.5, isolated: false, symptoms: false };
    expect(colourOn([old], '2026-03-10', carried)).toEqual({ state: 'red', colour: 'red' });
    expect(colourOn([old, { ...old, day: '2026-03-11' }], '2026-03-11', carried)).toEqual({ state: 'red-1', colour: 'red' });
  });
});
