/** The console's area-scoped reads: who am I, the tree below me, its checkpoints, its audit log; every area named is checked against the caller's subtree (scopeTarget.ts). */
import type { FastifyInstance } from 'fastify';
import {
  AreasQuerySchema, AreasSchema, AuditQuerySchema, AuditSchema, CheckpointsQuerySchema, CheckpointsSchema, MeSchema,
  type Areas, type Audit, type Checkpoints, type Me,
} from '../../core/consoleWire.ts';
import { reachesArea, reachesCheckpoint, reachesPlace } from '../accounts/scope.ts';
import { publicUser } from '../accounts/users.ts';
import type { ConsoleDeps } from './deps.ts';
import { areaInScope, REFUSALS, requireRight } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';


export async function readRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage } = deps;
  requireSession(api, deps);

  api.get<{ Reply: Me }>('/console/me', { schema: { summary: 'The signed-in user, the root of their subtree, and the CSRF token', response: { 200: MeSchema, ...REFUSALS } } }, async (request) => {
    const { user, area, csrf } = callerOf(request);
    const place = user.placeId === null ? null : await storage.getPlace(user.placeId);
    return { user: publicUser(user), area, place, csrf };
  });

  api.get<{ Querystring: { under?: string }; Reply: Areas }>(
    '/console/areas',
    { schema: { summary: "The areas and places of a subtree within the caller's (default: all of it)", querystring: AreasQuerySchema, response: { 200: AreasSchema, ...REFUSALS } } },
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
    { schema: { summary: "The checkpoints of an area within the caller's subtree (default: all of it)", querystring: CheckpointsQuerySchema, response: { 200: CheckpointsSchema, ...REFUSALS } } },
    async (request) => {
      const { scope } = callerOf(request);
      const area = await areaInScope(deps, request, request.query.area);
      return { checkpoints: (await storage.listCheckpointRecords(area?.id ?? null)).filter((c) => reachesCheckpoint(scope, c)) };
    },
  );

  api.get<{ Querystring: { area?: string; since?: string; limit?: number }; Reply: Audit }>(
    '/console/audit',
    { schema: { summary: 'The audit log of a subtree, newest first (hq and admin)', querystring: AuditQuerySchema, response: { 200: AuditSchema, ...REFUSALS } } },
    async (request) => {
      const caller = callerOf(request);
      await requireRight(deps, request, 'audit.read', request.query.area ?? null);
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
