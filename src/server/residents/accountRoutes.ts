/** The resident account's routes (issue #18): registration, the household, travel, 困难诉求, leaving, and the communities to pick from; limited per IP. */
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { calendarDay, isCalendarDay } from '../../core/calendar.ts';
import {
  CommunitySchema, HelpRequestSchema, HelpRequestStateSchema, HouseholdSchema, RegisterRequestSchema, TravelRequestSchema,
  type Community, type HelpRequest, type HelpRequestState, type Household, type RegisterRequest, type TravelRequest,
} from '../../core/residentWire.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { ApiFailure } from '../http/errors.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { ref } from '../http/validation.ts';
import type { IssuerContext } from '../issuer/healthCodes.ts';
import { canonicalId, personOnPhone, phoneOf } from './credential.ts';
import { householdOf, requestWire } from './household.ts';
import type { RealNameVerifier } from './realName.ts';
import { COMMUNITY_LEVELS, register } from './register.ts';
import { RESIDENT_ERRORS, RESIDENT_SECURITY } from './routes.ts';

export interface ResidentAccountOptions {
  issuer: IssuerContext;
  now: () => Date;
  /** RATE_LIMIT_RESIDENT, per IP and route. */
  perMinute: number;
  verifier: RealNameVerifier;
}

/** At most this many open 困难诉求 per person: a queue the community can work through, not a channel to flood. */
export const MAX_OPEN_REQUESTS = 5;
/** At most this many communities per search: the phone narrows by typing. */
export const MAX_COMMUNITIES = 20;
/** A registration or a request is well under 4 KiB, even with every character escaped; twenty trips under 16 KiB. */
const SMALL_BODY = 4096;
const TRAVEL_BODY = 16_384;

const error = ref(ErrorSchema);
const errors = { ...RESIDENT_ERRORS, 403: error, 409: error, 503: error };
const CommunityQuerySchema = Type.Object({ q: Type.Optional(Type.String({ maxLength: 32 })) }, { additionalProperties: false });
const PersonParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false });

export async function residentAccountRoutes(api: FastifyInstance, { issuer, now, perMinute, verifier }: ResidentAccountOptions): Promise<void> {
  const { storage } = issuer;
  const today = (at: Date): string => calendarDay(at, issuer.settings.timeZone);
  const limited = { config: limitPerMinute(perMinute) };

  api.post<{ Body: RegisterRequest; Reply: Household }>(
    '/residents/register',
    {
      ...limited, bodyLimit: SMALL_BODY,
      schema: {
        summary: "Register a person on this phone: without a credential a new phone is made and its credential answered (once); with one, the person joins the phone's household. An ID number bound to another phone is refused (409 resident-claimed) unless `rebindCode` is a lead's code for it",
        security: [{}, ...RESIDENT_SECURITY],
        body: ref(RegisterRequestSchema),
        response: { 200: ref(HouseholdSchema), ...errors },
      },
    },
    async (request) => {
      const at = now();
      const { phoneId, credential } = await register({ issuer, verifier, now: at }, request, request.body);
      return { ...(await householdOf(issuer, phoneId, at)), ...(credential && { credential }) };
    },
  );

  api.get<{ Reply: Household }>(
    '/residents/me',
    { ...limited, schema: { summary: "This phone's household: each person's colour today and why, their trips, and their requests", security: RESIDENT_SECURITY, response: { 200: ref(HouseholdSchema), ...errors } } },
    async (request) => {
      const at = now();
      return householdOf(issuer, await phoneOf(request, storage, at), at);
    },
  );

  api.put<{ Body: TravelRequest; Reply: Household }>(
    '/residents/travel',
    {
      ...limited, bodyLimit: TRAVEL_BODY,
      schema: { summary: "Replace a person's recent travel (近期出行): places and dates, each from ≤ to", security: RESIDENT_SECURITY, body: ref(TravelRequestSchema), response: { 200: ref(HouseholdSchema), ...errors } },
    },
    async (request) => {
      const at = now();
      const phoneId = await phoneOf(request, storage, at);
      const person = await personOnPhone(storage, phoneId, canonicalId(request.body.id, today(at)));
      const trips = request.body.trips.map((t) => ({ place: t.place.trim(), from: t.from, to: t.to }));
      trips.forEach((t, i) => {
        if (!isCalendarDay(t.from) || !isCalendarDay(t.to) || t.from > t.to) throw new ApiFailure(400, 'trip-dates', `body/trips/${i}`);
        if (t.place === '') throw new ApiFailure(400, 'request-invalid', `body/trips/${i}/place must not be blank`);
      });
      await storage.replaceTrips(person.personId, trips);
      return householdOf(issuer, phoneId, at);
    },
  );

  api.post<{ Body: HelpRequest; Reply: HelpRequestState }>(
    '/residents/requests',
    {
      ...limited, bodyLimit: SMALL_BODY,
      schema: {
        summary: `Raise a 困难诉求 (medicine, food, medical help, other) for a person on this phone; at most ${MAX_OPEN_REQUESTS} open per person`,
        security: RESIDENT_SECURITY, body: ref(HelpRequestSchema), response: { 200: ref(HelpRequestStateSchema), ...errors },
      },
    },
    async (request) => {
      const at = now();
      const phoneId = await phoneOf(request, storage, at);
      const person = await personOnPhone(storage, phoneId, canonicalId(request.body.id, today(at)));
      const added = await storage.addRequest({
        requestId: `rq-${randomBytes(8).toString('hex')}`, personId: person.personId, kind: request.body.kind, text: request.body.text.trim(),
        status: 'open', createdAt: at.toISOString(), doneAt: null, note: null, doneBy: null,
      }, MAX_OPEN_REQUESTS);
      if (!added) throw new ApiFailure(409, 'resident-requests-open');
      return requestWire(added);
    },
  );

  api.delete<{ Params: { id: string }; Reply: Household }>(
    '/residents/persons/:id',
    {
      ...limited,
      schema: {
        summary: "Take a person off this phone: the binding ends, and their trips and requests go with it (their check-ins stay, by the server's retention)",
        security: RESIDENT_SECURITY, params: PersonParamsSchema, response: { 200: ref(HouseholdSchema), ...errors },
      },
    },
    async (request) => {
      const at = now();
      const phoneId = await phoneOf(request, storage, at);
      const id = canonicalId(request.params.id, today(at), 'params/id');
      if (!(await storage.unbindPerson(phoneId, id))) throw new ApiFailure(404, 'resident-unknown');
      return householdOf(issuer, phoneId, at);
    },
  );

  api.get<{ Querystring: { q?: string }; Reply: Community[] }>(
    '/residents/communities',
    {
      ...limited,
      schema: {
        summary: `Communities and villages whose name has \`q\`, at most ${MAX_COMMUNITIES} (open: a phone asks before its first registration)`,
        querystring: CommunityQuerySchema, response: { 200: { type: 'array', items: ref(CommunitySchema), maxItems: MAX_COMMUNITIES }, ...errors },
      },
    },
    async (request) => {
      const q = request.query.q?.trim() ?? '';
      const areas = (await storage.listAreas(null)).filter((a) => COMMUNITY_LEVELS.includes(a.level) && a.name.includes(q));
      return areas.slice(0, MAX_COMMUNITIES).map((a) => ({ id: a.id, names: a.names }));
    },
  );
}
