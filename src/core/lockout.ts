/** Sign-in lockout with backoff: a few free tries for typos, then locks that double, so guessing a password stays slow but a user is never shut out for long. */

/** The failed sign-in in a row that first locks the account; the ones before it are free, for typos. */
export const LOCKING_FAILURE = 5;
export const FIRST_LOCK_MS = 60_000;
/** One hour: a locked-out leader at a gate can still get in the same shift. */
export const MAX_LOCK_MS = 60 * 60_000;

/** How long the account stays locked after its `failures`-th failed sign-in in a row; 0: not locked. */
export function lockoutMs(failures: number): number {
  if (failures < LOCKING_FAILURE) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - LOCKING_FAILURE));
}
