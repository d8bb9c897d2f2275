/** The HTTP API's bodies: the server validates with these schemas, OpenAPI is made from them, the tablet types against them. */
import { Type, type Static } from '@sinclair/typebox';
import { PLACE_KINDS } from './city.ts';
import { PlaceCountSchema } from './placeCount.ts';
import { RULE_STATES } from './colourRules.ts';
import { COLOURS, VERDICTS } from './entry.ts';
import { KeyPersonListSchema, LeadPinSchema, LeadProofSchema } from './leadWire.ts';
import { MAX_BATCH, MAX_WAITING } from './protocol.ts';

/** An entry's ID number and name sealed to the checkpoint's key (personSeal.ts); pushed instead of `personId` and `name`. */
export const SealedPersonSchema = Type.Object(
  {
    epk: Type.String({ pattern: '^[A-Za-z0-9+/]{87}=$', description: "the tablet's one-off P-256 public key" }),
    iv: Type.String({ pattern: '^[A-Za-z0-9+/]{16}$' }),
    data: Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 1024, description: 'AES-256-GCM of [personId, name] as JSON' }),
  },
  { $id: 'SealedPerson', additionalProperties: false },
);

const VerdictSchema = Type.Union(VERDICTS.map((v) => Type.Literal(v)));

/** JSON Schema of a checkpoint's rules (policy.ts). */
export const PolicySchema = Type.Object(
  {
    /** Verdict for a person who shows only an identity (resident code or typed ID number). */
    identityOnly: VerdictSchema,
    /** Verdict for each health-code colour, once the code is verified. */
    colours: Type.Object(
      {
        green: VerdictSchema,
        /**
         * Blue, where the operator uses a fourth colour (core/entry.ts): absent means this gate does not offer blue, and
         * a blue code is checked (policy.ts). Optional: rules stored before blue, and those of every place without it,
         * have none.
         */
        blue: Type.Optional(VerdictSchema),
        yellow: VerdictSchema,
        red: VerdictSchema,
      },
      { additionalProperties: false },
    ),
    /** Verdict for a code that cannot be verified here (expired, unknown issuer key, another system's screen). */
    unverified: VerdictSchema,
    /** Which directions this gate logs. */
    directions: Type.Union([Type.Literal('both'), Type.Literal('in'), Type.Literal('out')]),
    /** The same code again within this many seconds is ignored, not logged twice. */
    duplicateWindowSeconds: Type.Integer({ minimum: 0, maximum: 600 }),
    /** At or above this temperature (°C) a person is stopped for fever. */
    feverThreshold: Type.Number({ minimum: 35, maximum: 42 }),
    /** Whether the volunteer is asked for a temperature at each entry. */
    askTemperature: Type.Boolean(),
    /**
     * Whether another system's code is followed by its holder's ID number (typed, or a resident code scanned), so the
     * passage can be traced; absent (a policy stored before it existed) means yes.
     */
    askIdForForeignCodes: Type.Optional(Type.Boolean()),
    /** How many people the place holds (a scenic area); null for no limit. At capacity an entry is stopped, an exit always passes. */
    capacity: Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()]),
    /** Days a tablet keeps entries the server has acknowledged; set by the operator (a lead's change leaves it as it was). */
    retentionDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    /** A KDH1 code issued longer ago than this many minutes is stopped (`code-too-old`); absent or null: no limit but its day. */
    maxCodeAgeMinutes: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1440 }), Type.Null()])),
  },
  { $id: 'Policy', additionalProperties: false },
);

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 8192 });

/** Whom the tablet trusts, offline: the server's KDH1 issuer keys and the EU DCC signer certificates. */
export const TrustListSchema = Type.Object(
  {
    issuers: Type.Array(
      Type.Object(
        {
          kid: Type.String({ description: 'Base64 of the first 8 bytes of SHA-256(publicKey)' }),
          publicKey: Base64,
          retiredAt: Type.Optional(Type.String({ format: 'date-time', description: 'codes issued after this are refused' })),
        },
        { additionalProperties: false },
      ),
    ),
    dccSigners: Type.Array(
      Type.Object(
        {
          kid: Type.String({ description: 'Base64 of the first 8 bytes of SHA-256(certificate)' }),
          certificate: Base64,
          country: Type.Optional(Type.String({ maxLength: 2 })),
        },
        { additionalProperties: false },
      ),
    ),
    updatedAt: Type.String({ format: 'date-time', description: 'when the server last changed this list' }),
  },
  { $id: 'TrustList', additionalProperties: false },
);

export const ErrorSchema = Type.Object(
  {
    error: Type.String({ description: 'stable machine-readable name' }),
    message: Type.String({ description: 'what went wrong and what to do, in English' }),
    messageZh: Type.Optional(Type.String({ description: 'the same, in Chinese' })),
  },
  { $id: 'Error' },
);

