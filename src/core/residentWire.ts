/**
 * What a resident's phone and the server say to each other (issue #18): a phone bound by a secret the server issued,
 * the household on it, its travel and requests (困难诉求), and what the community's lead sees of them in the console.
 */
import { Type, type Static } from '@sinclair/typebox';
import { COLOURS } from './entry.ts';
import { RULE_STATES } from './colourRules.ts';

// As typed on the phone; the server checks the ID number by its check character and canonicalises it.
export const IdNumberInput = Type.String({ minLength: 1, maxLength: 32, description: 'ID number: 18 characters, or the old 15 digits' });
export const PersonName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\x00-\\x1f\\x7f]+$', description: 'as on the ID card' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const FreeText = (maxLength: number) => Type.String({ maxLength, pattern: '^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$' });

/** How a household member relates to the phone's owner; `self` is the owner, at most one per phone. */
export const RELATIONS = ['self', 'child', 'parent', 'spouse', 'grandparent', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/** What a 困难诉求 asks for. */
export const REQUEST_KINDS = ['medicine', 'food', 'medical', 'help', 'other'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_STATUSES = ['open', 'done'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** At most this many persons on one phone: a family, not a list. */
export const MAX_HOUSEHOLD = 8;
/** A one-time re-binding code: 8 digits, given by a lead who saw the ID card, valid for a day. */
export const REBIND_CODE_PATTERN = '^\\d{8}$';
export const REBIND_CODE_HOURS = 24;

/**
 * The phone's credential, issued once by the server on the first registration and kept on the phone (IndexedDB):
 * sent as `Authorization: Resident <phoneId>.<secret>` on every resident route after it. The server keeps only the
 * secret's SHA-256.
 */
export const PhoneCredentialSchema = Type.Object(
  {
    phoneId: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$', description: '16 random bytes, base64url' }),
    secret: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: '32 random bytes, base64url' }),
  },
  { $id: 'PhoneCredential', additionalProperties: false },
);
export const RESIDENT_AUTH_SCHEME = 'Resident';

/**
 * Registers a person on this phone: without a credential a new phone is made and its credential answered; with one,
 * the person joins its household (or their details are updated). An ID number another phone holds is refused
 * (`resident-claimed`, 409) unless `rebindCode` is the one a lead made for it (then it moves here, audited).
 */
export const RegisterRequestSchema = Type.Object(
  {
    id: IdNumberInput,
    name: PersonName,
    relation: Type.Union(RELATIONS.map((r) => Type.Literal(r))),
    phone: Type.Optional(Type.String({ maxLength: 32, pattern: '^[0-9+\\- ]*$' })),
    /** The community (a `community` or `village` level area) the person lives in, from GET /residents/communities. */
    areaId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    address: Type.Optional(FreeText(200)),
    rebindCode: Type.Optional(Type.String({ pattern: REBIND_CODE_PATTERN })),
  },
  { $id: 'RegisterRequest', additionalProperties: false },
);

/** One person of a household as the phone sees them. */
export const HouseholdPersonSchema = Type.Object(
  {
    id: Type.String({ description: 'the canonical 18-character ID number' }),
    name: Type.String(),
    relation: Type.Union(RELATIONS.map((r) => Type.Literal(r))),
    birthDate: Day,
    areaId: Type.Union([Type.String(), Type.Null()]),
    /** The community's name path, city first (for the screen). */
    areaNames: Type.Array(Type.String()),
    /** Today's colour and why, once the person has checked in; null before. */
    colour: Type.Union([Type.Union(COLOURS.map((c) => Type.Literal(c))), Type.Null()]),
    state: Type.Union([Type.Union(RULE_STATES.map((s) => Type.Literal(s))), Type.Null()]),
    /** Catalogue keys of why the colour is what it is (a check-in rule, a key-person category). */
    reasons: Type.Array(Type.String()),
    lastCheckIn: Type.Union([Day, Type.Null()]),
  },
  { $id: 'HouseholdPerson', additionalProperties: false },
);

export const TripSchema = Type.Object(
  { place: Type.String({ minLength: 1, maxLength: 100 }), from: Day, to: Day },
  { $id: 'Trip', additionalProperties: false },
);

/** A person's recent travel (近期出行), replaced whole: the last 14 days is what anyone asks about. */
export const TravelRequestSchema = Type.Object(
  { id: IdNumberInput, trips: Type.Array(TripSchema, { maxItems: 20 }) },
  { $id: 'TravelRequest', additionalProperties: false },
);

/** A 困难诉求 raised for one person of the household. */
export const HelpRequestSchema = Type.Object(
  {
    id: IdNumberInput,
    kind: Type.Union(REQUEST_KINDS.map((k) => Type.Literal(k))),
    text: FreeText(500),
  },
  { $id: 'HelpRequest', additionalProperties: false },
);

/** A request as the phone and the console see it. */
export const HelpRequestStateSchema = Type.Object(
  {
    requestId: Type.String(),
    personId: Type.String(),
    kind: Type.Union(REQUEST_KINDS.map((k) => Type.Literal(k))),
    text: Type.String(),
    status: Type.Union(REQUEST_STATUSES.map((s) => Type.Literal(s))),
    createdAt: Type.String({ format: 'date-time' }),
    doneAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** What the lead wrote when closing it (shown to the resident). */
    note: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'HelpRequestState', additionalProperties: false },
);

/** GET /residents/me: the household, its trips and its requests. Also the answer to a registration (with `credential` on the first). */
export const HouseholdSchema = Type.Object(
  {
    persons: Type.Array(HouseholdPersonSchema),
    trips: Type.Array(Type.Object({ personId: Type.String(), trips: Type.Array(TripSchema) }, { additionalProperties: false })),
    requests: Type.Array(HelpRequestStateSchema),
    credential: Type.Optional(PhoneCredentialSchema),
  },
  { $id: 'Household', additionalProperties: false },
);

/** A community a resident can pick at registration. */
export const CommunitySchema = Type.Object(
  { id: Type.String(), names: Type.Array(Type.String(), { description: 'city first, the community last' }) },
  { $id: 'Community', additionalProperties: false },
);

// ---- The console: what a lead sees of the residents of their subtree ----

/** A household row of the console's 居民 page: flags first, so the ones to call on are on top. */
export const ResidentRowSchema = Type.Object(
  {
    personId: Type.String({ description: 'masked in lists: 110105********1238' }),
    name: Type.String(),
    areaNames: Type.Array(Type.String()),
    phoneId: Type.String({ description: 'the household it belongs to (persons of one phone share it)' }),
    relation: Type.Union(RELATIONS.map((r) => Type.Literal(r))),
    colour: Type.Union([Type.Union(COLOURS.map((c) => Type.Literal(c))), Type.Null()]),
    fever: Type.Boolean({ description: 'a check-in at or above the fever line in the last 14 days' }),
    isolated: Type.Boolean({ description: 'the last check-in says isolated' }),
    missedDays: Type.Integer({ description: 'days since the last check-in (0: checked in today)' }),
    openRequests: Type.Integer(),
    tripsLast14Days: Type.Integer(),
  },
  { $id: 'ResidentRow', additionalProperties: false },
);

/**
 * A request as the console lists it: whose (name, community) beside its state. One flat object rather than an
 * intersection with HelpRequestState: that schema allows no other property, so no object could match both.
 */
export const ConsoleRequestSchema = Type.Object(
  { ...HelpRequestStateSchema.properties, name: Type.String(), areaNames: Type.Array(Type.String()) },
  { $id: 'ConsoleRequest', additionalProperties: false },
);

export const ResidentListSchema = Type.Object(
  { rows: Type.Array(ResidentRowSchema), requests: Type.Array(ConsoleRequestSchema) },
  { $id: 'ResidentList', additionalProperties: false },
);

/** POST /console/residents/requests/:requestId/done */
export const RequestDoneSchema = Type.Object({ note: FreeText(200) }, { $id: 'RequestDone', additionalProperties: false });

/** POST /console/residents/rebind: the lead saw the ID card; the person's phone registers with the code answered. */
export const RebindRequestSchema = Type.Object(
  { id: IdNumberInput, name: PersonName, reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { $id: 'RebindRequest', additionalProperties: false },
);
export const RebindCodeSchema = Type.Object(
  { code: Type.String({ pattern: REBIND_CODE_PATTERN }), expires: Type.String({ format: 'date-time' }) },
  { $id: 'RebindCode', additionalProperties: false },
);

export type PhoneCredential = Static<typeof PhoneCredentialSchema>;
export type RegisterRequest = Static<typeof RegisterRequestSchema>;
export type HouseholdPerson = Static<typeof HouseholdPersonSchema>;
export type Trip = Static<typeof TripSchema>;
export type TravelRequest = Static<typeof TravelRequestSchema>;
export type HelpRequest = Static<typeof HelpRequestSchema>;
export type HelpRequestState = Static<typeof HelpRequestStateSchema>;
export type Household = Static<typeof HouseholdSchema>;
export type Community = Static<typeof CommunitySchema>;
export type ResidentRow = Static<typeof ResidentRowSchema>;
export type ConsoleRequest = Static<typeof ConsoleRequestSchema>;
export type ResidentList = Static<typeof ResidentListSchema>;
export type RequestDone = Static<typeof RequestDoneSchema>;
export type RebindRequest = Static<typeof RebindRequestSchema>;
export type RebindCode = Static<typeof RebindCodeSchema>;
