/** Self check-in (issue #20): the result of a passage at a poster, what the phone is shown of it, and the poster's page path. */
import { describe, expect, it } from 'vitest';
import { posterPlaceOf, posterUrl } from '../../src/core/posterPath.ts';
import { judgeSelfPassage, shownToPhone } from '../../src/core/selfPassage.ts';

const facts = { direction: 'in' as const, colour: null, listReasons: [], inside: 0, capacity: null };

describe('judgeSelfPassage', () => {
  it('passes a green or unknown person into a place with room, and never stops anyone', () => {
    expect(judgeSelfPassage(facts)).toEqual({ verdict: 'pass', reasons: [] });
    expect(judgeSelfPassage({ ...facts, colour: 'green' })).toEqual({ verdict: 'pass', reasons: ['colour-green'] });
    expect(judgeSelfPassage({ ...facts, colour: 'yellow' }).verdict).toBe('pass');
  });

  it('asks for a check of a red code, a key person and an entry into a full place, with the gate\'s reasons', () => {
    expect(judgeSelfPassage({ ...facts, colour: 'red' })).toEqual({ verdict: 'check', reasons: ['colour-red'] });
    expect(judgeSelfPassage({ ...facts, listReasons: ['kp-close-contact'] })).toEqual({ verdict: 'check', reasons: ['key-person', 'kp-close-contact'] });
    expect(judgeSelfPassage({ ...facts, inside: 5, capacity: 5 })).toEqual({ verdict: 'check', reasons: ['capacity-full'] });
    // Leaving a full place is never held up.
    expect(judgeSelfPassage({ ...facts, direction: 'out', inside: 5, capacity: 5 }).verdict).toBe('pass');
  });
});

describe('shownToPhone', () => {
  const red = judgeSelfPassage({ ...facts, colour: 'red', inside: 5, capacity: 5 });
  it("shows a household's own person everything, and the short form only the place's reasons", () => {
    expect(shownToPhone(red, true)).toEqual({ outcome: 'see-staff', reasons: ['colour-red', 'capacity-full'] });
    expect(shownToPhone(red, false)).toEqual({ outcome: 'see-staff', reasons: ['capacity-full'] });
    expect(shownToPhone(judgeSelfPassage({ ...facts, colour: 'red' }), false)).toEqual({ outcome: 'recorded', reasons: [] });
  });
});

describe('the poster page path', () => {
  it('round-trips a place id, and reads no other path', () => {
    expect(posterUrl('https://kadian.example/', 'p-1')).toBe('https://kadian.example/p/p-1');
    expect(posterPlaceOf('/p/p-1')).toBe('p-1');
    expect(posterPlaceOf('/p/p-1/')).toBe('p-1');
    for (const path of ['/p/', '/p', '/register', '/p/a/b', '/p/%E0%A4%A']) expect(posterPlaceOf(path)).toBeNull();
  });
});
