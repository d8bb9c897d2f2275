/** Passwords as scrypt records (node:crypto, memory-hard; never a fast hash), compared in constant time. */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** N = 2^15, r = 8: 32 MiB and some 100 ms a guess on one core, which a sign-in pays once. */
const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const MAXMEM = 64 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;

const derive = (password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> =>
  new Promise((done, fail) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { N: 2 ** logN, r, p, maxmem: MAXMEM }, (error, key) => (error ? fail(error) : done(key)));
  });

/** `scrypt$15$8$1$SALT$HASH` (Base64): the parameters travel with the record, so raising them later keeps old ones readable. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, LOG_N, R, P);
  return `scrypt$${LOG_N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `password` matches `record`; a malformed record matches nothing. */
export async function verifyPassword(password: string, record: string): Promise<boolean> {
  const [kind, logN, r, p, salt, hash] = record.split('$');
  if (kind !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(logN), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A record no password matches, computed once: an unknown user's sign-in costs the same scrypt as a known one's. */
let decoy: Promise<string> | undefined;
export const decoyRecord = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('base64')));

export const passwordStrongEnough = (password: string): boolean => [...password].length >= MIN_PASSWORD_LENGTH;
