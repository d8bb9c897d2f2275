/** The console's inside counts (issue #17): each place of a subtree with how many are inside across all its gates, and a correction of one, audited with its reason. */

// A correction reaches the gates as every passage does: with their next sync or poll.
import type { FastifyInstance } from 'fastify';
import {
  PlaceCountCorrectedSchema, PlaceCountCorrectionSchema, PlaceCountsQuerySchema, PlaceCountsSchema, PlaceParamsSchema,
  type PlaceCountCorrectionBody, type PlaceCounts,
} from '../../core/consolePlaces.ts';
import type { PlaceCount } from '../../core/placeCount.ts';
import { correctionReason } from '../../core/placeCountInput.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { ApiFailure } from '../http/errors.ts';
import { ref } from '../http/validation.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { placeInScope, placesInScope, REFUSALS, requireRight } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

/** An inside count and a reason of at most 1,000 characters. */
const BODY_LIMIT = 4 * 1024;

export async function placeCountRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now, timeZone } = deps;
  requireSession(api, deps);

  api.get<{ Querystring: { area?: string }; Reply: PlaceCounts }>(
    '/console/places/counts',
    {
      schema: {
        summary: "How many are inside each place of an area within the caller's subtree (default: all of it), across all its gates, since its last daily reset or correction",
        querystring: PlaceCountsQuerySchema, response: { 200: PlaceCountsSchema, ...REFUSALS },
      },
    },
    async (request) => {
      await requireRight(deps, request, 'city.read', request.query.area ?? null);
      const places = await placesInScope(deps, request, request.query.area);
      const counts = await storage.placeCounts(places.map((p) => p.id), now(), timeZone);
      return { places: places.flatMap((p) => counts.get(p.id) ?? []) };
    },
  );

  api.post<{ Params: { id: string }; Body: PlaceCountCorrectionBody; Reply: PlaceCount }>(
    '/console/places/:id/count',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        summary: "Correct a place's inside count: `inside` persons are inside now, for `reason` (2–200 characters); the count goes on from it, and the line goes to the audit log (hq, admin and a lead in their own place; needs x-csrf-token)",
        params: PlaceParamsSchema, body: PlaceCountCorrectionSchema, response: { 200: PlaceCountCorrectedSchema, ...REFUSALS, 413: ref(ErrorSchema), 415: ref(ErrorSchema) },
      },
    },
    async (request) => {
      const { user } = callerOf(request);
      await requireRight(deps, request, 'policy.write', request.params.id);
      const { place, area } = await placeInScope(deps, request, request.params.id);
      const reason = correctionReason(request.body.reason);
      if (!reason.ok) throw new ApiFailure(400, reason.error);
      const { inside } = request.body;
      const at = now();
      const before = (await storage.placeCounts([place.id], at, timeZone)).get(place.id);
      if (!(await storage.correctPlaceCount({ placeId: place.id, inside, at, reason: reason.value, by: user.id, byName: user.name }))) {
        throw new ApiFailure(404, 'city-unknown', place.id); // removed since it was found
      }
      request.log.info({ userId: user.id, placeId: place.id, inside }, 'inside count corrected from the console');
      await auditConsole(deps, request, {
        user, action: 'console.place-count', areaPath: area.path, target: place.id,
        detail: { inside, before: before?.inside ?? null, reason: reason.value },
      });
      const after = (await storage.placeCounts([place.id], now(), timeZone)).get(place.id);
      if (!after) throw new ApiFailure(404, 'city-unknown', place.id);
      return after;
    },
  );
}
