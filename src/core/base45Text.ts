/** The bytes behind a code's prefix: every code kind is `PREFIX:` + Base45 (RFC 9285), read strictly and bounded. */
import { decode as base45Decode } from '@digitalbazaar/base45';
import { err, ok, type Result } from './result.ts';

export type Base45TextError = 'code-prefix' | 'code-too-long' | 'code-base45';

// The library maps characters outside the alphabet to 0 instead of failing: the pattern guards it.
const BASE45 = /^[0-9A-Z $%*+\-./:]*$/;

/** Checks prefix and length, then Base45-decodes the rest; never throws. */
export function bytesAfterPrefix(text: string, prefix: string, maxLength: number): Result<Uint8Array, Base45TextError> {
  if (!text.startsWith(prefix)) return err('code-prefix');
  if (text.length > maxLength) return err('code-too-long');
  const body = text.slice(prefix.length);
  if (!BASE45.test(body)) return err('code-base45');
  try {
    return ok(base45Decode(body));
  } catch {
    return err('code-base45');
  }
}
