/** The residents' daily check-in and current health code, for a person bound to the calling phone (issue #18: the phone's credential, no name in the body). */
import type { FastifyInstance } from 'fastify';
import { calendarDay } from '../../core/calendar.ts';
import type { CheckInRequest, CheckInResponse, HealthCodeRequest, HealthCodeResponse } from '../../core/wire.ts';
import { CheckInRequestSchema, CheckInResponseSchema, ErrorSchema, HealthCodeRequestSchema, HealthCodeSchema } from '../../core/wire.ts';
import { ApiFailure } from '../http/errors.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { checkIn, currentHealthCode, type IssuerContext, type ResidentError, type ResidentIdentity } from '../issuer/healthCodes.ts';
import { ref } from '../http/validation.ts';
import { canonicalId, personOnPhone, phoneOf } from './credential.ts';

export interface ResidentRouteOptions {
  issuer: IssuerContext;
  now: () => Date;
  /** Requests per minute per IP on each route (RATE_LIMIT_RESIDENT): a guessed credential is tried here too. */
  perMinute: number;
}

const error = ref(ErrorSchema);
export const RESIDENT_ERRORS = { 400: error, 401: error, 404: error, 413: error, 415: error, 429: error, 500: error };
/** A check-in is a few hundred bytes; an open route has no reason to read more. */
const BODY_LIMIT = 4096;
export const RESIDENT_SECURITY = [{ resident: [] }];

const STATUS: Record<ResidentError, number> = { 'resident-unknown': 404 };

/** The person the body names, bound to the calling phone, under the name the binding holds. */
async function identity(issuer: IssuerContext, request: Parameters<typeof phoneOf>[0], id: string, at: Date): Promise<ResidentIdentity> {
  const phoneId = await phoneOf(request, issuer.storage, at);
  const person = await personOnPhone(issuer.storage, phoneId, canonicalId(id, calendarDay(at, issuer.settings.timeZone)));
  return { id: person.personId, name: person.name };
}

export async function residentRoutes(api: FastifyInstance, { issuer, now, perMinute }: ResidentRouteOptions): Promise<void> {
  api.post<{ Body: CheckInRequest; Reply: CheckInResponse }>(
    '/checkins',
    {
      bodyLimit: BODY_LIMIT,
      config: limitPerMinute(perMinute),
      schema: {
        summary: "A resident's daily check-in for a person on the calling phone; answers the health code it earns. A second check-in the same day is merged with the first, keeping the worse of each answer (`merged`), so a fever cannot be checked in away",
        security: RESIDENT_SECURITY,
        body: ref(CheckInRequestSchema),
        response: { 200: ref(CheckInResponseSchema), ...RESIDENT_ERRORS },
      },
    },
    async (request) => {
      const at = now();
      const { temperature, isolated, symptoms } = request.body;
      const done = await checkIn(issuer, await identity(issuer, request, request.body.id, at), { temperature, isolated, symptoms }, at);
      if (!done.ok) throw new ApiFailure(STATUS[done.error], done.error);
      return done.value;
    },
  );

  api.post<{ Body: HealthCodeRequest; Reply: HealthCodeResponse }>(
    '/health-code',
    {
      bodyLimit: BODY_LIMIT,
      config: limitPerMinute(perMinute),
      schema: {
        summary: "The current health code of a person on the calling phone, by the colour rules and the check-ins so far (404 resident-unknown before the first check-in, and for a person on no or another phone alike)",
        security: RESIDENT_SECURITY,
        body: ref(HealthCodeRequestSchema),
        response: { 200: ref(HealthCodeSchema), ...RESIDENT_ERRORS },
      },
    },
    async (request) => {
      const at = now();
      const current = await currentHealthCode(issuer, await identity(issuer, request, request.body.id, at), at);
      if (!current.ok) throw new ApiFailure(STATUS[current.error], current.error);
      return current.value;
    },
  );
}
