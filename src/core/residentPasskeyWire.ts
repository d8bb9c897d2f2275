/**
 * A resident phone's passkeys (issue #18): made after the first registration where the phone has a platform
 * authenticator, and used to get a new secret for the same phone account once the phone lost its own. The bodies are
 * the browser's WebAuthn answers in their JSON form, as the console's passkeys send them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PasskeyRegistrationSchema, PasskeySigninSchema } from './consoleWire.ts';

/** POST /residents/passkey: the passkey the phone made, answering the challenge of /residents/passkey/options. */
export const ResidentPasskeyRegistrationSchema = Type.Object({ credential: PasskeyRegistrationSchema.properties.credential }, { additionalProperties: false });

/** POST /residents/passkey/recover: the passkey's answer to the challenge of /residents/passkey/recover/options. */
export const ResidentPasskeyRecoverySchema = PasskeySigninSchema;

/** How many passkeys the phone account has now. */
export const ResidentPasskeysSchema = Type.Object({ passkeys: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

/** At most this many passkeys per phone account: a phone and the ones its passkey synced to, not a collection. */
export const MAX_RESIDENT_PASSKEYS = 5;

export type ResidentPasskeyRegistration = Static<typeof ResidentPasskeyRegistrationSchema>;
export type ResidentPasskeyRecovery = Static<typeof ResidentPasskeyRecoverySchema>;
export type ResidentPasskeys = Static<typeof ResidentPasskeysSchema>;
