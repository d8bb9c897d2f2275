/** The console's poster switch (issue #20): which places' self check-in posters are withdrawn, and withdrawing or restoring one (a lead of the place's subtree, hq, admin), audited. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PlaceCountsQuerySchema, PlaceParamsSchema } from '../../core/consolePlaces.ts';
import { PosterStateSchema, type PosterState } from '../../core/selfCheckInWire.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { ApiFailure } from '../http/errors.ts';
import { ref } from '../http/validation.ts';
import { setPoster } from '../selfCheckIn/passage.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { placeInScope, placesInScope, REFUSALS, requireRight } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

const WithdrawnSchema = Type.Object({ withdrawn: Type.Array(Type.String(), { description: 'ids of the places whose poster is withdrawn' }) }, { additionalProperties: false });

export async function posterRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now } = deps;
  requireSession(api, deps);

  api.get<{ Querystring: { area?: string }; Reply: { withdrawn: string[] } }>(
    '/console/places/posters',
    {
      schema: {
        summary: "The places of an area within the caller's subtree (default: all of it) whose self check-in poster is withdrawn",
        querystring: PlaceCountsQuerySchema, response: { 200: WithdrawnSchema, ...REFUSALS },
      },
    },
    async (request) => {
      await requireRight(deps, request, 'city.read', request.query.area ?? null);
      const places = await placesInScope(deps, request, request.query.area);
      return { withdrawn: await storage.withdrawnPosters(places.map((p) => p.id)) };
    },
  );

  api.post<{ Params: { id: string }; Body: PosterState; Reply: PosterState }>(
    '/console/places/:id/poster',
    {
      bodyLimit: 1024,
      schema: {
        summary: "Withdraw a place's self check-in poster (its QR then answers 410 place-withdrawn) or restore it; hq, admin and a lead of the place's subtree; audited; needs x-csrf-token",
        params: PlaceParamsSchema, body: PosterStateSchema, response: { 200: PosterStateSchema, ...REFUSALS, 413: ref(ErrorSchema), 415: ref(ErrorSchema) },
      },
    },
    async (request) => {
      const { user } = callerOf(request);
      // The same right as the place's inside count and its gates' rules: the place's own lead runs its entrances.
      await requireRight(deps, request, 'policy.write', request.params.id);
      const { place, area } = await placeInScope(deps, request, request.params.id);
      const { withdrawn } = request.body;
      if (!(await setPoster(storage, place.id, withdrawn, `user:${user.id}`, now()))) throw new ApiFailure(404, 'city-unknown', place.id);
      await auditConsole(deps, request, { user, action: withdrawn ? 'console.poster-withdraw' : 'console.poster-restore', areaPath: area.path, target: place.id });
      return { withdrawn };
    },
  );
}
