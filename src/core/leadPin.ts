/** The lead PIN as a slow salted hash (PBKDF2-SHA256): made by the operator or a lead, checked on the tablet offline. */
import { fromBase64, toBase64 } from './base64.ts';
import type { LeadPin } from './leadWire.ts';
import { err, ok, type Result } from './result.ts';
import { randomBytes, subtle } from './webcrypto.ts';
import { utf8 } from './text.ts';

/** OWASP's 2023 figure for PBKDF2-SHA256; about a quarter of a second on a cheap tablet, once per unlock. */
export const LEAD_PIN_ITERATIONS = 300_000;
export const LEAD_PIN_SALT_BYTES = 16;
export const LEAD_PIN_HASH_BYTES = 32;

/** Why a PIN is refused; core/catalogue.ts has the words. */
export type PinError = 'pin-format';

const PIN_PATTERN = /^\d{4,8}$/;


/** A PIN is 4 to 8 digits: what a gloved hand types on a keypad, nothing else. */
export function validatePin(pin: string): Result<string, PinError> {
  return PIN_PATTERN.test(pin) ? ok(pin) : err('pin-format');
}

async function stretch(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await subtle.importKey('raw', utf8(pin), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, LEAD_PIN_HASH_BYTES * 8));
}

/**
 * The stored form of a PIN. `salt` defaults to 16 fresh random bytes; tests pass their own, and may pass
 * fewer iterations (never below the wire schema's 100,000).
 */
export async function deriveLeadPin(
  pin: string,
  salt: Uint8Array = randomBytes(LEAD_PIN_SALT_BYTES),
  iterations: number = LEAD_PIN_ITERATIONS,
): Promise<Result<LeadPin, PinError>> {
  const valid = validatePin(pin);
  if (!valid.ok) return valid;
  return ok({ salt: toBase64(salt), hash: toBase64(await stretch(pin, salt, iterations)), iterations });
}

/** Whether `pin` is the one `stored` was made from; a malformed PIN or record is simply false. */
export async function checkLeadPin(pin: string, stored: LeadPin): Promise<boolean> {
  if (!validatePin(pin).ok) return false;
  const salt = fromBase64(stored.salt);
  const expected = fromBase64(stored.hash);
  if (!salt || !expected || expected.length !== LEAD_PIN_HASH_BYTES) return false;
  return constantTimeEqual(await stretch(pin, salt, stored.iterations), expected);
}

/** Compares every byte whatever the first difference, so the time taken tells nothing about where it was. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/** Whether a LeadPin from the wire has the shape this module makes (16-byte salt, 32-byte hash); the schema checks only Base64. */
export function isWellFormedLeadPin(pin: LeadPin): boolean {
  return fromBase64(pin.salt)?.length === LEAD_PIN_SALT_BYTES && fromBase64(pin.hash)?.length === LEAD_PIN_HASH_BYTES;
}
