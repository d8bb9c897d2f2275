import { describe, expect, it } from 'vitest';
import { dutyOf, operatorOf } from '../../src/core/duty.ts';

const at = new Date('2026-11-30T06:00:00Z');

describe('the volunteer on duty', () => {
  it('takes a name and an optional mobile number as people type them', () => {
    expect(dutyOf(' 李四 ', '138 0013-8000', at)).toEqual({ ok: true, value: { name: '李四', phone: '13800138000', since: '2026-11-30T06:00:00.000Z' } });
    expect(dutyOf('王五', '', at)).toEqual({ ok: true, value: { name: '王五', phone: null, since: '2026-11-30T06:00:00.000Z' } });
  });

  it('refuses an empty or overlong name, control characters, and a phone that is not a mobile number', () => {
    expect(dutyOf('  ', '', at)).toEqual({ ok: false, error: 'duty-name' });
    expect(dutyOf('张'.repeat(33), '', at)).toEqual({ ok: false, error: 'duty-name' });
    expect(dutyOf('李\u0007四', '', at)).toEqual({ ok: false, error: 'duty-name' });
    expect(dutyOf('李四', '1380013800', at)).toEqual({ ok: false, error: 'duty-phone' });
    expect(dutyOf('李四', '23800138000', at)).toEqual({ ok: false, error: 'duty-phone' });
  });

  it('names them on each entry: the name, and the phone after it', () => {
    expect(operatorOf(null)).toBeNull();
    expect(operatorOf({ name: '李四', phone: '13800138000', since: '' })).toBe('李四 13800138000');
    expect(operatorOf({ name: '王五', phone: null, since: '' })).toBe('王五');
    // The longest name and a phone stay within the wire's 64 characters.
    expect([...operatorOf({ name: '张'.repeat(32), phone: '13800138000', since: '' })!].length).toBeLessThanOrEqual(64);
  });
});
