/** What verifying a signed code (KDH1 or HC1) concludes, whichever profile read it. */
import type { CoseError } from './cose.ts';
import type { Colour } from './entry.ts';

export type SignedCodeKind = 'KDH1' | 'HC1';

/** Each a message key: why a signed code is not valid. */
export type SignedCodeReason =
  | CoseError
  | 'code-claims'
  | 'code-algorithm'
  | 'code-signature'
  | 'code-unknown-key'
  | 'code-key-retired'
  | 'code-key-usage'
  | 'code-expired'
  | 'code-not-yet-valid'
  // What the checkpoint adds to a KDH1 code (revocations.ts): revoked since its issue, or older than the policy allows.
  | 'code-revoked'
  | 'code-too-old';

export interface VerifiedCode {
  kind: SignedCodeKind;
  /** Signature good, key trusted, within its validity at the given clock. */
  valid: boolean;
  /** Empty when valid. */
  reasons: SignedCodeReason[];
  /** Who the code is for, when the claims could be read (also from an invalid code: the volunteer compares). */
  subject: { name: string; id?: string; dateOfBirth?: string } | null;
  /** KDH1 only: the colour the issuer gave. */
  colour: Colour | null;
  issuer: string | null;
  issuedAt: string | null;
  expires: string | null;
}

/** A result for a code that did not get as far as its claims. */
export function unreadable(kind: SignedCodeKind, reason: SignedCodeReason): VerifiedCode {
  return { kind, valid: false, reasons: [reason], subject: null, colour: null, issuer: null, issuedAt: null, expires: null };
}

/** Validity against the clock: `not before` issued-at (with leeway for tablet clocks) and `not after` expiry. */
export function timeReasons(at: Date, issuedAt: Date | null, expires: Date | null, leewayMs = 5 * 60_000): SignedCodeReason[] {
  const reasons: SignedCodeReason[] = [];
  if (expires && at.getTime() > expires.getTime()) reasons.push('code-expired');
  if (issuedAt && at.getTime() + leewayMs < issuedAt.getTime()) reasons.push('code-not-yet-valid');
  return reasons;
}
