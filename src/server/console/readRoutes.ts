/** The console's area-scoped reads: who am I, the tree below me, its checkpoints, its audit log; every area named is checked against the caller's subtree. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AreasQuerySchema, AreasSchema, AuditQuerySchema, AuditSchema, CheckpointsQuerySchema, CheckpointsSchema, MeSchema,
  type Areas, type Audit, type Checkpoints, type Me,
} from '../../core/consoleWire.ts';
import { hasRight } from '../../core/roles.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { reachesArea, reachesCheckpoint, reachesPlace } from '../accounts/scope.ts';
import { publicUser } from '../accounts/users.ts';
import { refusal } from '../http/auth.ts';
import { ref } from '../http/validation.ts';
import type { AreaRecord } from '../storage/cityTypes.ts';
import { auditRefused } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { callerOf, requireSession } from './session.ts';

const error = ref(ErrorSchema);
const refusals = { 400: error, 401: error, 403: error };

/**
 * The area a request names, or the caller's own root when it names none (null: an admin's whole city). An area
 * outside the caller's subtree and an unknown one are the same 403: the answer does not tell a sibling's ids exist.
 */
async function areaInScope(deps: ConsoleDeps, request: FastifyRequest, id: string | undefined): Promise<AreaRecord | null> {
  const caller = callerOf(request);
  if (id === undefined) return caller.area;
  const area = await deps.storage.getArea(id);
  if (area && reachesArea(caller.scope, area)) return area;
  await auditRefused(deps, request, caller.user, caller.area?.path ?? null, 'forbidden-area', id);
  throw refusal(request, 403, 'forbidden-area', { userId: caller.user.id, areaId: id });
}

export async function readRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage } = deps;
  requireSession(api, deps);

  api.get<{ Reply: Me }>('/console/me', { schema: { summary: 'The signed-in user, the root of their subtree, and the CSRF token', response: { 200: MeSchema, ...refusals } } }, async (request) => {
    const { user, area, csrf } = callerOf(request);
    const place = user.placeId === null ? null : await storage.getPlace(user.placeId);
    return { user: publicUser(user), area, place, csrf };
  });

  api.get<{ Querystring: { under?: string }; Reply: Areas }>(
    '/console/areas',
    { schema: { summary: "The areas and places of a subtree within the caller's (default: all of it)", querystring: AreasQuerySchema, response: { 200: AreasSchema, ...refusals } } },
    async (request) => {
      const { scope } = callerOf(request);
      const root = await areaInScope(deps, request, request.query.under);
      const areas = (await storage.listAreas(root?.id ?? null)).filter((a) => reachesArea(scope, a));
      const paths = new Map(areas.map((a) => [a.id, a.path]));
      const places = (await storage.listPlaces(root?.id ?? null)).filter((p) => {
        const path = paths.get(p.areaId);
        return path !== undefined && reachesPlace(scope, p, path);
      });
      return { areas, places };
    },
  );

  api.get<{ Querystring: { area?: string }; Reply: Checkpoints }>(
    '/console/checkpoints',
    { schema: { summary: "The checkpoints of an area within the caller's subtree (default: all of it)", querystring: CheckpointsQuerySchema, response: { 200: CheckpointsSchema, ...refusals } } },
    async (request) => {
      const { scope } = callerOf(request);
      const area = await areaInScope(deps, request, request.query.area);
      return { checkpoints: (await storage.listCheckpointRecords(area?.id ?? null)).filter((c) => reachesCheckpoint(scope, c)) };
    },
  );

  api.get<{ Querystring: { area?: string; since?: string; limit?: number }; Reply: Audit }>(
    '/console/audit',
    { schema: { summary: 'The audit log of a subtree, newest first (hq and admin)', querystring: AuditQuerySchema, response: { 200: AuditSchema, ...refusals } } },
    async (request) => {
      const caller = callerOf(request);
      if (!hasRight(caller.user.role, 'audit.read')) {
        await auditRefused(deps, request, caller.user, caller.area?.path ?? null, 'forbidden-role', request.query.area ?? null);
        throw refusal(request, 403, 'forbidden-role', { userId: caller.user.id });
      }
      const area = await areaInScope(deps, request, request.query.area);
      const { since, limit } = request.query;
      // Only an admin asking for the whole city reads the lines about no area (unknown names' sign-ins, CLI set-up); an
      // hq whose area is gone has the root scopeOf gives it, which no line has.
      const within = area?.path ?? caller.scope.root;
      const records = await storage.listAudit({ ...(within !== null && { within }), ...(since !== undefined && { since }), ...(limit !== undefined && { limit }) });
      return { records };
    },
  );
}
