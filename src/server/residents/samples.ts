/**
 * GET /api/v1/samples: health codes of the demonstration's sample residents (src/core/samples.ts), one of each colour,
 * signed like any other, so /samples shows a gate passing a green code and stopping a yellow and a red one. They are
 * codes of made-up people; a checkpoint that must not pass them lists their ID numbers as key persons.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { COLOURS } from '../../core/entry.ts';
import { SAMPLE_RESIDENTS } from '../../core/samples.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { limitPerMinute } from '../http/rateLimits.ts';
import { ref } from '../http/validation.ts';
import { signHealthCode, type IssuerContext } from '../issuer/healthCodes.ts';

const SampleCodesSchema = Type.Object(
  {
    codes: Type.Array(Type.Object({
      id: Type.String(), name: Type.String(), colour: Type.Union(COLOURS.map((c) => Type.Literal(c))),
      code: Type.String(), expires: Type.String({ format: 'date-time' }),
    }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type SampleCodes = Static<typeof SampleCodesSchema>;

export interface SampleRouteOptions { issuer: IssuerContext; now: () => Date; perMinute: number }

export async function sampleRoutes(api: FastifyInstance, { issuer, now, perMinute }: SampleRouteOptions): Promise<void> {
  api.get<{ Reply: SampleCodes }>(
    '/samples',
    {
      // Three signatures a request: limited per IP like the residents' own routes.
      config: limitPerMinute(perMinute),
      schema: {
        summary: "Signed health codes of the demonstration's sample residents, one per colour (made-up people)",
        response: { 200: SampleCodesSchema, 429: ref(ErrorSchema), 500: ref(ErrorSchema) },
      },
    },
    async () => {
      const at = now();
      const codes = await Promise.all(SAMPLE_RESIDENTS.map(async ({ id, name, colour }) => {
        const issued = await signHealthCode(issuer, { id, name }, colour, at);
        return { id, name, colour, code: issued.code, expires: issued.expires };
      }));
      return { codes };
    },
  );
}
