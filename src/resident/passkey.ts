/**
 * The phone's passkey ceremonies (issue #18): whether the phone can keep one (a platform authenticator with user
 * verification: its screen lock, fingerprint or face), making one for the phone account, and recovering the account
 * with one. The WebAuthn library is loaded only when a ceremony starts: a phone without passkeys never downloads it.
 */
import type { Household, PhoneCredential } from '../core/residentWire.ts';
import { err, ok, type Result } from '../core/result.ts';
import { addPasskey, passkeyOptions, recover, recoveryOptions } from '../sync/residentPasskeyApi.ts';
import { errorKey } from '../sync/residentApi.ts';

/** A failure as a catalogue key: the server's error, being offline, or the person (or the phone) declining the ceremony. */
export type PasskeyError = string;
export const PASSKEY_CANCELLED = 'resident-passkey-cancelled';

/** True where the phone itself can keep a passkey behind its screen lock; false on a phone (or a test browser) without one. */
export async function passkeysAvailable(): Promise<boolean> {
  if (!window.isSecureContext || typeof PublicKeyCredential === 'undefined') return false;
  try {
    return await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
  } catch {
    return false;
  }
}

/** Makes a passkey for the phone account of `credential` and gives it to the server. */
export async function makePasskey(credential: PhoneCredential): Promise<Result<void, PasskeyError>> {
  const options = await passkeyOptions(credential);
  if (!options.ok) return err(errorKey(options.error));
  const { startRegistration } = await import('@simplewebauthn/browser');
  let made;
  try {
    made = await startRegistration({ optionsJSON: options.value });
  } catch {
    // The browser's NotAllowedError (declined, timed out) or InvalidStateError (this phone has one already) alike.
    return err(PASSKEY_CANCELLED);
  }
  const added = await addPasskey(credential, made);
  return added.ok ? ok(undefined) : err(errorKey(added.error));
}

/** What a recovery gives: the household with its new credential, and whether the passkey is on this phone (not another device's, by QR). */
export interface Recovered { household: Household; onThisPhone: boolean }

/** Asks the phone for a passkey of this site and answers the household of its account, with the account's new credential. */
export async function recoverWithPasskey(): Promise<Result<Recovered, PasskeyError>> {
  const options = await recoveryOptions();
  if (!options.ok) return err(errorKey(options.error));
  const { startAuthentication } = await import('@simplewebauthn/browser');
  let answer;
  try {
    answer = await startAuthentication({ optionsJSON: options.value });
  } catch {
    return err(PASSKEY_CANCELLED);
  }
  const recovered = await recover(answer);
  if (!recovered.ok) return err(errorKey(recovered.error));
  return ok({ household: recovered.value, onThisPhone: answer.authenticatorAttachment !== 'cross-platform' });
}
