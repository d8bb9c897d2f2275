/** The console's 来人登记 (issue #20): arrivals to the caller's subtree, newest first, and the printable arrival poster of an area (residents.read); withdrawing a false one (residents.write). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  ArrivalListSchema, ArrivalWithdrawRequestSchema, ConsoleArrivalSchema, withdrawReason, type ArrivalList, type ArrivalWithdrawRequest, type ConsoleArrival,
} from '../../core/arrivalWire.ts';
import { isCalendarDay, startOfDay } from '../../core/calendar.ts';
import { say } from '../../core/catalogue.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { reachesArea } from '../accounts/scope.ts';
import { arrivalList, consoleArrival } from '../arrivals/list.ts';
import { arrivalPosterHtml } from '../arrivals/poster.ts';
import { ApiFailure } from '../http/errors.ts';
import { ref } from '../http/validation.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { attachmentDisposition, sendFile } from './exportRoutes.ts';
import { areaInScope, REFUSALS, refuseArea, requireRight } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

const ArrivalsQuerySchema = Type.Object(
  { area: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), since: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
  { additionalProperties: false },
);
const PosterQuerySchema = Type.Object({ area: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const ArrivalParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

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

  api.post<{ Params: { id: string }; Body: ArrivalWithdrawRequest; Reply: ConsoleArrival }>(
    '/console/arrivals/:id/withdraw',
    {
      bodyLimit: 4096,
      schema: {
        summary: "Withdraw a false arrival (a prank, the wrong person, the wrong place) with its reason (2–200 characters): it leaves the key-person lists of its community's gates at their next sync and no longer counts; audited; a second time keeps the first withdrawal. hq, admin and the lead of the arrival's community (its subtree); needs x-csrf-token",
        params: ArrivalParamsSchema, body: ref(ArrivalWithdrawRequestSchema),
        response: { 200: ref(ConsoleArrivalSchema), ...REFUSALS, 413: ref(ErrorSchema), 415: ref(ErrorSchema) },
      },
    },
    async (request) => {
      const { user, scope } = callerOf(request);
      const { id } = request.params;
      await requireRight(deps, request, 'residents.write', id);
      const found = await storage.getArrival(id);
      const area = found && (await storage.getArea(found.areaId));
      // Unknown and out of reach are the same 403, so arrival ids cannot be probed.
      if (!found || !area || !reachesArea(scope, area)) throw await refuseArea(deps, request, id);
      const reason = withdrawReason(request.body.reason);
      if (!reason.ok) throw new ApiFailure(400, reason.error);
      const at = now();
      const done = await storage.withdrawArrival(id, { at: at.toISOString(), by: `user:${user.id}`, byName: user.name, reason: reason.value });
      if (!done) throw await refuseArea(deps, request, id); // removed by retention since it was found
      await auditConsole(deps, request, {
        user, action: 'console.arrival-withdraw', areaPath: area.path, target: maskIdNumber(found.personId),
        detail: { arrivalId: id, reason: reason.value, first: done.first, category: found.category, checkpoints: done.checkpointIds.length },
      });
      return consoleArrival(done.arrival, area.names, at);
    },
  );
}