export const HealthSchema = Type.Object({ ok: Type.Boolean(), version: Type.String(), time: Type.String() }, { $id: 'Health' });

export const CheckpointSchema = Type.Object(
  {
    id: Type.String(), name: Type.String(), communityId: Type.String(), communityName: Type.String(),
    placeKind: Type.Optional(Type.Union(PLACE_KINDS.map((k) => Type.Literal(k)), { description: "its place's kind: a road's gates log vehicles" })),
  },
  { $id: 'Checkpoint', additionalProperties: false },
);

/**
 * Health codes revoked since their issue (core/revocations.ts): per person the key-person list's tag (same salt) and a
 * not-before. It changes with residents' colours, not with the config version: it has its own `revision`. A tablet that
 * sends the revision it holds gets only the persons revised after it (`after` says so) and merges them into its list.
 */
export const RevocationListSchema = Type.Object(
  {
    salt: Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 64, description: "the key-person list's salt the tags are derived with" }),
    persons: Type.Array(
      Type.Object(
        {
          tag: Type.String({ pattern: '^[A-Za-z0-9+/]{22}==$', description: 'the key-person tag of the person (keyPersonLookup.ts)' }),
          notBefore: Type.String({ format: 'date-time', description: "the person's codes issued before this are revoked" }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200_000 },
    ),
    /** The revocation counter this list is complete up to (absent from servers before revisions). */
    revision: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Present on a delta: only the persons revised after this revision, the one the tablet sent; merge, do not replace. */
    after: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  // No $id: embedded in both Config and ConfigUnchanged.
  { additionalProperties: false },
);

/** What a tablet pulls: it keeps the version and asks only for newer ones. */
export const ConfigSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    serverTime: Type.String({ format: 'date-time' }),
    checkpoint: CheckpointSchema,
    policy: PolicySchema,
    trust: TrustListSchema,
    /** Null until the operator sets one: lead mode stays locked. */
    leadPin: Type.Union([LeadPinSchema, Type.Null()]),
    keyPersons: KeyPersonListSchema,
    /** Codes revoked as their holders' colour worsened (absent from servers before revocations). */
    revocations: Type.Optional(RevocationListSchema),
    /** The checkpoint's public key (raw P-256, Base64): tablets seal each entry's ID number and name with it. */
    sealKey: Type.String({ pattern: '^[A-Za-z0-9+/]{87}=$' }),
  },
  { $id: 'Config', additionalProperties: false },
);

/** A lead's change of the checkpoint's rules, from a tablet (PUT /policy), proven with the lead key; the server keeps who changed what and when. */
export const PolicyChangeSchema = Type.Object(
  {
    policy: PolicySchema,
    /** The tablet's clock when the lead saved it. */
    changedAt: Type.String({ format: 'date-time' }),
    proof: LeadProofSchema,
  },
  { $id: 'PolicyChange', additionalProperties: false },
);

export const ConfigQuerySchema = Type.Object(
  {
    since: Type.Optional(Type.Integer({ minimum: 0, description: 'the version the tablet has' })),
    // An app from before format 2 sends nothing: it is told to update (409 app-update-required) instead of being sent a list it would misread.
    keyPersons: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'the newest key-person list format the tablet reads' })),
    // With `since`: nothing changed answers 304 and no body; revocations changed answers only what changed.
    revocations: Type.Optional(Type.Integer({ minimum: 0, description: 'the revocation list revision the tablet holds' })),
    // With a changed config: the key-person list comes as what changed since this revision, when the server still can tell.
    keyPersonRevision: Type.Optional(Type.Integer({ minimum: 0, description: 'the key-person list revision the tablet holds' })),
  },
  { additionalProperties: false },
);

/** Same version as the tablet has: nothing to change but, for a tablet that did not send its revision, the revocations. */
export const ConfigUnchangedSchema = Type.Object(
  {
    version: Type.Integer(), serverTime: Type.String({ format: 'date-time' }), unchanged: Type.Literal(true),
    /** The revocations now, or what changed since the tablet's revision: they change without the version (RevocationListSchema). */
    revocations: Type.Optional(RevocationListSchema),
  },
  { $id: 'ConfigUnchanged' },
);

export const EnrolRequestSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9]{8,64}$', description: 'one-time enrolment code' }),
    // No control characters: the label is printed in the operator's terminal (kadian devices), where they would act.
    label: Type.Optional(Type.String({ maxLength: 64, pattern: '^[^\\x00-\\x1f\\x7f-\\x9f]*$', description: 'a name for the tablet, shown to the operator; no control characters' })),
  },
  { $id: 'EnrolRequest', additionalProperties: false },
);

export const EnrolResponseSchema = Type.Object(
  { deviceId: Type.String(), token: Type.String({ description: 'bearer token; the server keeps only its hash' }), config: ConfigSchema },
  { $id: 'EnrolResponse' },
);

