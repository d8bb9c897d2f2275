/** What the console's figures put on the wire (issue #15): an area's overview, its trend over days, its heat map by hour and the upward report's query, shared by the server and the console page. */
import { Type, type Static } from '@sinclair/typebox';

const Int = Type.Integer({ minimum: 0 });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a local date (YYYY-MM-DD) in the server time zone (TIME_ZONE)' });

/** The longest range a figures or trend request may ask for, in days (both ends included). */
export const MAX_FIGURE_DAYS = 366;
/** The trend's default range: this many days up to today. */
export const TREND_DAYS = 30;

export const FigureKindSchema = Type.Union([Type.Literal('area'), Type.Literal('place'), Type.Literal('checkpoint')]);
export type FigureKind = Static<typeof FigureKindSchema>;

export const FiguresSchema = Type.Object({
  /** Every scan by direction, whatever its verdict. */
  in: Int, out: Int,
  passed: Int, stopped: Int, checked: Int,
  /** Scans whose reasons name a key person (重点人员). */
  keyPerson: Int,
  green: Int, yellow: Int, red: Int,
  /** The fourth colour, where a city uses one (core/entry.ts); 0 elsewhere. */
  blue: Int,
  /** No colour seen (a resident code, a typed ID number). */
  otherColour: Int,
  /** Passed in − passed out over the range, never below 0 (a place's shared count comes with issue #17). */
  inside: Int,
  /**
   * What became of stops and checks (处置): follow-ups by outcome. A 放行 also counts in passed and inside; no follow-up
   * counts as a scan (in, out), a stop, a check or a colour: its scan already did.
   */
  outcomes: Type.Object({ release: Int, turnedBack: Int, hospital: Int, quarantine: Int, other: Int }),
  /** Vehicles through road checkpoints: drivers' entries, one per vehicle passage (a vehicle whose driver was not scanned is not counted). */
  vehicles: Int,
  /** People scanned in a vehicle, drivers and passengers (each also counts as a scan). */
  vehiclePeople: Int,
});
export type Figures = Static<typeof FiguresSchema>;
export type OutcomeFigures = Figures['outcomes'];

/** A row of the overview: the scope itself or one child. */
export const FigureRowSchema = Type.Object({
  kind: FigureKindSchema,
  /** '' with an empty name for an admin's whole city (no area above the root areas). */
  id: Type.String(),
  name: Type.String(),
  /** The area's level; null for a place, a checkpoint and the whole city. */
  level: Type.Union([Type.String(), Type.Null()]),
  figures: FiguresSchema,
  /** The oldest last-seen of the (unrevoked) tablets under it: how fresh its numbers are; null: no tablet has ever synced. */
  oldestLastSeenAt: Type.Union([Type.String(), Type.Null()]),
  /** Unrevoked tablets under it. */
  devices: Int,
});
export type FigureRow = Static<typeof FigureRowSchema>;

export const TrailStepSchema = Type.Object({ kind: FigureKindSchema, id: Type.String(), name: Type.String() });
export type TrailStep = Static<typeof TrailStepSchema>;

/** Which part of the caller's subtree: at most one of area, place, checkpoint (none: the caller's root, an admin's whole city). */
const scopeFields = { area: Type.Optional(Id), place: Type.Optional(Id), checkpoint: Type.Optional(Id) };

/** GET /api/v1/console/figures and /trend: inclusive local dates (figures default today; trend the last TREND_DAYS days up to today). */
export const FiguresQuerySchema = Type.Object({ ...scopeFields, from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false });
export type FiguresQuery = Static<typeof FiguresQuerySchema>;

export const OverviewSchema = Type.Object({
  from: Type.String(), to: Type.String(), timeZone: Type.String(),
  /** Server time of the answer. */
  asOf: Type.String(),
    /** Read from a streaming replica (DATABASE_READ_URL) this many seconds behind the primary; absent when read from the primary. */
    replicaLagSeconds: Type.Optional(Type.Number({ minimum: 0 })),
  scope: FigureRowSchema,
  /** The path from the caller's root down to the scope (itself last), for breadcrumbs; empty for an admin's whole city. */
  trail: Type.Array(TrailStepSchema),
  /** An area: its child areas then its places; a place: its checkpoints; a checkpoint: none. */
  children: Type.Array(FigureRowSchema),
});
export type Overview = Static<typeof OverviewSchema>;

export const TrendSchema = Type.Object({
  from: Type.String(), to: Type.String(), timeZone: Type.String(),
  /** Every date in the range, oldest first, zeros included. */
  days: Type.Array(Type.Object({ date: Type.String(), figures: FiguresSchema })),
});
export type Trend = Static<typeof TrendSchema>;

/** GET /api/v1/console/hours: one local date (default today). */
export const HoursQuerySchema = Type.Object({ ...scopeFields, date: Type.Optional(Day) }, { additionalProperties: false });
export type HoursQuery = Static<typeof HoursQuerySchema>;

/** The heat map: the scope's children × the hours of the local day (24 values: in + out scans per local hour). */
export const HoursSchema = Type.Object({
  date: Type.String(), timeZone: Type.String(),
  rows: Type.Array(Type.Object({ kind: FigureKindSchema, id: Type.String(), name: Type.String(), scans: Type.Array(Int) })),
  /** The scope's own 24 values. */
  total: Type.Array(Int),
});
export type Hours = Static<typeof HoursSchema>;

/** GET /api/v1/console/report: the upward report (日报) of one local date (default today) as of the request, XLSX (default) or CSV, Chinese (default) or English. */
export const ReportQuerySchema = Type.Object(
  {
    ...scopeFields,
    date: Type.Optional(Day),
    format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' })),
    lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')], { default: 'zh' })),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuerySchema>;
