/**
 * What an arriving person's phone and the server say to each other (入市登记, issue #20): the form, the receipt, and what
 * the destination community's lead sees of arrivals in the console, and their withdrawal of a false one.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ARRIVAL_MEANS, HEALTH_QUESTIONS, PROVINCES } from './arrivalRules.ts';
import { KEY_PERSON_CATEGORIES } from './keyPersons.ts';
import { auditReason } from './auditReason.ts';
import type { Result } from './result.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Line = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength, pattern: '^[^\\x00-\\x1f\\x7f]*$' });
const Category = Type.Union(KEY_PERSON_CATEGORIES.map((c) => Type.Literal(c)));
const Means = Type.Union(ARRIVAL_MEANS.map((m) => Type.Literal(m)));
const ProvinceName = Type.Union(PROVINCES.map((p) => Type.Literal(p)));

/** How far back an arrival may be registered, and how far ahead (registering the day before the train). */
export const ARRIVAL_DAYS_BACK = 30;
export const ARRIVAL_DAYS_AHEAD = 7;

/** Each health question's answer: true is "yes". */
export const HealthAnswersSchema = Type.Object(
  Object.fromEntries(HEALTH_QUESTIONS.map((q) => [q, Type.Boolean()])) as Record<(typeof HEALTH_QUESTIONS)[number], ReturnType<typeof Type.Boolean>>,
  { $id: 'HealthAnswers', additionalProperties: false },
);

/**
 * POST /arrivals (open: no account, limited per IP). The ID number is checked by its check character and made canonical
 * by the server; `areaId` is a community or village from GET /residents/communities.
 */
export const ArrivalRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\x00-\\x1f\\x7f]+$', description: 'as on the ID card' }),
    id: Type.String({ minLength: 1, maxLength: 32, description: 'ID number: 18 characters, or the old 15 digits' }),
    phone: Type.String({ minLength: 5, maxLength: 32, pattern: '^[0-9+\\- ]+$' }),
    fromProvince: ProvinceName,
    fromCity: Line(32, 1),
    arrivalDay: Day,
    means: Means,
    /** 车次 / 航班 / 车牌: what tracing asks about a journey. */
    meansDetail: Type.Optional(Line(32)),
    areaId: Type.String({ minLength: 1, maxLength: 64 }),
    address: Line(200, 1),
    health: HealthAnswersSchema,
  },
  { $id: 'ArrivalRequest', additionalProperties: false },
);

/** The answer to a registration, kept on the phone: what the person is now listed as, and until when. */
export const ArrivalReceiptSchema = Type.Object(
  {
    arrivalId: Type.String(),
    registeredAt: Type.String({ format: 'date-time' }),
    name: Type.String(),
    personId: Type.String({ description: 'masked: 411202********1234' }),
    arrivalDay: Day,
    areaNames: Type.Array(Type.String(), { description: 'the destination community, city first' }),
    /** The key-person category the operator's table gives this arrival; null: none (from within the city, or long ago). */
    category: Type.Union([Category, Type.Null()]),
    /** The last day (inclusive) of the category; null with no category. */
    until: Type.Union([Day, Type.Null()]),
  },
  { $id: 'ArrivalReceipt', additionalProperties: false },
);

/** An arrival as the destination community's lead sees it: the phone to call, and the ID number masked. */
export const ConsoleArrivalSchema = Type.Object(
  {
    arrivalId: Type.String(),
    registeredAt: Type.String({ format: 'date-time' }),
    name: Type.String(),
    personId: Type.String({ description: 'masked' }),
    phone: Type.String(),
    fromProvince: Type.String(),
    fromCity: Type.String(),
    arrivalDay: Day,
    means: Means,
    meansDetail: Type.String(),
    areaId: Type.String(),
    areaNames: Type.Array(Type.String()),
    address: Type.String(),
    /** The health questions answered "yes" (HEALTH_QUESTIONS' keys). */
    healthYes: Type.Array(Type.String()),
    category: Type.Union([Category, Type.Null()]),
    until: Type.Union([Day, Type.Null()]),
    /** Still on the list today (never when withdrawn). */
    active: Type.Boolean(),
    /** Withdrawn as false by a console user: when, by whom (their name) and why; null: not withdrawn. */
    withdrawn: Type.Union([Type.Object({ at: Type.String({ format: 'date-time' }), byName: Type.String(), reason: Type.String() }, { additionalProperties: false }), Type.Null()]),
  },
  { $id: 'ConsoleArrival', additionalProperties: false },
);

/**
 * POST /console/arrivals/:id/withdraw: why the arrival is false. Optional in the schema so a missing or short one is
 * refused by name (`arrival-withdraw-reason`, as withdrawReason checks it), not as a malformed request.
 */
export const ArrivalWithdrawRequestSchema = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { $id: 'ArrivalWithdrawRequest', additionalProperties: false },
);

/** A withdrawal's reason, as the audit log keeps it. */
export const withdrawReason = (text: string | undefined): Result<string, 'arrival-withdraw-reason'> => auditReason(text, 'arrival-withdraw-reason');

/** At most this many arrivals in one answer, newest first: narrow by area or date for more. */
export const MAX_ARRIVALS_LISTED = 500;

export const ArrivalListSchema = Type.Object(
  { arrivals: Type.Array(ConsoleArrivalSchema), truncated: Type.Boolean() },
  { $id: 'ArrivalList', additionalProperties: false },
);

export type HealthAnswers = Static<typeof HealthAnswersSchema>;
export type ArrivalRequest = Static<typeof ArrivalRequestSchema>;
export type ArrivalReceipt = Static<typeof ArrivalReceiptSchema>;
export type ConsoleArrival = Static<typeof ConsoleArrivalSchema>;
export type ArrivalList = Static<typeof ArrivalListSchema>;
export type ArrivalWithdrawRequest = Static<typeof ArrivalWithdrawRequestSchema>;
