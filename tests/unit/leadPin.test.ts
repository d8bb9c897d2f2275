/** The lead PIN: PBKDF2-SHA256 records made and checked by the same core module the tablet uses. */
import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/core/base64.ts';
import { checkLeadPin, constantTimeEqual, deriveLeadPin, isWellFormedLeadPin, LEAD_PIN_ITERATIONS, validatePin } from '../../src/core/leadPin.ts';
import { LeadPinSchema } from '../../src/core/leadWire.ts';
import { Value } from '@sinclair/typebox/value';

const salt = Uint8Array.from({ length: 16 }, (_, i) => i);

describe('lead PIN', () => {
  it('derives PBKDF2-SHA256 with 300,000 iterations, a 16-byte random salt and a 32-byte hash, as the wire schema has it', async () => {
    const made = await deriveLeadPin('246810');
    if (!made.ok) throw new Error(made.error);
    expect(made.value.iterations).toBe(LEAD_PIN_ITERATIONS);
    expect(LEAD_PIN_ITERATIONS).toBe(300_000);
    expect(fromBase64(made.value.salt)).toHaveLength(16);
    expect(fromBase64(made.value.hash)).toHaveLength(32);
    expect(Value.Check(LeadPinSchema, made.value)).toBe(true);
    expect(isWellFormedLeadPin(made.value)).toBe(true);
    // Node's own PBKDF2 agrees: the tablet's WebCrypto and any other implementation make the same record.
    const expected = pbkdf2Sync('246810', fromBase64(made.value.salt) ?? new Uint8Array(), LEAD_PIN_ITERATIONS, 32, 'sha256').toString('base64');
    expect(made.value.hash).toBe(expected);
    expect(await checkLeadPin('246810', made.value)).toBe(true);
    const again = await deriveLeadPin('246810');
    expect(again.ok && again.value.salt).not.toBe(made.value.salt);
  });

  it('refuses a wrong PIN, and one that differs only in its last digit', async () => {
    const made = await deriveLeadPin('1234', salt, 100_000);
    if (!made.ok) throw new Error(made.error);
    expect(await checkLeadPin('1234', made.value)).toBe(true);
    expect(await checkLeadPin('1235', made.value)).toBe(false);
    expect(await checkLeadPin('4321', made.value)).toBe(false);
    expect(await checkLeadPin('12345', made.value)).toBe(false);
  });

  it('names a PIN that is not 4 to 8 digits, and never matches one', async () => {
    for (const pin of ['', '123', '123456789', '12a4', ' 1234', '1234 ', '１２３４', '-1234']) {
      expect(validatePin(pin), pin).toEqual({ ok: false, error: 'pin-format' });
      expect(await deriveLeadPin(pin, salt, 100_000), pin).toEqual({ ok: false, error: 'pin-format' });
    }
    for (const pin of ['0000', '12345678']) expect(validatePin(pin).ok).toBe(true);
    const made = await deriveLeadPin('0000', salt, 100_000);
    if (!made.ok) throw new Error(made.error);
    expect(await checkLeadPin('000', made.value)).toBe(false);
  });

  it('is false, not an exception, for a damaged record', async () => {
    const made = await deriveLeadPin('5678', salt, 100_000);
    if (!made.ok) throw new Error(made.error);
    expect(await checkLeadPin('5678', { ...made.value, hash: 'AAAA' })).toBe(false);
    expect(await checkLeadPin('5678', { ...made.value, salt: '!!' })).toBe(false);
    expect(isWellFormedLeadPin({ ...made.value, salt: 'AAAA' })).toBe(false);
  });

  it('compares in constant time over the whole length', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(9, 2, 3), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
  });
});
