/**
 * The console session: an httpOnly, SameSite=Strict cookie with a random token whose hash alone is stored (as a
 * device token's is), a CSRF token per session that every state-changing request repeats in `x-csrf-token`, and the
 * hook that reads both.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../core/protocol.ts';
import { scopeOf, type Scope } from '../accounts/scope.ts';
import { refusal } from '../http/auth.ts';
import { secretHash } from '../secrets.ts';
import type { UserRecord } from '../storage/accountTypes.ts';
import type { AreaRecord } from '../storage/cityTypes.ts';
import { auditRefused } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';

export const SESSION_COOKIE = 'kadian_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Our tokens are 43 characters; a longer cookie is junk, refused before it is hashed. */
const MAX_TOKEN_LENGTH = 256;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in user of a request, their reach, and the session's hash (to end it). */
export interface ConsoleCaller {
  user: UserRecord;
  /** The root of their subtree; null for an admin. */
  area: AreaRecord | null;
  scope: Scope;
  csrf: string;
  tokenHash: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSession`; null on the console's open routes. */
    consoleCaller: ConsoleCaller | null;
  }
}

/** 32 random bytes, for a session token or its CSRF token. */
export const newSessionSecret = (): string => randomBytes(32).toString('base64url');

const secure = (request: FastifyRequest, deps: ConsoleDeps): boolean => request.protocol === 'https' || deps.publicUrl.startsWith('https:');

/** Only the API reads it: the page's files and the tablets' routes never see the cookie. */
const cookieOptions = (request: FastifyRequest, deps: ConsoleDeps) =>
  ({ httpOnly: true, sameSite: 'strict', secure: secure(request, deps), path: API_PREFIX }) as const;

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: ConsoleDeps, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(request, deps));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: ConsoleDeps): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request, deps));
}

/** Compared in constant time; a missing or repeated header matches nothing. */
export function csrfMatches(header: string | string[] | undefined, csrf: string): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header), expected = Buffer.from(csrf);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readSession(request: FastifyRequest, deps: ConsoleDeps): Promise<ConsoleCaller | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (token === undefined || token === '' || token.length > MAX_TOKEN_LENGTH) return null;
  const tokenHash = await secretHash(token);
  const session = await deps.storage.sessionOf(tokenHash, deps.now(), deps.settings.idleMs, deps.settings.maxMs);
  if (!session) return null;
  const area = session.user.areaId === null ? null : await deps.storage.getArea(session.user.areaId);
  return { user: session.user, area, scope: await scopeOf(deps.storage, session.user), csrf: session.csrf, tokenHash };
}

/** Adds the hook to this plugin scope: every route in it needs a live session, and a state-changing one its CSRF token. */
export function requireSession(scope: FastifyInstance, deps: ConsoleDeps): void {
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const caller = await readSession(request, deps);
    // Logged, not audited: anyone can send requests without a cookie, and the audit log is not theirs to fill.
    if (!caller) throw refusal(request, 401, 'session-missing');
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(request.headers[CSRF_HEADER], caller.csrf)) {
      await auditRefused(deps, request, caller.user, caller.area?.path ?? null, 'csrf-invalid');
      throw refusal(request, 403, 'csrf-invalid', { userId: caller.user.id });
    }
    request.consoleCaller = caller;
  });
}

/** The caller of a route under `requireSession`; a route outside it calling this is a programming error. */
export function callerOf(request: FastifyRequest): ConsoleCaller {
  if (!request.consoleCaller) throw new Error('callerOf() on a route without requireSession()');
  return request.consoleCaller;
}
