/** POST /session (sign in with a password; passkeys: passkeyRoutes.ts), DELETE /session (sign out), DELETE /sessions (sign out everywhere): each written to the audit log. */
import type { FastifyInstance } from 'fastify';
import { SessionSchema, SignedOutSchema, SigninRequestSchema, type Session, type SignedOut, type SigninRequest } from '../../core/consoleWire.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { refusal } from '../http/auth.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { ref } from '../http/validation.ts';
import { areaPathOf, auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { callerOf, clearSessionCookie, requireSession } from './session.ts';
import { openSession, passwordSignin } from './signin.ts';

const error = ref(ErrorSchema);


export async function sessionRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now } = deps;

  api.post<{ Body: SigninRequest; Reply: Session }>(
    '/session',
    {
      config: limitPerMinute(deps.settings.signinPerMinute),
      schema: {
        summary: 'Sign in to the console with a name and password; sets the session cookie',
        body: SigninRequestSchema,
        response: { 200: SessionSchema, 400: error, 401: error, 415: error, 429: error },
      },
    },
    async (request, reply) => {
      const at = now();
      const outcome = await passwordSignin(storage, request.body.name, request.body.password, at);
      const areaPath = await areaPathOf(deps, outcome.user);
      if (outcome.kind === 'locked') {
        await auditConsole(deps, request, { user: outcome.user, action: 'console.signin-locked', areaPath, target: outcome.user.id });
        reply.header('retry-after', String(outcome.retryAfterS));
        throw refusal(request, 429, 'signin-locked', { userId: outcome.user.id });
      }
      if (outcome.kind === 'failed' || outcome.kind === 'disabled') {
        const reason = outcome.kind === 'disabled' ? 'disabled' : outcome.user === null ? 'unknown-name' : 'wrong-password';
        await auditConsole(deps, request, { user: outcome.user, action: 'console.signin-failed', areaPath, target: outcome.user?.id ?? null, detail: { reason } });
        if (outcome.kind === 'failed' && outcome.lockedUntil !== null && outcome.user !== null) {
          await auditConsole(deps, request, { user: outcome.user, action: 'console.lockout', areaPath, target: outcome.user.id, detail: { until: outcome.lockedUntil } });
        }
        // A disabled account is told no more than a wrong password: the answer does not say which names exist.
        throw refusal(request, 401, 'signin-failed');
      }
      return openSession(deps, request, reply, outcome.user, areaPath, { method: 'password' });
    },
  );

  await api.register(async (signed) => {
    requireSession(signed, deps);

    signed.delete<{ Reply: SignedOut }>(
      '/session',
      { schema: { summary: 'Sign out of this browser (needs x-csrf-token)', response: { 200: SignedOutSchema, 401: error, 403: error } } },
      async (request, reply) => {
        const caller = callerOf(request);
        await storage.deleteSession(caller.tokenHash);
        await auditConsole(deps, request, { user: caller.user, action: 'console.signout', areaPath: caller.area?.path ?? null, target: caller.user.id });
        clearSessionCookie(request, reply, deps);
        return { sessions: 1 };
      },
    );

    signed.delete<{ Reply: SignedOut }>(
      '/sessions',
      { schema: { summary: "Sign out everywhere: ends every session of the signed-in user (needs x-csrf-token)", response: { 200: SignedOutSchema, 401: error, 403: error } } },
      async (request, reply) => {
        const caller = callerOf(request);
        const sessions = await storage.deleteUserSessions(caller.user.id);
        await auditConsole(deps, request, { user: caller.user, action: 'console.signout-everywhere', areaPath: caller.area?.path ?? null, target: caller.user.id, detail: { sessions } });
        clearSessionCookie(request, reply, deps);
        return { sessions };
      },
    );
  });
}
