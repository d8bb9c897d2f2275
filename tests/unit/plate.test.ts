import { describe, expect, it } from 'vitest';
import { isPlate, normalisePlate, PLATE_PATTERN } from '../../src/core/plate.ts';

describe('licence plates', () => {
  it('reads ordinary and new-energy plates as people type them', () => {
    expect(normalisePlate('豫m·12345')).toBe('豫M12345');
    expect(normalisePlate(' 京A 1234-5 ')).toBe('京A12345');
    for (const plate of ['豫M12345', '京AF0236', '粤B12345', '豫MD12345', '沪AF12345', '川A12345D', '鄂A1234学', '浙A1234挂', '粤Z1234港']) {
      expect(isPlate(plate), plate).toBe(true);
      expect(new RegExp(PLATE_PATTERN).test(plate), plate).toBe(true);
    }
  });

  it('refuses what no vehicle carries', () => {
    for (const plate of ['', '豫M1234', '豫M1234567', 'AM12345', '豫I12345', '豫M1234O', '豫MA12345', '美A12345', '豫M12345学', '豫m12345']) {
      expect(isPlate(plate), plate).toBe(false);
    }
  });
});
