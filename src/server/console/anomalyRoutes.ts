/** The console's anomalies (issue #17): offline double entries of the caller's subtree, for those who may read the log (entries.export: it names persons, masked). */
import type { FastifyInstance } from 'fastify';
import { AnomaliesQuerySchema, AnomaliesSchema, sinceInstant, type Anomalies, type AnomaliesQuery } from '../../core/anomalyWire.ts';
import { refusal } from '../http/auth.ts';
import { listAnomalies } from '../places/anomalies.ts';
import type { ConsoleDeps } from './deps.ts';
import { namedId, REFUSALS, requireRight, scopeTarget } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

export const DEFAULT_ANOMALIES = 100;

export async function anomalyRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, timeZone } = deps;
  requireSession(api, deps);

  api.get<{ Querystring: AnomaliesQuery; Reply: Anomalies }>(
    '/console/anomalies',
    {
      schema: {
        summary: 'Offline double entries of an area or place (one person let in twice with no exit between), newest first; the person masked',
        querystring: AnomaliesQuerySchema, response: { 200: AnomaliesSchema, ...REFUSALS },
      },
    },
    async (request) => {
      const { area, place, since, limit } = request.query;
      await requireRight(deps, request, 'entries.export', namedId({ area, place }));
      const sinceMs = since === undefined ? undefined : sinceInstant(since, timeZone);
      if (sinceMs === null) throw refusal(request, 400, 'request-invalid', { detail: `since ${since} is no day or instant` });
      const target = await scopeTarget(deps, request, { area, place });
      const { named } = target;
      // A place (a lead of one place who names nothing gets theirs): that place's; an area: its subtree; none: the caller's.
      const within = named.kind === 'checkpoint' ? named.checkpoint.areaIds : named.area?.path ?? callerOf(request).scope.root;
      const query = { within, ...(named.kind === 'place' && { placeId: named.place.id }) };
      return listAnomalies(storage, { ...query, ...(sinceMs !== undefined && { sinceMs }), limit: limit ?? DEFAULT_ANOMALIES }, timeZone);
    },
  );
}
