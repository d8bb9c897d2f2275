/** What tracing (追溯, issue #16) puts on the wire: a person's trail, a place's visitors, a person's contacts and the caller's query history, shared by the server, the CLI and the console page. */
import { Type, type Static } from '@sinclair/typebox';
import { COLOURS, DIRECTIONS, VERDICTS } from './entry.ts';

/** The longest date range (both ends included) or place window a trace may ask for, in days. */
export const MAX_TRACE_DAYS = 62;
/** The most passages a trace reads; beyond it the answer says `truncated`. */
export const MAX_TRACE_PASSAGES = 10_000;
/** The most passages a contacts query reads around the persons' own, both levels together: a busy market for two weeks. */
export const MAX_CONTACT_PASSAGES = 50_000;
/** A second level starts from at most this many first-level contacts, the closest first. */
export const MAX_EXPANDED_CONTACTS = 100;
/** How long an entry without its exit (or an exit without its entry) counts as inside. */
export const OPEN_STAY_HOURS = 12;
export const DEFAULT_CONTACT_WINDOW_MINUTES = 15;
export const MAX_CONTACT_WINDOW_MINUTES = 240;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, a calendar day in the server TIME_ZONE' });
const LocalMinute = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$', description: "YYYY-MM-DDTHH:mm, a wall-clock minute in the server TIME_ZONE" });
/** 18 characters, or the old 15 digits (converted to 18 by the server). */
const PersonIdInput = Type.String({ pattern: '^(\\d{17}[\\dXx]|\\d{15})$', description: 'ID number: 18 characters, or the old 15 digits' });
/** Why the query is made: a case number or free text; it goes to the audit log with the query. */
const Reason = Type.String({ minLength: 2, maxLength: 200, description: 'a case number or why this query is made (2–200 characters)' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const TRACE_KINDS = ['person', 'place', 'contacts'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];

/** POST /api/v1/console/trace/person (and /person.xlsx): every passage of one person from one local day to another. */
export const PersonTraceSchema = Type.Object({ personId: PersonIdInput, since: Day, until: Day, reason: Reason }, { additionalProperties: false });
export type PersonTrace = Static<typeof PersonTraceSchema>;

/** POST /api/v1/console/trace/place (and /place.xlsx): exactly one of placeId and checkpointId, and a window of local minutes [from, to). */
export const PlaceTraceSchema = Type.Object(
  { placeId: Type.Optional(Id), checkpointId: Type.Optional(Id), from: LocalMinute, to: LocalMinute, reason: Reason },
  { additionalProperties: false },
);
export type PlaceTrace = Static<typeof PlaceTraceSchema>;

/** POST /api/v1/console/trace/contacts (and /contacts.xlsx): whom a person met from one local day to another. */
export const ContactsTraceSchema = Type.Object(
  {
    personId: PersonIdInput, since: Day, until: Day,
    /** Where only entries exist (a gate that logs no exits), a passage within ± this many minutes is a meeting. */
    windowMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_CONTACT_WINDOW_MINUTES, default: DEFAULT_CONTACT_WINDOW_MINUTES })),
    /** 1: those who met the person; 2: also those who met them. */
    depth: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)], { default: 1 })),
    reason: Reason,
  },
  { additionalProperties: false },
);
export type ContactsTrace = Static<typeof ContactsTraceSchema>;

/** `?lang=` of the `.xlsx` routes: the file's headers and words, Chinese (default) or English (the machine names, as the log export's). */
export const TraceFileQuerySchema = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')], { default: 'zh' })) },
  { additionalProperties: false },
);
export type TraceFileQuery = Static<typeof TraceFileQuerySchema>;

export const AreaStepSchema = Type.Object({ id: Type.String(), name: Type.String() });
export type AreaStep = Static<typeof AreaStepSchema>;

/** One scan at one gate, where and when (UTC and local), and what the gate said. */
export const PassageSchema = Type.Object({
  /** ISO 8601 UTC (the tablet's clock). */
  at: Type.String(),
  /** 'YYYY-MM-DD HH:mm' in TIME_ZONE. */
  local: Type.String(),
  checkpointId: Type.String(), checkpointName: Type.String(), placeId: Type.String(), placeName: Type.String(),
  /** The place's areas from the root down. */
  areaPath: Type.Array(AreaStepSchema),
  direction: Type.Union(DIRECTIONS.map((d) => Type.Literal(d))),
  verdict: Type.Union(VERDICTS.map((v) => Type.Literal(v))),
  colour: Type.Union([...COLOURS.map((c) => Type.Literal(c)), Type.Null()]),
  temperature: Type.Union([Type.Number(), Type.Null()]),
  personId: NullableString,
  name: NullableString,
  /** The volunteer on duty at the gate (值守), as the entry names them. */
  operator: NullableString,
});
export type Passage = Static<typeof PassageSchema>;

/** A time inside a place: an entry and the exit after it, at any of the place's gates; a missing side is null. */
export const StaySchema = Type.Object({
  placeId: Type.String(), placeName: Type.String(),
  /** ISO UTC of the entry; null: an exit with no entry before it. */
  from: NullableString,
  /** ISO UTC of the exit; null: no exit logged (the stay is open). */
  to: NullableString,
  /** 'YYYY-MM-DD HH:mm' in TIME_ZONE, or null with its side. */
  fromLocal: NullableString, toLocal: NullableString,
  /** True when the exit is missing: counted inside for OPEN_STAY_HOURS at most (or up to the next entry there). */
  open: Type.Boolean(),
});
export type Stay = Static<typeof StaySchema>;

