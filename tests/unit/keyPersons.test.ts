/** Key persons in core: category names and the row checks of an import (the list as tablets hold it: keyPersonLookup.test.ts). */
import { describe, expect, it } from 'vitest';
import { checkKeyPersonRow, KEY_PERSON_CATEGORIES, keyPersonCategoryName, parseKeyPersonCategory } from '../../src/core/keyPersons.ts';

describe('key-person categories', () => {
  it('has the five of the Sanmenxia report, by English key or Chinese name', () => {
    expect(KEY_PERSON_CATEGORIES.map((c) => keyPersonCategoryName(c, 'zh'))).toEqual(['市外返回人员', '湖北来人员', '武汉来人员', '密切接触者', '发热未接触者']);
    expect(parseKeyPersonCategory('密切接触者')).toBe('close-contact');
    expect(parseKeyPersonCategory(' from-wuhan ')).toBe('from-wuhan');
    expect(parseKeyPersonCategory('Close-Contact')).toBe('close-contact');
    expect(parseKeyPersonCategory('infected')).toBeUndefined();
    expect(parseKeyPersonCategory('')).toBeUndefined();
  });
});

describe('checkKeyPersonRow', () => {
  it('accepts a good row, converting a 15-digit number and trimming the note', () => {
    expect(checkKeyPersonRow({ idNumber: '11010519491231002x', category: '武汉来人员', note: ' 居家观察 ' }))
      .toEqual({ ok: true, value: { personId: '11010519491231002X', category: 'from-wuhan', note: '居家观察' } });
    const old = checkKeyPersonRow({ idNumber: '110105491231002', category: 'outside-city', note: '' });
    expect(old.ok && old.value.personId).toMatch(/^11010519491231002.$/);
  });

  it('names what is wrong: check character, category, note', () => {
    expect(checkKeyPersonRow({ idNumber: '110105194912310021', category: 'close-contact', note: '' })).toEqual({ ok: false, error: 'id-check' });
    expect(checkKeyPersonRow({ idNumber: '11010519491231002X', category: 'tourist', note: '' })).toEqual({ ok: false, error: 'key-person-category' });
    expect(checkKeyPersonRow({ idNumber: '11010519491231002X', category: 'close-contact', note: '字'.repeat(101) })).toEqual({ ok: false, error: 'key-person-note' });
    expect(checkKeyPersonRow({ idNumber: '11010519491231002X', category: 'close-contact', note: '字'.repeat(100) }).ok).toBe(true);
    expect(checkKeyPersonRow({ idNumber: '11010519491231002X', category: 'close-contact', note: 'a\u0007b' })).toEqual({ ok: false, error: 'key-person-note' });
  });
});
