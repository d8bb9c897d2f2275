/** A resident phone's passkey calls (issue #18): add one to the phone's account with its credential, or recover the account with one. */
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import type { ResidentPasskeys } from '../core/residentPasskeyWire.ts';
import { RESIDENT_AUTH_SCHEME, type Household, type PhoneCredential } from '../core/residentWire.ts';
import { call } from './api.ts';

const post = (credential: PhoneCredential | null, body?: unknown): RequestInit => ({
  method: 'POST',
  headers: credential ? { authorization: `${RESIDENT_AUTH_SCHEME} ${credential.phoneId}.${credential.secret}` } : {},
  ...(body !== undefined && { body: JSON.stringify(body) }),
});

export const passkeyOptions = (credential: PhoneCredential) => call<PublicKeyCredentialCreationOptionsJSON>('/residents/passkey/options', post(credential));

export const addPasskey = (credential: PhoneCredential, made: RegistrationResponseJSON) => call<ResidentPasskeys>('/residents/passkey', post(credential, { credential: made }));

export const recoveryOptions = () => call<PublicKeyCredentialRequestOptionsJSON>('/residents/passkey/recover/options', post(null));

/** The household of the passkey's phone account, with the account's new credential. */
export const recover = (answer: AuthenticationResponseJSON) => call<Household>('/residents/passkey/recover', post(null, { credential: answer }));
