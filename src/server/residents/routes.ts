/** The residents' routes, open to any phone (no device token): the daily check-in and the current health code. */
import type { FastifyInstance } from 'fastify';
import { calendarDay } from '../../core/calendar.ts';
import { parseIdNumber } from '../../core/idNumber.ts';
import type { CheckInRequest, CheckInResponse, HealthCodeRequest, HealthCodeResponse } from '../../core/wire.ts';
import { CheckInRequestSchema, CheckInResponseSchema, ErrorSchema, HealthCodeRequestSchema, HealthCodeSchema } from '../../core/wire.ts';
import { ApiFailure } from '../http/errors.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { checkIn, currentHealthCode, normaliseName, type IssuerContext, type ResidentError, type ResidentIdentity } from '../issuer/healthCodes.ts';
import { ref } from '../http/validation.ts';

export interface ResidentRouteOptions {
  issuer: IssuerContext;
  now: () => Date;
  /** Requests per minute per IP on each route (RATE_LIMIT_RESIDENT): a name and an ID number is all it takes to read a colour. */
  perMinute: number;
}

const error = ref(ErrorSchema);
const residentErrors = { 400: error, 404: error, 409: error, 413: error, 415: error, 429: error, 500: error };
/** A check-in is a few hundred bytes; an open route has no reason to read more. */
const BODY_LIMIT = 4096;

const STATUS: Record<ResidentError, number> = { 'resident-unknown': 404, 'resident-name-mismatch': 409 };

/** The ID number checked (birth date not after today) and made canonical, and the name as it is compared. */
function identity(body: { id: string; name: string }, today: string): ResidentIdentity {
  const parsed = parseIdNumber(body.id, today);
  if (!parsed.ok) throw new ApiFailure(400, parsed.error, 'body/id');
  const name = normaliseName(body.name);
  if (name === '') throw new ApiFailure(400, 'request-invalid', 'body/name must not be blank');
  return { id: parsed.value.id, name };
}

export async function residentRoutes(api: FastifyInstance, { issuer, now, perMinute }: ResidentRouteOptions): Promise<void> {
  api.post<{ Body: CheckInRequest; Reply: CheckInResponse }>(
    '/checkins',
    {
      bodyLimit: BODY_LIMIT,
      config: limitPerMinute(perMinute),
      schema: {
        summary: "A resident's daily check-in; answers the health code it earns. A second check-in the same day is merged with the first, keeping the worse of each answer (`merged`), so a fever cannot be checked in away",
        body: ref(CheckInRequestSchema),
        response: { 200: ref(CheckInResponseSchema), ...residentErrors },
      },
    },
    async (request) => {
      const at = now();
      const { temperature, isolated, symptoms } = request.body;
      const done = await checkIn(issuer, identity(request.body, calendarDay(at, issuer.settings.timeZone)), { temperature, isolated, symptoms }, at);
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
        summary: "A resident's current health code, by the colour rules and the check-ins so far (404 resident-unknown before the first check-in)",
        body: ref(HealthCodeRequestSchema),
        response: { 200: ref(HealthCodeSchema), ...residentErrors },
      },
    },
    async (request) => {
      const at = now();
      const current = await currentHealthCode(issuer, identity(request.body, calendarDay(at, issuer.settings.timeZone)), at);
      if (!current.ok) throw new ApiFailure(STATUS[current.error], current.error);
      return current.value;
    },
  );
}
