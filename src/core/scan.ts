/** What a scanned or typed text is: one decoder per code kind, chosen by prefix. */
import type { Colour, Source } from './entry.ts';
import { parseIdNumber, type IdError } from './idNumber.ts';
import { HCERT_PREFIX, HEALTH_PREFIX, RESIDENT_PREFIX } from './prefixes.ts';
import { decodeResidentCode, type Resident, type ResidentCodeError } from './residentCode.ts';
import type { VerifiedCode } from './signedCode.ts';

export type Reading =
  | { kind: 'identity'; source: Extract<Source, 'KDR1' | 'manual'>; resident: Resident }
  | { kind: 'invalid'; source: Extract<Source, 'KDR1' | 'manual'>; error: ResidentCodeError | IdError }
  | { kind: 'signed'; code: VerifiedCode }
  // Another system's code: the colour the volunteer saw, and the holder's identity when the gate asked for it (for tracing).
  | { kind: 'unknown'; seenColour?: Colour; holder?: Resident };

/** Prefixes of signed codes: their verification needs the trust list and runs in a worker. */
export const SIGNED_PREFIXES = [HEALTH_PREFIX, HCERT_PREFIX] as const;

export const isSignedCode = (text: string): boolean => SIGNED_PREFIXES.some((p) => text.startsWith(p));

/** Reads the text of an unsigned QR code. Anything without a prefix we know is "unknown", not an error. */
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

/** What an entry records of a reading: where the identity came from, who, and the colour shown. */
export interface ReadingFields {
  source: Source;
  personId: string | null;
  name: string | null;
  colour: Colour | null;
}

/** An entry's fields from a reading: one mapping for the gate, its tests and anything else that logs a scan. */
export function entryFieldsOf(reading: Reading): ReadingFields {
  switch (reading.kind) {
    case 'identity':
      return { source: reading.source, personId: reading.resident.id, name: reading.resident.name || null, colour: null };
    case 'invalid':
      return { source: reading.source, personId: null, name: null, colour: null };
    case 'signed': {
      const subject = reading.code.subject;
      // A certificate's name may be longer than an entry holds (64, the wire's bound).
      return { source: reading.code.kind, personId: subject?.id ?? null, name: subject?.name.slice(0, 64) || null, colour: reading.code.colour };
    }
    case 'unknown':
      return { source: 'unknown', personId: reading.holder?.id ?? null, name: reading.holder?.name || null, colour: reading.seenColour ?? null };
  }
}
