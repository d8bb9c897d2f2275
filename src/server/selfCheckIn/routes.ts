/** A place's poster (扫码登记, issue #20): what the phone shows before the tap, and the passage; open routes, limited per IP, a resident credential optional. */
import type { FastifyInstance } from 'fastify';
import {
  PlaceParamsSchema, PosterInfoSchema, SELF_PASSAGES_PER_HOUR, SelfPassageReceiptSchema, SelfPassageRequestSchema,
  type PosterInfo, type SelfPassageReceipt, type SelfPassageRequest,
} from '../../core/selfCheckInWire.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { ref } from '../http/validation.ts';
import { phoneOf } from '../residents/credential.ts';
import { openSelfPlace, recordSelfPassage, type SelfCheckInContext } from './passage.ts';

export interface SelfCheckInRouteOptions extends SelfCheckInContext {
  now: () => Date;
  /** RATE_LIMIT_SELF_CHECK_IN, per IP and route. */
  perMinute: number;
}

/** A passage is a few hundred bytes. */
const BODY_LIMIT = 4096;
const error = ref(ErrorSchema);
const ERRORS = { 400: error, 401: error, 404: error, 409: error, 410: error, 413: error, 415: error, 429: error, 500: error };

export async function selfCheckInRoutes(api: FastifyInstance, { now, perMinute, ...ctx }: SelfCheckInRouteOptions): Promise<void> {
  const limited = { config: limitPerMinute(perMinute) };

  api.get<{ Params: { placeId: string }; Reply: PosterInfo }>(
    '/places/:placeId/poster-info',
    {
      ...limited,
      schema: {
        summary: "The place behind a poster's QR: its name, open for self check-in (410 place-withdrawn once its poster is withdrawn, 404 poster-unknown for no such place)",
        params: PlaceParamsSchema, response: { 200: ref(PosterInfoSchema), ...ERRORS },
      },
    },
    async (request) => {
      const self = await openSelfPlace(ctx.storage, request.params.placeId, now());
      return { placeId: self.placeId, placeName: self.placeName, open: true };
    },
  );

  api.post<{ Params: { placeId: string }; Body: SelfPassageRequest; Reply: SelfPassageReceipt }>(
    '/places/:placeId/passages',
    {
      ...limited, bodyLimit: BODY_LIMIT,
      schema: {
        summary: `A passage (进 or 出) at a place's poster: a person of the calling phone's household (\`Authorization: Resident …\`), or the short form (name, ID number, phone) without one. Logged in the place's server-side chain (source self) once per clientId: a retry is answered the first receipt. At most ${SELF_PASSAGES_PER_HOUR} per phone (or ID number) an hour (429 self-passages-hourly); 410 place-withdrawn`,
        security: [{}, { resident: [] }],
        params: PlaceParamsSchema, body: ref(SelfPassageRequestSchema), response: { 200: ref(SelfPassageReceiptSchema), ...ERRORS },
      },
    },
    async (request) => {
      const at = now();
      const phoneId = request.headers.authorization === undefined ? null : await phoneOf(request, ctx.storage, at);
      return recordSelfPassage(ctx, request.params.placeId, request.body, phoneId, at);
    },
  );
}
