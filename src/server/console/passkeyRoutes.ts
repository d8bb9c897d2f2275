/**
 * Passkeys (WebAuthn, by @simplewebauthn/server): a signed-in user registers one; anyone signs in with one instead of
 * a password. Each challenge is stored and taken once (storage takeChallenge), so a response is good for one ceremony
 * of one server, within five minutes. The relying party is PUBLIC_URL's host: a passkey works only at that address.
 */
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type VerifiedAuthenticationResponse, type VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { FastifyInstance } from 'fastify';
import {
  PasskeyListSchema, PasskeyRegistrationSchema, PasskeySigninSchema, SessionSchema, type PasskeyList, type PasskeyRegistration, type PasskeySignin, type Session,
} from '../../core/consoleWire.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { refusal } from '../http/auth.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { ref } from '../http/validation.ts';
import type { ChallengePurpose } from '../storage/accountTypes.ts';
import { areaPathOf, auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { callerOf, requireSession } from './session.ts';
import { openSession } from './signin.ts';

const CHALLENGE_MS = 5 * 60_000;
const error = ref(ErrorSchema);

export async function passkeyRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now } = deps;
  const url = new URL(deps.publicUrl);
  const rp = { rpID: url.hostname, origin: url.origin };
  const remember = (challenge: string, purpose: ChallengePurpose, userId: string | null) =>
    storage.saveChallenge({ challenge, purpose, userId, expiresAt: new Date(now().getTime() + CHALLENGE_MS).toISOString() });
  /** The library hands us the challenge the browser signed; it counts only if we issued it, for this purpose (and user), and it is used up. */
  const issued = (purpose: ChallengePurpose, userId: string | null) => async (challenge: string): Promise<boolean> => {
    const taken = await storage.takeChallenge(challenge, purpose, now().toISOString());
    return taken !== null && (userId === null || taken.userId === userId);
  };

  api.post('/session/passkey/options', { config: limitPerMinute(deps.settings.signinPerMinute), schema: { summary: 'A challenge to sign in with a passkey' } }, async () => {
    // No name asked and no credentials listed: the passkey itself says whose it is, and the answer names no one.
    const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'preferred', timeout: CHALLENGE_MS });
    await remember(options.challenge, 'authenticate', null);
    return options;
  });

  api.post<{ Body: PasskeySignin; Reply: Session }>(
    '/session/passkey',
    {
      config: limitPerMinute(deps.settings.signinPerMinute),
      schema: { summary: 'Sign in with a passkey; sets the session cookie', body: PasskeySigninSchema, response: { 200: SessionSchema, 400: error, 401: error, 429: error } },
    },
    async (request, reply) => {
      const { credential } = request.body;
      const passkey = await storage.getPasskey(credential.id);
      const user = passkey === null ? null : await storage.getUser(passkey.userId);
      let verified: VerifiedAuthenticationResponse | null = null;
      if (passkey !== null && user !== null) {
        try {
          verified = await verifyAuthenticationResponse({
            response: credential, expectedChallenge: issued('authenticate', null), expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: false,
            credential: { id: passkey.credentialId, publicKey: isoBase64URL.toBuffer(passkey.publicKey), counter: passkey.counter, transports: passkey.transports },
          });
        } catch (e) {
          request.log.warn({ err: e }, 'passkey sign-in not verified');
        }
      }
      const areaPath = await areaPathOf(deps, user);
      // A passkey cannot be guessed: it is not held back by a password lock, but a disabled account stays out.
      if (!verified?.verified || user === null || user.disabledAt !== null) {
        const reason = user === null ? 'unknown-passkey' : user.disabledAt !== null ? 'disabled' : 'not-verified';
        await auditConsole(deps, request, { user, action: 'console.signin-failed', areaPath, target: user?.id ?? null, detail: { reason, method: 'passkey' } });
        throw refusal(request, 401, 'passkey-failed');
      }
      await storage.usePasskey(credential.id, verified.authenticationInfo.newCounter, now().toISOString());
      return openSession(deps, request, reply, user, areaPath, { method: 'passkey', passkey: credential.id });
    },
  );

  await api.register(async (signed) => {
    requireSession(signed, deps);

    signed.get<{ Reply: PasskeyList }>('/console/passkeys', { schema: { summary: "The signed-in user's passkeys", response: { 200: PasskeyListSchema, 401: error } } }, async (request) => ({
      passkeys: (await storage.listPasskeys(callerOf(request).user.id)).map(({ credentialId, label, createdAt, lastUsedAt }) => ({ credentialId, label, createdAt, lastUsedAt })),
    }));

    signed.post('/console/passkeys/options', { schema: { summary: 'A challenge to register a passkey for the signed-in user (needs x-csrf-token)' } }, async (request) => {
      const { user } = callerOf(request);
      const options = await generateRegistrationOptions({
        rpName: 'Kadian 卡点', rpID: rp.rpID, userName: user.name, userID: new TextEncoder().encode(user.id), attestationType: 'none', timeout: CHALLENGE_MS,
        excludeCredentials: (await storage.listPasskeys(user.id)).map((p) => ({ id: p.credentialId, transports: p.transports })),
        // Resident: the passkey knows its user, so signing in asks for no name.
        authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      });
      await remember(options.challenge, 'register', user.id);
      return options;
    });

    signed.post<{ Body: PasskeyRegistration; Reply: PasskeyList }>(
      '/console/passkeys',
      { schema: { summary: 'Register the passkey the browser made (needs x-csrf-token)', body: PasskeyRegistrationSchema, response: { 200: PasskeyListSchema, 400: error, 401: error, 403: error } } },
      async (request) => {
        const caller = callerOf(request);
        let verified: VerifiedRegistrationResponse | null = null;
        try {
          verified = await verifyRegistrationResponse({
            response: request.body.credential, expectedChallenge: issued('register', caller.user.id), expectedOrigin: rp.origin, expectedRPID: rp.rpID,
            requireUserVerification: false,
          });
        } catch (e) {
          request.log.warn({ err: e }, 'passkey registration not verified');
        }
        const areaPath = caller.area?.path ?? null;
        if (!verified?.verified) {
          await auditConsole(deps, request, { user: caller.user, action: 'console.passkey-refused', areaPath, target: caller.user.id });
          throw refusal(request, 400, 'passkey-failed');
        }
        const { credential } = verified.registrationInfo;
        const at = now().toISOString();
        const label = request.body.label ?? `passkey ${at.slice(0, 10)}`;
        await storage.addPasskey({
          credentialId: credential.id, userId: caller.user.id, publicKey: isoBase64URL.fromBuffer(credential.publicKey), counter: credential.counter,
          transports: credential.transports ?? [], label, createdAt: at, lastUsedAt: null,
        });
        await auditConsole(deps, request, { user: caller.user, action: 'console.passkey-add', areaPath, target: caller.user.id, detail: { passkey: credential.id, label } });
        return { passkeys: (await storage.listPasskeys(caller.user.id)).map(({ credentialId, label: l, createdAt, lastUsedAt }) => ({ credentialId, label: l, createdAt, lastUsedAt })) };
      },
    );
  });
}
