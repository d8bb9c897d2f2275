/** Who is on duty at the gate (值守): a volunteer signs in for a shift, and every entry names them as its `operator`. */
import { err, ok, type Result } from './result.ts';

export interface Duty {
  name: string;
  /** A mainland mobile number, 11 digits; null when not given. */
  phone: string | null;
  /** When the shift began, ISO 8601 on the tablet's clock. */
  since: string;
}

export type DutyError = 'duty-name' | 'duty-phone';

const MAX_NAME = 32;
const MOBILE = /^1[3-9][0-9]{9}$/;
// No control characters: the operator field is printed in terminals and spreadsheets.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A shift from what the volunteer typed: the name trimmed (1–32 characters), the phone with spaces and dashes taken out. */
export function dutyOf(name: string, phone: string, since: Date): Result<Duty, DutyError> {
  const trimmed = name.trim();
  if (trimmed === '' || [...trimmed].length > MAX_NAME || CONTROL.test(trimmed)) return err('duty-name');
  const digits = phone.replace(/[\s-]/g, '');
  if (digits !== '' && !MOBILE.test(digits)) return err('duty-phone');
  return ok({ name: trimmed, phone: digits === '' ? null : digits, since: since.toISOString() });
}

/** The entry's `operator`: the name, and the phone after it when given (at most 44 characters, within the wire's 64). */
export const operatorOf = (duty: Duty | null): string | null => (duty ? (duty.phone ? `${duty.name} ${duty.phone}` : duty.name) : null);
