/** What the listing of anomalies puts on the wire (issue #17): offline double entries, the person masked; shared by the console's API and `kadian anomalies --json`. */
import { Type, type Static } from '@sinclair/typebox';
import { isCalendarDay, startOfDay } from './calendar.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Ids = Type.Array(Type.String());

/** One of the two entries: which gate and tablet, and when (as the tablet wrote it, and on TIME_ZONE's wall clock). */
export const FlaggedEntrySchema = Type.Object({
  checkpointId: Type.String(), checkpointName: Type.String(), deviceId: Type.String(), seq: Type.Integer(),
  at: Type.String(),
  /** YYYY-MM-DD HH:mm:ss in TIME_ZONE. */
  local: Type.String(),
});
export type FlaggedEntry = Static<typeof FlaggedEntrySchema>;

/** One person let in twice at one place with no exit between (core/doubleEntry.ts); both entries stay in the log as they are. */
export const DoubleEntrySchema = Type.Object({
  id: Type.String(),
  kind: Type.Literal('double-entry'),
  placeId: Type.String(), placeName: Type.String(),
  /** Area ids from the root down to the place's area, and their names. */
  areaIds: Ids, areaNames: Ids,
  /** The name and the masked ID number (110101********123X); never the whole ID number. */
  person: Type.Union([Type.String(), Type.Null()]),
  first: FlaggedEntrySchema,
  second: FlaggedEntrySchema,
  /** Whole minutes from the first entry to the second. */
  minutesApart: Type.Integer(),
  /** When the server flagged it: when the later-arriving copy came in. */
  detectedAt: Type.String(),
});
export type DoubleEntryWire = Static<typeof DoubleEntrySchema>;

/** `since`: a day (its first instant in TIME_ZONE) or a date-time with its offset; pairs whose second entry is at or after it. */
const SINCE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';

export const AnomaliesQuerySchema = Type.Object(
  {
    area: Type.Optional(Id), place: Type.Optional(Id),
    since: Type.Optional(Type.String({ pattern: SINCE_PATTERN, description: 'YYYY-MM-DD (a day in TIME_ZONE) or an ISO 8601 date-time with its offset' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type AnomaliesQuery = Static<typeof AnomaliesQuerySchema>;

export const AnomaliesSchema = Type.Object({
  doubleEntries: Type.Array(DoubleEntrySchema),
  /** More matched than the limit: the newest are listed. */
  truncated: Type.Boolean(),
  timeZone: Type.String(),
});
export type Anomalies = Static<typeof AnomaliesSchema>;

/** The instant `since` names: a day's first instant in the zone, or the date-time itself; null when it is neither. */
export function sinceInstant(since: string, timeZone: string): number | null {
  if (isCalendarDay(since)) return startOfDay(since, timeZone).getTime();
  if (!new RegExp(SINCE_PATTERN).test(since)) return null;
  const ms = Date.parse(since);
  return Number.isFinite(ms) ? ms : null;
}
