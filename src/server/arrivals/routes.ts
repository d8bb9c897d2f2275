/** The arrival form's route (入市登记, issue #20): open (a person arriving has no account), limited per IP, small bodies. */
import type { FastifyInstance } from 'fastify';
import { ArrivalReceiptSchema, ArrivalRequestSchema, type ArrivalReceipt, type ArrivalRequest } from '../../core/arrivalWire.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { ref } from '../http/validation.ts';
import type { RealNameVerifier } from '../residents/realName.ts';
import type { Storage } from '../storage/storage.ts';
import { registerArrival } from './register.ts';

export interface ArrivalRouteOptions {
  storage: Storage;
  now: () => Date;
  timeZone: string;
  /** RATE_LIMIT_RESIDENT, per IP: the same phones, behind the same carriers' NATs, as the residents' routes. */
  perMinute: number;
  verifier: RealNameVerifier;
}

/** A form is well under 2 KiB even with every character escaped. */
const BODY_LIMIT = 4096;
const error = ref(ErrorSchema);

export async function arrivalRoutes(api: FastifyInstance, { storage, now, timeZone, perMinute, verifier }: ArrivalRouteOptions): Promise<void> {
  api.post<{ Body: ArrivalRequest; Reply: ArrivalReceipt }>(
    '/arrivals',
    {
      bodyLimit: BODY_LIMIT,
      config: limitPerMinute(perMinute),
      schema: {
        summary: 'Register an arrival in the city (入市登记): the operator\'s table puts the person on the key-person list of the destination community\'s gates for the days it says (audited); answers the receipt. A name the real-name check (RESIDENT_VERIFIER) refuses is 403 resident-not-verified, nothing stored. An invalid ID number is refused by its error (id-check, id-date…); the same person, day and community again answers the first receipt',
        body: ref(ArrivalRequestSchema),
        response: { 200: ref(ArrivalReceiptSchema), 400: error, 403: error, 413: error, 415: error, 429: error, 500: error, 503: error },
      },
    },
    async (request) => registerArrival({ storage, timeZone, now: now(), verifier }, request, request.body),
  );
}
