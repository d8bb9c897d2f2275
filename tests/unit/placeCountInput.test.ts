/** What a person types to correct a place's inside count or set its daily reset (issue #17), checked alike by the CLI and the console. */
import { describe, expect, it } from 'vitest';
import { correctionReason, insideCount, MAX_INSIDE, resetTimeOf } from '../../src/core/placeCountInput.ts';

describe('place count input', () => {
  it('takes a reason of 2–200 characters, trimmed', () => {
    expect(correctionReason('  清场后人工清点 ')).toEqual({ ok: true, value: '清场后人工清点' });
    for (const bad of [undefined, '', ' x ', 'x'.repeat(201)]) expect(correctionReason(bad)).toEqual({ ok: false, error: 'place-count-reason-missing' });
  });

  it('takes a whole number of persons from 0 to the most a capacity may be', () => {
    expect(insideCount('0')).toEqual({ ok: true, value: 0 });
    expect(insideCount(` ${MAX_INSIDE} `)).toEqual({ ok: true, value: MAX_INSIDE });
    for (const bad of ['', '-1', '1.5', '1e3', String(MAX_INSIDE + 1), '十']) expect(insideCount(bad)).toEqual({ ok: false, error: 'place-count-invalid' });
  });

  it('takes a reset time as HH:MM, or none', () => {
    expect(resetTimeOf('02:00')).toEqual({ ok: true, value: '02:00' });
    expect(resetTimeOf('none')).toEqual({ ok: true, value: null });
    for (const bad of ['2:00', '24:00', '02:60', '0200', 'never']) expect(resetTimeOf(bad)).toEqual({ ok: false, error: 'place-reset-time-invalid' });
  });
});
