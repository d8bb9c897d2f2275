/** What the console's alerts, tablets and export put on the wire (issue #15), shared by the server and the console page. */
import { Type, type Static } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Ids = Type.Array(Type.String());
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, a calendar day in the server TIME_ZONE' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const ALERT_KINDS = ['key-person', 'stop', 'capacity'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One alerting entry as an operator sees it: which checkpoint, where in the city, why, and who (masked). */
export const AlertSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union(ALERT_KINDS.map((k) => Type.Literal(k))),
  /** The entry's time (the tablet's clock), as the tablet wrote it. */
  at: Type.String(),
  /** When the server received the entry. */
  receivedAt: Type.String(),
  checkpointId: Type.String(), checkpointName: Type.String(), placeId: Type.String(), placeName: Type.String(),
  areaIds: Ids, areaNames: Ids,
  /** The entry's reason codes (catalogue keys), most important first. */
  reasons: Ids,
  colour: NullableString,
  /** The name and the masked ID number (110101********123X); never the whole ID number. */
  person: NullableString,
  acknowledgedAt: NullableString,
  /** The acknowledging user's name. */
  acknowledgedBy: NullableString,
});
export type Alert = Static<typeof AlertSchema>;

export const AlertsQuerySchema = Type.Object(
  {
    area: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    /** true: only those not acknowledged; false: only acknowledged ones; absent: both. */
    open: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AlertsQuery = Static<typeof AlertsQuerySchema>;
export const AlertsSchema = Type.Object({ alerts: Type.Array(AlertSchema) });
export type Alerts = Static<typeof AlertsSchema>;

export const AlertStreamQuerySchema = Type.Object({ area: Type.Optional(Id) }, { additionalProperties: false });
export const AlertParamsSchema = Type.Object({ id: Id }, { additionalProperties: false });

const GapSchema = Type.Object({ first: Type.Integer(), last: Type.Integer() });

/** A tablet under the area: what the server knows of it (`kadian devices`), where it is, and whether it fell silent. */
export const ConsoleDeviceSchema = Type.Object({
  id: Type.String(), checkpointId: Type.String(), label: NullableString, enrolledAt: Type.String(), revokedAt: NullableString,
  lastSeenAt: NullableString,
  /** Entries the tablet said were still queued at its last push. */
  waiting: Type.Union([Type.Integer(), Type.Null()]),
  entries: Type.Integer(), highestSeq: Type.Union([Type.Integer(), Type.Null()]), missing: Type.Integer(),
  gaps: Type.Array(GapSchema), gapsTruncated: Type.Boolean(),
  /** Tablet clock minus server clock, ms. */
  clockSkewMs: Type.Union([Type.Number(), Type.Null()]),
  /** Entries refused because it had used their seq already: above 0, a possible copied token. */
  conflicts: Type.Integer(),
  checkpointName: Type.String(), placeName: Type.String(), areaNames: Ids,
  /** Not revoked and not seen for more than `silentMinutes` (never seen counts from enrolment). */
  silent: Type.Boolean(),
});
export type ConsoleDevice = Static<typeof ConsoleDeviceSchema>;

/** One of area, place or checkpoint (none: the caller's whole subtree). */
export const ScopeQueryFields = { area: Type.Optional(Id), place: Type.Optional(Id), checkpoint: Type.Optional(Id) };

export const DevicesQuerySchema = Type.Object(ScopeQueryFields, { additionalProperties: false });
export const DevicesSchema = Type.Object({ devices: Type.Array(ConsoleDeviceSchema), silentMinutes: Type.Integer() });
export type Devices = Static<typeof DevicesSchema>;
export const DeviceParamsSchema = Type.Object({ id: Id }, { additionalProperties: false });
export const DeviceLabelSchema = Type.Object({ label: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export type DeviceLabel = Static<typeof DeviceLabelSchema>;

export const CheckpointParamsSchema = Type.Object({ id: Id }, { additionalProperties: false });
/** A one-time enrolment code for a checkpoint, and the address a tablet opens (or scans as a QR) to use it. */
export const EnrolmentSchema = Type.Object({ code: Type.String(), url: Type.String(), expiresAt: Type.String() });
export type Enrolment = Static<typeof EnrolmentSchema>;

export const EXPORT_LANGUAGES = ['zh', 'en'] as const;
export const ExportQuerySchema = Type.Object(
  {
    ...ScopeQueryFields,
    from: Day,
    to: Day,
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'xlsx' })),
    lang: Type.Optional(Type.Union(EXPORT_LANGUAGES.map((l) => Type.Literal(l)), { default: 'zh' })),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuerySchema>;