/**
 * A batch of entries. Each entry is validated on its own (against Entry) so one bad entry
 * is refused by name while the rest are stored; hence `items` is only "an object" here.
 */
export const PushRequestSchema = Type.Object(
  {
    entries: Type.Array(Type.Object({}, { additionalProperties: true, description: 'an Entry' }), { minItems: 1, maxItems: MAX_BATCH }),
    waiting: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_WAITING, description: 'entries still queued on the tablet after this batch' })),
  },
  { $id: 'PushRequest', additionalProperties: false },
);

export const PUSH_STATUSES = ['stored', 'duplicate', 'refused'] as const;

export const PushResultSchema = Type.Object({
  index: Type.Integer({ description: 'position in the pushed batch' }),
  seq: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Union(PUSH_STATUSES.map((s) => Type.Literal(s))),
  reason: Type.Optional(Type.String({ description: 'for refused entries: a message key such as entry-schema' })),
  detail: Type.Optional(Type.String()),
});

export const PushResponseSchema = Type.Object(
  {
    results: Type.Array(PushResultSchema),
    serverTime: Type.String({ format: 'date-time' }),
    place: Type.Optional(Type.Union([PlaceCountSchema, Type.Null()], { description: "the checkpoint's place counted after this batch (absent from servers before counts)" })),
  },
  { $id: 'PushResponse' },
);

// A resident's phone sends these: the ID number as typed (checked by its check character) of a person bound to the
// phone; the name is the binding's (issue #18), so the body has none.
const IdNumberInput = Type.String({ minLength: 1, maxLength: 32, description: 'ID number: 18 characters, or the old 15 digits' });

/** A resident's daily check-in (每日打卡), for a person on the calling phone (Authorization: Resident <phoneId>.<secret>). */
export const CheckInRequestSchema = Type.Object(
  {
    id: IdNumberInput,
    temperature: Type.Number({ minimum: 34, maximum: 43, description: 'body temperature, °C' }),
    isolated: Type.Boolean({ description: 'under isolation (隔离) now' }),
    symptoms: Type.Boolean({ description: 'cough, fatigue or other symptoms' }),
  },
  { $id: 'CheckInRequest', additionalProperties: false },
);

/** A resident asking for the current code of a person on the calling phone, without checking in. */
export const HealthCodeRequestSchema = Type.Object({ id: IdNumberInput }, { $id: 'HealthCodeRequest', additionalProperties: false });

const issuedCodeFields = {
  colour: Type.Union(COLOURS.map((c) => Type.Literal(c))),
  state: Type.Union(RULE_STATES.map((s) => Type.Literal(s)), { description: 'where the colour rules stand, e.g. red-2: two of the three check-ins a red code needs' }),
  code: Type.String({ description: 'the KDH1 text of the QR code' }),
  issuedAt: Type.String({ format: 'date-time' }),
  expires: Type.String({ format: 'date-time', description: 'the end of the calendar day, or sooner' }),
  day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: "the calendar day in the issuer's time zone" }),
  reasons: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), {
    maxItems: 16, description: 'why this colour, as catalogue keys, what decides it first: the check-in rules (state-red-2) and key-person categories in force (kp-close-contact)',
  })),
};

export const HealthCodeSchema = Type.Object(issuedCodeFields, { $id: 'HealthCode', additionalProperties: false });

export const CheckInResponseSchema = Type.Object(
  { ...issuedCodeFields, merged: Type.Boolean({ description: "true when an earlier check-in of the same day was there: the day keeps the higher temperature, and isolation or symptoms once said" }) },
  { $id: 'CheckInResponse', additionalProperties: false },
);

export type ApiError = Static<typeof ErrorSchema>;
export type Health = Static<typeof HealthSchema>;
export type Checkpoint = Static<typeof CheckpointSchema>;
export type Config = Static<typeof ConfigSchema>;
export type RevocationListWire = Static<typeof RevocationListSchema>;
export type TrustList = Static<typeof TrustListSchema>;
export type PolicyChange = Static<typeof PolicyChangeSchema>;
export type ConfigUnchanged = Static<typeof ConfigUnchangedSchema>;
export type EnrolRequest = Static<typeof EnrolRequestSchema>;
export type EnrolResponse = Static<typeof EnrolResponseSchema>;
export type PushRequest = Static<typeof PushRequestSchema>;
export type PushResult = Static<typeof PushResultSchema>;
export type PushResponse = Static<typeof PushResponseSchema>;
export type CheckInRequest = Static<typeof CheckInRequestSchema>;
export type HealthCodeRequest = Static<typeof HealthCodeRequestSchema>;
export type HealthCodeResponse = Static<typeof HealthCodeSchema>;
export type CheckInResponse = Static<typeof CheckInResponseSchema>;