/** What every trace answer carries besides its rows. */
const answerFields = {
  timeZone: Type.String(),
  /** ISO UTC: entries before it may have been deleted by the server's retention; null: nothing was ever deleted. */
  retainedFrom: NullableString,
  /** True when MAX_TRACE_PASSAGES (or as many persons) were read and more exist: narrow the range. */
  truncated: Type.Boolean(),
};

/** An arrival the person registered (入市登记, issue #20) in the trace's days, to a community of the reader's subtree. */
export const TracedArrivalSchema = Type.Object({
  arrivalId: Type.String(), registeredAt: Type.String(), arrivalDay: Type.String(), fromProvince: Type.String(), fromCity: Type.String(),
  means: Type.String(), meansDetail: Type.String(), areaNames: Type.Array(Type.String()), category: NullableString, until: NullableString,
});
export type TracedArrival = Static<typeof TracedArrivalSchema>;

export const PersonTrailSchema = Type.Object({
  personId: Type.String(), since: Type.String(), until: Type.String(), ...answerFields,
  /** Oldest first, only at checkpoints in the caller's subtree. */
  passages: Type.Array(PassageSchema),
  /** Oldest first (by entry, or by exit for one without entry). */
  stays: Type.Array(StaySchema),
  /** Arrivals registered, by arrival day, oldest first (absent from a server before issue #20). */
  arrivals: Type.Optional(Type.Array(TracedArrivalSchema)),
});
export type PersonTrail = Static<typeof PersonTrailSchema>;

export const VisitorSchema = Type.Object({
  personId: Type.String(), name: NullableString,
  /** Their passages at the place within the window, oldest first. */
  passages: Type.Array(PassageSchema),
  /** The earliest entry and the latest exit of their stays that touch the window (null: missing, or only passages). */
  insideFrom: NullableString, insideTo: NullableString,
  insideFromLocal: NullableString, insideToLocal: NullableString,
  /** True when they count as inside at the window's start (an entry before it without an exit before it). */
  insideBefore: Type.Boolean(),
});
export type Visitor = Static<typeof VisitorSchema>;

export const PlaceVisitorsSchema = Type.Object({
  /** What was asked for: the place, or one checkpoint of it. */
  placeId: Type.String(), placeName: Type.String(), checkpointId: NullableString, checkpointName: NullableString,
  areaPath: Type.Array(AreaStepSchema),
  from: Type.String(), to: Type.String(), ...answerFields,
  /** Passages without an ID number (another system's code tapped by colour) in the window: counted, never named. */
  anonymousPassages: Type.Integer({ minimum: 0 }),
  /** By first passage or entry, oldest first. */
  visitors: Type.Array(VisitorSchema),
});
export type PlaceVisitors = Static<typeof PlaceVisitorsSchema>;

export const MeetingSchema = Type.Object({
  placeId: Type.String(), placeName: Type.String(),
  /** ISO UTC: the overlap of two stays, or the two passages of a meeting at a gate without exits. */
  from: Type.String(), to: Type.String(), fromLocal: Type.String(), toLocal: Type.String(),
  /** 'stay': both inside at once; 'passage': passed within ± windowMinutes where only entries exist. */
  kind: Type.Union([Type.Literal('stay'), Type.Literal('passage')]),
  /** Whole minutes of the overlap (0 for a passage meeting). */
  minutes: Type.Integer({ minimum: 0 }),
});
export type Meeting = Static<typeof MeetingSchema>;

export const ContactSchema = Type.Object({
  personId: Type.String(), name: NullableString,
  level: Type.Union([Type.Literal(1), Type.Literal(2)]),
  /** Whole minutes inside together, over all meetings. */
  overlapMinutes: Type.Integer({ minimum: 0 }),
  /** Oldest first. */
  meetings: Type.Array(MeetingSchema),
  /** For level 2: the level-1 contact they met; null for level 1. */
  via: NullableString,
});
export type Contact = Static<typeof ContactSchema>;

export const ContactsSchema = Type.Object({
  personId: Type.String(), since: Type.String(), until: Type.String(), windowMinutes: Type.Integer(), depth: Type.Integer(), ...answerFields,
  /** Ranked: level 1 before level 2, then by overlap (longest first), then by meetings, then earliest meeting. */
  contacts: Type.Array(ContactSchema),
});
export type Contacts = Static<typeof ContactsSchema>;

/** GET /api/v1/console/trace/history: the caller's own trace queries (an admin: everyone's), newest first. */
export const TraceHistoryQuerySchema = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);
export type TraceHistoryQuery = Static<typeof TraceHistoryQuerySchema>;

export const TraceRecordSchema = Type.Object({
  at: Type.String(),
  /** The user's name, and their id (`user:…`, or `operator` for the CLI). */
  user: Type.String(), actor: Type.String(),
  kind: Type.Union(TRACE_KINDS.map((k) => Type.Literal(k))),
  /** The query in a line: the masked ID number or the place, and the range. */
  query: Type.String(),
  reason: Type.String(),
  /** Persons returned; 0 for a refused query. */
  count: Type.Integer({ minimum: 0 }),
  /** Why it was refused (forbidden-area, forbidden-role); null: answered. */
  refused: NullableString,
});
export type TraceRecord = Static<typeof TraceRecordSchema>;

export const TraceHistorySchema = Type.Object({ queries: Type.Array(TraceRecordSchema) });
export type TraceHistory = Static<typeof TraceHistorySchema>;
