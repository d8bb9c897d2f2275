/** What a scanned or typed text is: one decoder per code kind, chosen by prefix. */
import { parseIdNumber, type IdError } from './idNumber.ts';
import { decodeResidentCode, RESIDENT_PREFIX, type Resident, type ResidentCodeError } from './residentCode.ts';
import type { Source } from './entry.ts';

export type Reading =
  | { kind: 'identity'; source: Extract<Source, 'KDR1' | 'manual'>; resident: Resident }
  | { kind: 'invalid'; source: Extract<Source, 'KDR1' | 'manual'>; error: ResidentCodeError | IdError }
  | { kind: 'unknown' };

/** Reads the text of a QR code. Anything without a prefix we know is "unknown", not an error. */
export function readCode(text: string): Reading {
  if (text.startsWith(RESIDENT_PREFIX)) {
    const decoded = decodeResidentCode(text);
    return decoded.ok
      ? { kind: 'identity', source: 'KDR1', resident: decoded.value }
      : { kind: 'invalid', source: 'KDR1', error: decoded.error };
  }
  return { kind: 'unknown' };
}

/** Reads an ID number typed on the keypad; a person without a code has only this and a name, if given. */
export function readTypedId(input: string, today?: string): Reading {
  const parsed = parseIdNumber(input, today);
  return parsed.ok
    ? { kind: 'identity', source: 'manual', resident: { id: parsed.value.id, name: '' } }
    : { kind: 'invalid', source: 'manual', error: parsed.error };
}
