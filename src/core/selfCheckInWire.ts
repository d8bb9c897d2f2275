/**
 * What a visitor's phone and the server say at a place's poster (扫码登记, issue #20): the place behind the QR, and one
 * passage (进 or 出) of one person, sent until the server has it, answered with a receipt that says nothing the phone
 * did not send but the place's name and the result.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DIRECTIONS } from './entry.ts';
import { IdNumberInput, PersonName } from './residentWire.ts';

/** At most this many passages per phone (per resident credential, or per ID number on the short form) per hour. */
export const SELF_PASSAGES_PER_HOUR = 20;

/** What the phone shows: recorded, or recorded and the person is to see the staff (a red or key person, a full place). */
export const SELF_OUTCOMES = ['recorded', 'see-staff'] as const;
export type SelfOutcome = (typeof SELF_OUTCOMES)[number];

const PlaceId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]{1,64}$' });

export const PlaceParamsSchema = Type.Object({ placeId: PlaceId }, { additionalProperties: false });

/** GET /places/:placeId/poster-info: open for self check-in (a withdrawn place answers 410 `place-withdrawn` instead). */
export const PosterInfoSchema = Type.Object(
  { placeId: Type.String(), placeName: Type.String(), open: Type.Literal(true) },
  { $id: 'PosterInfo', additionalProperties: false },
);

/**
 * POST /places/:placeId/passages. With a resident credential (`Authorization: Resident …`) `id` is a person of that
 * phone's household and `name` and `phone` are left out; without one they are the short form (简易登记), both required.
 */
export const SelfPassageRequestSchema = Type.Object(
  {
    clientId: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', description: 'random UUID made on the phone at the tap: a retry with it is answered the first receipt' }),
    direction: Type.Union(DIRECTIONS.map((d) => Type.Literal(d))),
    at: Type.String({ format: 'date-time', maxLength: 40, description: "the phone's clock at the tap, ISO 8601" }),
    id: IdNumberInput,
    name: Type.Optional(PersonName),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{4,19}$', description: 'a number the place can call back (short form only)' })),
  },
  { $id: 'SelfPassageRequest', additionalProperties: false },
);

/** The receipt: what the phone sent (its passage), the place's name, and the result; never another person's facts. */
export const SelfPassageReceiptSchema = Type.Object(
  {
    clientId: Type.String(),
    placeId: Type.String(),
    placeName: Type.String(),
    direction: Type.Union(DIRECTIONS.map((d) => Type.Literal(d))),
    at: Type.String({ format: 'date-time' }),
    receivedAt: Type.String({ format: 'date-time' }),
    outcome: Type.Union(SELF_OUTCOMES.map((o) => Type.Literal(o))),
    reasons: Type.Array(Type.String(), { description: 'catalogue keys of the result: the place full, and for a person of the calling phone only, their colour or list' }),
  },
  { $id: 'SelfPassageReceipt', additionalProperties: false },
);

/** POST /console/places/:id/poster: withdraw the place's poster (its QR then answers 410), or open it again. */
export const PosterStateSchema = Type.Object({ withdrawn: Type.Boolean() }, { $id: 'PosterState', additionalProperties: false });

export type PosterInfo = Static<typeof PosterInfoSchema>;
export type SelfPassageRequest = Static<typeof SelfPassageRequestSchema>;
export type SelfPassageReceipt = Static<typeof SelfPassageReceiptSchema>;
export type PosterState = Static<typeof PosterStateSchema>;
