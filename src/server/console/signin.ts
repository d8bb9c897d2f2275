/**
 * Password sign-in: one scrypt whether or not the name exists (the decoy record), a lock with backoff after repeated
 * failures, a disabled account refused; and the session either way of signing in opens.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session } from '../../core/consoleWire.ts';
import { lockoutMs } from '../../core/lockout.ts';
import { decoyRecord, verifyPassword } from '../accounts/passwords.ts';
import { publicUser } from '../accounts/users.ts';
import { secretHash } from '../secrets.ts';
import type { UserRecord } from '../storage/accountTypes.ts';
import type { Storage } from '../storage/storage.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { newSessionSecret, setSessionCookie } from './session.ts';

export type SigninOutcome =
  | { kind: 'ok'; user: UserRecord }
  /** Wrong name or password (or an account with passkeys only); `lockedUntil`: this failure locked the account. */
  | { kind: 'failed'; user: UserRecord | null; lockedUntil: string | null }
  /** Still locked: the password was not even tried, so guesses during a lock teach nothing. */
  | { kind: 'locked'; user: UserRecord; retryAfterS: number }
  /** The right password of a disabled account. */
  | { kind: 'disabled'; user: UserRecord };

export async function passwordSignin(storage: Storage, name: string, password: string, now: Date): Promise<SigninOutcome> {
  const found = await storage.getUserByName(name);
  const lockedMs = found?.user.lockedUntil ? Date.parse(found.user.lockedUntil) - now.getTime() : 0;
  if (found && lockedMs > 0) return { kind: 'locked', user: found.user, retryAfterS: Math.ceil(lockedMs / 1000) };
  const matches = await verifyPassword(password, found?.password ?? (await decoyRecord()));
  if (!found || !matches) {
    let lockedUntil: string | null = null;
    // Run for an unknown name too (an id no row has: the update finds nothing), so both answers cost the same queries.
    await storage.recordSigninFailure(found?.user.id ?? '', (failures) => {
      const ms = lockoutMs(failures);
      lockedUntil = ms > 0 ? new Date(now.getTime() + ms).toISOString() : null;
      return lockedUntil;
    });
    return { kind: 'failed', user: found?.user ?? null, lockedUntil };
  }
  if (found.user.disabledAt !== null) return { kind: 'disabled', user: found.user };
  await storage.recordSigninSuccess(found.user.id);
  return { kind: 'ok', user: found.user };
}

/** Opens a session for a user who just proved who they are: the cookie, the CSRF token, and the audit line. */
export async function openSession(
  deps: ConsoleDeps, request: FastifyRequest, reply: FastifyReply, user: UserRecord, areaPath: string[] | null, detail: Record<string, unknown>,
): Promise<Session> {
  const token = newSessionSecret(), csrf = newSessionSecret();
  await deps.storage.createSession({ tokenHash: await secretHash(token), userId: user.id, csrf, at: deps.now().toISOString(), ip: request.ip });
  await auditConsole(deps, request, { user, action: 'console.signin', areaPath, target: user.id, detail });
  setSessionCookie(request, reply, deps, token);
  return { user: publicUser(user), csrf };
}
