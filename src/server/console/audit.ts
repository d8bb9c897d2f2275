/** The console's lines in the audit log: who (the user, or `anonymous` for a name no account has), from which IP, what, and about which subtree. */
import type { FastifyRequest } from 'fastify';
import type { ApiErrorName } from '../http/errors.ts';
import type { UserRecord } from '../storage/accountTypes.ts';
import type { ConsoleDeps } from './deps.ts';

export interface ConsoleAudit {
  /** Null: a sign-in under a name no account has; the name itself is not kept (it may be a password typed in the wrong field). */
  user: UserRecord | null;
  action: string;
  /** The subtree the line belongs to, so that subtree's hq reads it; null: an admin's only. */
  areaPath: string[] | null;
  target?: string | null;
  detail?: Record<string, unknown>;
}

export async function auditConsole(deps: ConsoleDeps, request: FastifyRequest, line: ConsoleAudit): Promise<void> {
  await deps.storage.appendAudit({
    at: deps.now().toISOString(),
    actor: line.user ? `user:${line.user.id}` : 'anonymous',
    actorName: line.user?.name ?? '',
    action: line.action,
    areaPath: line.areaPath,
    target: line.target ?? null,
    detail: { route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`, ...line.detail },
    origin: request.ip,
  });
}

/** A signed-in user refused (another subtree, a right their role lacks, a missing CSRF token): written, then thrown by the caller. */
export function auditRefused(deps: ConsoleDeps, request: FastifyRequest, user: UserRecord, areaPath: string[] | null, reason: ApiErrorName, target: string | null = null): Promise<void> {
  return auditConsole(deps, request, { user, action: 'console.refused', areaPath, target, detail: { reason } });
}

/** The subtree a user's lines belong to: their area's, so their hq reads them. */
export async function areaPathOf(deps: ConsoleDeps, user: UserRecord | null): Promise<string[] | null> {
  if (user?.areaId == null) return null;
  return (await deps.storage.getArea(user.areaId))?.path ?? null;
}
