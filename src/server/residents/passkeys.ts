/**
 * Residents' passkeys (issue #18, WebAuthn by @simplewebauthn/server): a registered phone adds one with its secret; a
 * phone that lost its secret (storage cleared, a new phone the passkey synced to) answers a challenge with it and gets a
 * new secret for the same phone account, the old one refused from then on. Challenges are single use, five minutes,
 * and kept in the database (every server process sees them); user verification is required in both ceremonies.
 */
import { createHash } from 'node:crypto';
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type VerifiedAuthenticationResponse, type VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  MAX_RESIDENT_PASSKEYS, ResidentPasskeyRecoverySchema, ResidentPasskeyRegistrationSchema, ResidentPasskeysSchema,
  type ResidentPasskeyRecovery, type ResidentPasskeyRegistration, type ResidentPasskeys,
} from '../../core/residentPasskeyWire.ts';
import { HouseholdSchema, type Household } from '../../core/residentWire.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { refusal } from '../http/auth.ts';
import { ApiFailure } from '../http/errors.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { ref } from '../http/validation.ts';
import type { IssuerContext } from '../issuer/healthCodes.ts';
import type { ChallengePurpose } from '../storage/accountTypes.ts';
import { credentialHash, householdId, newPhoneCredential, phoneOf } from './credential.ts';
import { householdOf } from './household.ts';
import { expectedOrigins, type RelyingParty } from './relyingParty.ts';
import { RESIDENT_ERRORS, RESIDENT_SECURITY } from './routes.ts';

export interface ResidentPasskeyOptions {
  issuer: IssuerContext;
  now: () => Date;
  /** RATE_LIMIT_RESIDENT, per IP and route: a recovery is a sign-in, limited like the others. */
  perMinute: number;
  rp: RelyingParty;
}

const CHALLENGE_MS = 5 * 60_000;
/** A WebAuthn answer with attestation `none` is well under 4 KiB; room for an authenticator's longer ids and extensions. */
const BODY_LIMIT = 16_384;
const error = ref(ErrorSchema);
const errors = { ...RESIDENT_ERRORS, 409: error };

/**
 * The WebAuthn user handle of a phone account: derived, not random, so a second passkey made on the same phone replaces
 * the first in its authenticator; a hash, so the passkey manager never holds the phone id (half of the credential).
 */
const userHandle = (phoneId: string): Uint8Array<ArrayBuffer> => new Uint8Array(createHash('sha256').update(`resident-passkey:${phoneId}`).digest().subarray(0, 16));

