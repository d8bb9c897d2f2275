/** Random enrolment codes, device ids and tokens, and the hashes under which the server keeps them. */
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../core/sha256.ts';

/** No 0/O, 1/I: a code may be read aloud or typed from a screen. 32 symbols, so a byte's low 5 bits pick one uniformly. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
const DEVICE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (const byte of randomBytes(length)) out += alphabet[byte & 31];
  return out;
}

/** A one-time enrolment code, about 50 bits: far beyond guessing within its 24 hours. */
export const newEnrolmentCode = (): string => randomFrom(CODE_ALPHABET, CODE_LENGTH);

/** Lower-case letters and digits only, so a device id never looks like a spreadsheet formula in an export. */
export const newDeviceId = (): string => `dev-${randomFrom(DEVICE_ALPHABET, 12)}`;

/** 32 random bytes; the tablet keeps it, the server only its hash. */
export const newDeviceToken = (): string => randomBytes(32).toString('base64url');

/** Codes are typed by people: case does not matter. */
export const normaliseEnrolmentCode = (code: string): string => code.trim().toUpperCase();

/** The stored form of a code or token: a leaked database does not let anyone enrol or push. */
export const secretHash = async (secret: string): Promise<string> => sha256Hex(secret);

/** An id for an area (`a-`), a place (`p-`), a checkpoint (`cp-`), a user (`u-`) or an enrolment code (`ec-`) or sheet (`sh-`): never a formula in an export. */
export const newId = (prefix: 'a' | 'p' | 'cp' | 'u' | 'ec' | 'sh'): string => `${prefix}-${randomFrom(DEVICE_ALPHABET, 10)}`;
