import { describe, expect, it } from 'vitest';
import { checkCharacter, maskIdNumber, parseIdNumber } from '../../src/core/idNumber.ts';

// 11010519491231002X is the example printed in GB 11643-1999 itself.
const STANDARD_EXAMPLE = '11010519491231002X';

describe('parseIdNumber', () => {
  it('accepts the standard example and reads birth date and sex', () => {
    const r = parseIdNumber(STANDARD_EXAMPLE);
    expect(r).toEqual({ ok: true, value: { id: STANDARD_EXAMPLE, birthDate: '1949-12-31', sex: 'female', converted: false } });
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44052418800101001')).toBe('4');
  });

  it('accepts a lower-case x and spaces, and returns the canonical form', () => {
    const r = parseIdNumber(' 110105 19491231 002x ');
    expect(r.ok && r.value.id).toBe(STANDARD_EXAMPLE);
  });

  it('names a wrong check character', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, error: 'id-check' });
  });

  it('names impossible dates: 29 February of a non-leap year, month 13, day 32, day 0', () => {
    const withDate = (d: string) => { const first17 = `110105${d}002`; return first17 + checkCharacter(first17); };
    expect(parseIdNumber(withDate('19000229'))).toEqual({ ok: false, error: 'id-date' }); // 1900 is not leap
    expect(parseIdNumber(withDate('20010229'))).toEqual({ ok: false, error: 'id-date' });
    expect(parseIdNumber(withDate('19901301'))).toEqual({ ok: false, error: 'id-date' });
    expect(parseIdNumber(withDate('19900132'))).toEqual({ ok: false, error: 'id-date' });
    expect(parseIdNumber(withDate('19900100'))).toEqual({ ok: false, error: 'id-date' });
    expect(parseIdNumber(withDate('20000229')).ok).toBe(true); // 2000 is leap
    expect(parseIdNumber(withDate('20240229')).ok).toBe(true);
  });

  it('refuses a birth date after today when today is given', () => {
    const first17 = '11010520300101002';
    expect(parseIdNumber(first17 + checkCharacter(first17), '2026-11-23')).toEqual({ ok: false, error: 'id-date' });
    expect(parseIdNumber(first17 + checkCharacter(first17)).ok).toBe(true);
  });

  it('names wrong lengths and characters', () => {
    expect(parseIdNumber('')).toEqual({ ok: false, error: 'id-empty' });
    expect(parseIdNumber('1101051949123100')).toEqual({ ok: false, error: 'id-length' });
    expect(parseIdNumber('11010519491231002X1')).toEqual({ ok: false, error: 'id-length' });
    expect(parseIdNumber('1101051949123100XX')).toEqual({ ok: false, error: 'id-chars' });
    expect(parseIdNumber('11010519491231A02X')).toEqual({ ok: false, error: 'id-chars' });
    expect(parseIdNumber('11010549123100X')).toEqual({ ok: false, error: 'id-chars' });
    expect(parseIdNumber('01010519491231002X')).toEqual({ ok: false, error: 'id-region' });
  });

  it('converts an old 15-digit number, adding the century and the check character', () => {
    const r = parseIdNumber('110105491231002');
    expect(r).toEqual({ ok: true, value: { id: STANDARD_EXAMPLE, birthDate: '1949-12-31', sex: 'female', converted: true } });
    expect(parseIdNumber('110105490231002')).toEqual({ ok: false, error: 'id-date' });
  });
});

describe('maskIdNumber', () => {
  it('hides the birth date and keeps region and the last four', () => {
    expect(maskIdNumber(STANDARD_EXAMPLE)).toBe('110105********002X');
  });
});