export async function residentPasskeyRoutes(api: FastifyInstance, { issuer, now, perMinute, rp }: ResidentPasskeyOptions): Promise<void> {
  const { storage } = issuer;
  const limited = { config: limitPerMinute(perMinute), bodyLimit: BODY_LIMIT };
  const remember = (challenge: string, purpose: ChallengePurpose, phoneId: string | null, at: Date) =>
    storage.saveChallenge({ challenge, purpose, userId: phoneId, expiresAt: new Date(at.getTime() + CHALLENGE_MS).toISOString() });
  /** The challenge the browser signed counts only if we issued it, for this purpose (and phone), unexpired; it is used up either way. */
  const issued = (purpose: ChallengePurpose, phoneId: string | null, at: Date) => async (challenge: string): Promise<boolean> => {
    const taken = await storage.takeChallenge(challenge, purpose, at.toISOString());
    return taken !== null && (phoneId === null || taken.userId === phoneId);
  };
  /** The household's community, for the audit line's area (the lead of that community reads it). */
  const areaPathOf = async (phoneId: string): Promise<string[] | null> => {
    const areaId = (await storage.householdOf(phoneId)).find((p) => p.areaId !== null)?.areaId ?? null;
    return areaId === null ? null : ((await storage.getArea(areaId))?.path ?? null);
  };
  const audit = async (request: FastifyRequest, action: string, phoneId: string | null, detail: Record<string, unknown>, at: Date) => {
    await storage.appendAudit({
      at: at.toISOString(), actor: 'resident', actorName: '', action, areaPath: phoneId === null ? null : await areaPathOf(phoneId),
      target: phoneId === null ? null : householdId(phoneId), origin: request.ip, detail,
    });
  };

  api.post(
    '/residents/passkey/options',
    { ...limited, schema: { summary: "A challenge to add a passkey (this phone's screen lock, fingerprint or face) to the calling phone's account", security: RESIDENT_SECURITY, response: errors } },
    async (request) => {
      const at = now();
      const phoneId = await phoneOf(request, storage, at);
      const held = await storage.residentPasskeys(phoneId);
      if (held.length >= MAX_RESIDENT_PASSKEYS) throw new ApiFailure(409, 'resident-passkeys-full');
      // The owner's name is what the phone's passkey list shows: the account is found by it, years later.
      const owner = (await storage.householdOf(phoneId))[0];
      const options = await generateRegistrationOptions({
        rpName: 'Kadian 卡点', rpID: rp.rpID, userName: owner?.name ?? 'Kadian', userID: userHandle(phoneId), attestationType: 'none', timeout: CHALLENGE_MS,
        excludeCredentials: held.map((p) => ({ id: p.credentialId, transports: p.transports })),
        // Discoverable: a phone that lost everything asks with no name. On the phone itself: the phone pages offer it only then.
        authenticatorSelection: { residentKey: 'required', userVerification: 'required', authenticatorAttachment: 'platform' },
      });
      await remember(options.challenge, 'resident-register', phoneId, at);
      return options;
    },
  );

  api.post<{ Body: ResidentPasskeyRegistration; Reply: ResidentPasskeys }>(
    '/residents/passkey',
    {
      ...limited,
      schema: {
        summary: "Add the passkey the phone made to the calling phone's account (user verification required)",
        security: RESIDENT_SECURITY, body: ResidentPasskeyRegistrationSchema, response: { 200: ResidentPasskeysSchema, ...errors },
      },
    },
    async (request) => {
      const at = now();
      const phoneId = await phoneOf(request, storage, at);
      let verified: VerifiedRegistrationResponse | null = null;
      try {
        verified = await verifyRegistrationResponse({
          response: request.body.credential, expectedChallenge: issued('resident-register', phoneId, at), expectedOrigin: expectedOrigins(rp, request.headers.origin),
          expectedRPID: rp.rpID, requireUserVerification: true,
        });
      } catch (e) {
        request.log.warn({ err: e }, 'resident passkey registration not verified');
      }
      const made = verified?.verified ? verified.registrationInfo.credential : null;
      const added = made === null ? 'refused' : await storage.addResidentPasskey({
        credentialId: made.id, phoneId, publicKey: isoBase64URL.fromBuffer(made.publicKey), counter: made.counter, transports: made.transports ?? [],
        createdAt: at.toISOString(), lastUsedAt: null,
      }, MAX_RESIDENT_PASSKEYS);
      if (added === 'full') throw new ApiFailure(409, 'resident-passkeys-full');
      if (added !== 'added' || made === null) {
        await audit(request, 'resident.passkey-refused', phoneId, { ceremony: 'register', reason: added === 'taken' ? 'credential-taken' : 'not-verified' }, at);
        throw refusal(request, 400, 'resident-passkey-failed');
      }
      await audit(request, 'resident.passkey-add', phoneId, { passkey: made.id }, at);
      return { passkeys: (await storage.residentPasskeys(phoneId)).length };
    },
  );

  api.post(
    '/residents/passkey/recover/options',
    { ...limited, schema: { summary: 'A challenge to recover a phone account with its passkey (open: the phone asking holds no credential); names no account', response: errors } },
    async () => {
      const at = now();
      const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'required', timeout: CHALLENGE_MS });
      await remember(options.challenge, 'resident-recover', null, at);
      return options;
    },
  );

  api.post<{ Body: ResidentPasskeyRecovery; Reply: Household }>(
    '/residents/passkey/recover',
    {
      ...limited,
      schema: {
        summary: "Recover the phone account of a passkey: a verified answer (user verification, a signature counter that moved on) issues the account a new credential, answered once with its household; the old secret is refused from then on",
        body: ResidentPasskeyRecoverySchema, response: { 200: ref(HouseholdSchema), ...errors },
      },
    },
    async (request) => {
      const at = now();
      const { credential } = request.body;
      const passkey = await storage.residentPasskey(credential.id);
      let verified: VerifiedAuthenticationResponse | null = null;
      if (passkey !== null) {
        try {
          verified = await verifyAuthenticationResponse({
            response: credential, expectedChallenge: issued('resident-recover', null, at), expectedOrigin: expectedOrigins(rp, request.headers.origin),
            expectedRPID: rp.rpID, requireUserVerification: true,
            credential: { id: passkey.credentialId, publicKey: isoBase64URL.toBuffer(passkey.publicKey), counter: passkey.counter, transports: passkey.transports },
          });
        } catch (e) {
          request.log.warn({ err: e }, 'resident passkey recovery not verified');
        }
      }
      const fresh = newPhoneCredential().secret;
      const recovered = passkey !== null && verified?.verified === true && await storage.recoverPhone({
        credentialId: passkey.credentialId, phoneId: passkey.phoneId, secretHash: credentialHash(fresh),
        counterBefore: passkey.counter, counterAfter: verified.authenticationInfo.newCounter, at: at.toISOString(),
      });
      if (!recovered) {
        const reason = passkey === null ? 'unknown-passkey' : verified?.verified ? 'counter-raced' : 'not-verified';
        await audit(request, 'resident.passkey-refused', passkey?.phoneId ?? null, { ceremony: 'recover', reason }, at);
        throw refusal(request, 401, 'resident-passkey-failed');
      }
      await audit(request, 'resident.passkey-recover', passkey.phoneId, { passkey: passkey.credentialId }, at);
      return { ...(await householdOf(issuer, passkey.phoneId, at)), credential: { phoneId: passkey.phoneId, secret: fresh } };
    },
  );
}
