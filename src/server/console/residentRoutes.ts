/**
 * The console's 居民 page (issue #18): the residents of the caller's subtree with their flags and 困难诉求, closing a
 * request, and the one-time code that re-binds an ID number to the phone of the person whose ID card the lead saw.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { calendarDay } from '../../core/calendar.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import {
  HelpRequestStateSchema, RebindCodeSchema, RebindRequestSchema, RequestDoneSchema, ResidentListSchema,
  type HelpRequestState, type RebindCode, type RebindRequest, type RequestDone, type ResidentList,
} from '../../core/residentWire.ts';
import { reachesArea } from '../accounts/scope.ts';
import { ApiFailure } from '../http/errors.ts';
import { ref } from '../http/validation.ts';
import { normaliseName, type IssuerContext } from '../issuer/healthCodes.ts';
import { canonicalId } from '../residents/credential.ts';
import { requestWire } from '../residents/household.ts';
import { makeRebindCode } from '../residents/rebind.ts';
import { listResidents } from '../residents/residentList.ts';
import { DEFAULT_HEALTH_CODE_SETTINGS } from '../settings.ts';
import type { AreaRecord } from '../storage/cityTypes.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { areaInScope, REFUSALS, refuseArea, requireRight } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

const ResidentsQuerySchema = Type.Object({ area: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const RequestParamsSchema = Type.Object({ requestId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const SMALL_BODY = 4096;

export async function residentRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now } = deps;
  requireSession(api, deps);
  // Colours only, never a signature: the issuer's keys and name are not needed here.
  const issuer: IssuerContext = { storage, dataDir: '', settings: { ...DEFAULT_HEALTH_CODE_SETTINGS, timeZone: deps.timeZone } };

  /** The person's area when the caller reaches it; null for a person in no area anyone reaches (none given, or one removed). */
  async function personArea(areaId: string | null): Promise<AreaRecord | null> {
    return areaId === null ? null : storage.getArea(areaId);
  }

  api.get<{ Querystring: { area?: string }; Reply: ResidentList }>(
    '/console/residents',
    {
      schema: {
        summary: "Registered residents of an area (the caller's subtree by default), flagged ones first (fever, isolation, missed check-ins, open requests, recent travel), ID numbers masked; and the open requests with those done in the last 7 days",
        querystring: ResidentsQuerySchema, response: { 200: ref(ResidentListSchema), ...REFUSALS },
      },
    },
    async (request) => {
      const { scope } = callerOf(request);
      await requireRight(deps, request, 'residents.read', request.query.area ?? null);
      const area = await areaInScope(deps, request, request.query.area);
      // No area: an admin's whole city (persons of no area too), or an account whose area is gone (nothing).
      const areaIds = area === null
        ? (scope.root === null ? null : [])
        : (await storage.listAreas(area.id)).filter((a) => reachesArea(scope, a)).map((a) => a.id);
      return listResidents(issuer, areaIds, now());
    },
  );

  api.post<{ Params: { requestId: string }; Body: RequestDone; Reply: HelpRequestState }>(
    '/console/residents/requests/:requestId/done',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        summary: 'Mark a 困难诉求 done with a note the resident reads (needs x-csrf-token); a second time keeps the first',
        params: RequestParamsSchema, body: ref(RequestDoneSchema), response: { 200: ref(HelpRequestStateSchema), ...REFUSALS },
      },
    },
    async (request) => {
      const { user, scope } = callerOf(request);
      const { requestId } = request.params;
      await requireRight(deps, request, 'residents.write', requestId);
      const found = await storage.getRequest(requestId);
      const person = found && (await storage.boundPerson(found.personId));
      const area = person ? await personArea(person.areaId) : null;
      // Unknown and out of reach are the same 403, so request ids cannot be probed.
      if (!found || !person || !(scope.root === null || (area !== null && reachesArea(scope, area)))) throw await refuseArea(deps, request, requestId);
      const closed = await storage.closeRequest(requestId, { at: now().toISOString(), note: request.body.note.trim(), by: `user:${user.id}` });
      if (!closed) throw await refuseArea(deps, request, requestId);
      await auditConsole(deps, request, {
        user, action: 'console.resident-request-done', areaPath: area?.path ?? null, target: requestId,
        detail: { kind: found.kind, person: maskIdNumber(found.personId), first: found.status === 'open' },
      });
      return { ...requestWire(closed), personId: maskIdNumber(closed.personId) };
    },
  );

  api.post<{ Body: RebindRequest; Reply: RebindCode }>(
    '/console/residents/rebind',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        summary: "Make a one-time code (8 digits, 24 hours) that binds an ID number to the phone of the person whose ID card you saw, under the name on the card (needs x-csrf-token; audited with the reason). A person bound in another subtree is refused; one of no area you reach moves into your own",
        body: ref(RebindRequestSchema), response: { 200: ref(RebindCodeSchema), ...REFUSALS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const at = now();
      const personId = canonicalId(request.body.id, calendarDay(at, deps.timeZone));
      await requireRight(deps, request, 'residents.write', maskIdNumber(personId));
      const name = normaliseName(request.body.name);
      const reason = request.body.reason.trim();
      if (name === '' || reason === '') throw new ApiFailure(400, 'request-invalid', name === '' ? 'body/name must not be blank' : 'body/reason must not be blank');
      const person = await storage.boundPerson(personId);
      const area = person ? await personArea(person.areaId) : null;
      const inReach = area !== null && reachesArea(caller.scope, area);
      if (area !== null && !inReach) throw await refuseArea(deps, request, maskIdNumber(personId));
      // Of no area anyone reaches: into the caller's own, so their community sees the person from now on.
      const moveTo = inReach ? null : (caller.area?.id ?? null);
      const code = await makeRebindCode(storage, { personId, name, reason, areaId: moveTo, createdBy: `user:${caller.user.id}` }, at);
      await auditConsole(deps, request, {
        user: caller.user, action: 'console.resident-rebind', areaPath: (inReach ? area?.path : caller.area?.path) ?? null, target: maskIdNumber(personId),
        detail: { reason, expires: code.expires, bound: person !== null, moveTo },
      });
      return code;
    },
  );
}
