/** The console's 来人登记 (issue #20): arrivals to the caller's subtree, newest first, and the printable arrival poster of an area; both need residents.read. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ArrivalListSchema, type ArrivalList } from '../../core/arrivalWire.ts';
import { isCalendarDay, startOfDay } from '../../core/calendar.ts';
import { say } from '../../core/catalogue.ts';
import { reachesArea } from '../accounts/scope.ts';
import { arrivalList } from '../arrivals/list.ts';
import { arrivalPosterHtml } from '../arrivals/poster.ts';
import { ApiFailure } from '../http/errors.ts';
import { ref } from '../http/validation.ts';
import type { ConsoleDeps } from './deps.ts';
import { attachmentDisposition, sendFile } from './exportRoutes.ts';
import { areaInScope, REFUSALS, requireRight } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

const ArrivalsQuerySchema = Type.Object(
  { area: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), since: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
  { additionalProperties: false },
);
const PosterQuerySchema = Type.Object({ area: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });

export async function arrivalConsoleRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now } = deps;
  requireSession(api, deps);

  api.get<{ Querystring: { area?: string; since?: string }; Reply: ArrivalList }>(
    '/console/arrivals',
    {
      schema: {
        summary: "Arrivals registered (入市登记) to the communities of an area (the caller's subtree by default), newest first, since a local day when given; ID numbers masked, phones shown (the lead calls them)",
        querystring: ArrivalsQuerySchema, response: { 200: ref(ArrivalListSchema), ...REFUSALS },
      },
    },
    async (request) => {
      const { scope } = callerOf(request);
      await requireRight(deps, request, 'residents.read', request.query.area ?? null);
      const { since } = request.query;
      if (since !== undefined && !isCalendarDay(since)) throw new ApiFailure(400, 'request-invalid', 'querystring/since');
      const area = await areaInScope(deps, request, request.query.area);
      // No area: an admin's whole city, or an account whose area is gone (nothing).
      const areaIds = area === null
        ? (scope.root === null ? null : [])
        : (await storage.listAreas(area.id)).filter((a) => reachesArea(scope, a)).map((a) => a.id);
      return arrivalList(storage, areaIds, since === undefined ? undefined : startOfDay(since, deps.timeZone).toISOString(), now());
    },
  );

  api.get<{ Querystring: { area?: string } }>(
    '/console/arrival-poster',
    {
      schema: {
        summary: "A printable A4 poster (HTML) with the QR code of the arrival form (/arrive), titled with the area (the caller's own by default)",
        querystring: PosterQuerySchema, response: REFUSALS,
      },
    },
    async (request, reply) => {
      await requireRight(deps, request, 'residents.read', request.query.area ?? null);
      const area = await areaInScope(deps, request, request.query.area);
      const where = area?.names ?? [say('wholeCity', 'zh')];
      const html = arrivalPosterHtml(where, `${deps.publicUrl}/arrive`);
      return sendFile(reply, 'html', attachmentDisposition([...where, say('posterTitle', 'zh')], [area?.id ?? 'city', 'arrive'], 'html'), html);
    },
  );
}
