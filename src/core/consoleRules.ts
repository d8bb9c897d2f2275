/** What the console's rules and lists page puts on the wire (issue #15): a place's or checkpoint's rules and their history, its key-person lists, its enrolment sheet. */
import { Type, type Static } from '@sinclair/typebox';
import { ScopeQueryFields } from './consoleOps.ts';
import type { PolicySchema } from './wire.ts';

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** `?place=` or `?checkpoint=` (an area is refused by name, `rules-scope`: its gates are changed a place at a time). */
export const RulesQuerySchema = Type.Object(ScopeQueryFields, { additionalProperties: false });

/** One change of a checkpoint's rules, as the history shows it; the page puts the fields in words (core/policyDiff.ts). */
export const RuleChangeSchema = Type.Object({
  /** The config version it made. */
  version: Type.Integer(),
  /** When the server received it. */
  receivedAt: Type.String(),
  /** The tablet's clock for a lead's change; the server's for the others. */
  changedAt: Type.String(),
  by: Type.Union([Type.Literal('lead'), Type.Literal('console'), Type.Literal('operator')]),
  deviceId: NullableString,
  deviceLabel: NullableString,
  /** The console user's name, as it was then. */
  userName: NullableString,
  /** An operator's restore: the version whose rules it brought back. */
  restoredFrom: Type.Union([Type.Integer(), Type.Null()]),
  /** What changed; a field the rules did not have before (or after) has no `before` (or `after`). */
  fields: Type.Array(Type.Object({ field: Type.String(), before: Type.Optional(Type.Unknown()), after: Type.Optional(Type.Unknown()) })),
});
export type RuleChange = Static<typeof RuleChangeSchema>;

/** How many changes a checkpoint's history shows, newest first. */
export const RULE_HISTORY_LIMIT = 50;

export const CheckpointRulesSchema = Type.Object({
  id: Type.String(), name: Type.String(), placeId: Type.String(), placeName: Type.String(), areaNames: Type.Array(Type.String()),
  /** The checkpoint's config version: it grows with every change of what its tablets pull. */
  version: Type.Integer(),
  /** The shared `Policy` schema (wire.ts), by its $id. */
  policy: Type.Unsafe<Static<typeof PolicySchema>>(Type.Ref('Policy')),
  /** The newest RULE_HISTORY_LIMIT changes, newest first; `changeCount` says how many there are in all. */
  changes: Type.Array(RuleChangeSchema),
  changeCount: Type.Integer(),
});
export type CheckpointRules = Static<typeof CheckpointRulesSchema>;

/** What a rules or lists answer is about: a place (all its gates) or one checkpoint. */
const GateFields = { kind: Type.Union([Type.Literal('place'), Type.Literal('checkpoint')]), id: Type.String(), name: Type.String() };

export const RulesSchema = Type.Object({
  ...GateFields,
  /** The checkpoints of the place the caller reaches (one for a checkpoint). */
  checkpoints: Type.Array(CheckpointRulesSchema),
  /** Fields only the operator sets (`kadian policy --retention-days`): shown, never changed from the console. */
  operatorOnly: Type.Array(Type.String()),
});
export type Rules = Static<typeof RulesSchema>;

/** A rule's new value: a verdict or direction (text), a number, yes / no, or null (no capacity limit). */
const RuleValueSchema = Type.Union([Type.String({ maxLength: 16 }), Type.Number(), Type.Boolean(), Type.Null()]);

/**
 * The fields to set, by dotted path (`colours.yellow`); only these change. For a place, on each of its gates: a gate
 * keeps what it has of the fields not named (one gate in only, another out only).
 */
export const RulesChangeSchema = Type.Object(
  { set: Type.Array(Type.Object({ field: Type.String({ minLength: 1, maxLength: 64 }), value: RuleValueSchema }, { additionalProperties: false }), { minItems: 1, maxItems: 32 }) },
  { additionalProperties: false },
);
export type RulesChange = Static<typeof RulesChangeSchema>;

export const RulesChangedSchema = Type.Object({
  rules: RulesSchema,
  /** The checkpoints whose rules changed, each with the config version the change made; a gate that already had them is not listed. */
  changed: Type.Array(Type.Object({ checkpointId: Type.String(), version: Type.Integer() })),
});
export type RulesChanged = Static<typeof RulesChangedSchema>;

/** A checkpoint's list at a glance: how many, of which category, since when; never who. */
export const KeyPersonSummarySchema = Type.Object({
  checkpointId: Type.String(), checkpointName: Type.String(), placeName: Type.String(),
  /** Every person the gate's list holds: the imported ones and those arrivals (入市登记) add while listed. */
  persons: Type.Integer(),
  /** Persons by category key (`close-contact`); a category no one is in is absent. */
  byCategory: Type.Record(Type.String(), Type.Integer()),
  /** Of `persons`, how many are there by an arrival (withdrawn and ended ones are not), not by the import. */
  arrivals: Type.Integer(),
  /** The last import; null: never imported. */
  updatedAt: NullableString,
});
export type KeyPersonSummary = Static<typeof KeyPersonSummarySchema>;

export const KeyPersonListsSchema = Type.Object({
  ...GateFields,
  lists: Type.Array(KeyPersonSummarySchema),
  /** The largest file the upload takes, bytes; the page says so before sending a larger one. */
  maxBytes: Type.Integer(),
});
export type KeyPersonLists = Static<typeof KeyPersonListsSchema>;

/** One bad line of an uploaded list: its number in the file (the header is line 1) and what is wrong, in both languages. */
export const KeyPersonProblemSchema = Type.Object({
  line: Type.Integer(), error: Type.String(), message: Type.String(), messageZh: Type.String(), detail: Type.Optional(Type.String()),
});
export type KeyPersonProblem = Static<typeof KeyPersonProblemSchema>;

/** How many bad lines a refusal lists: a wrong file of 100,000 lines is told by its first ones. */
export const KEY_PERSON_PROBLEMS_SHOWN = 500;

/** 422 `key-person-file`: the file has bad lines, each named, and nothing was imported. */
export const KeyPersonRefusalSchema = Type.Object({
  error: Type.String(), message: Type.String(), messageZh: Type.String(),
  /** The first KEY_PERSON_PROBLEMS_SHOWN bad lines, in line order; `problemCount` says how many there are in all. */
  problems: Type.Array(KeyPersonProblemSchema),
  problemCount: Type.Integer(),
});
export type KeyPersonRefusal = Static<typeof KeyPersonRefusalSchema>;

/** An import done: each checkpoint's list replaced, counted against the one before. */
export const KeyPersonImportedSchema = Type.Object({
  persons: Type.Integer(),
  /** Persons whose tag and box had to be derived (the others were kept from the list before). */
  derived: Type.Integer(),
  lists: Type.Array(Type.Object({
    checkpointId: Type.String(), checkpointName: Type.String(),
    persons: Type.Integer(), added: Type.Integer(), changed: Type.Integer(), unchanged: Type.Integer(), removed: Type.Integer(),
  })),
});
export type KeyPersonImported = Static<typeof KeyPersonImportedSchema>;

/** The enrolment sheet's codes stay valid 1 to 30 days (7 unless asked), as `kadian enrol-sheet --days`. */
export const ENROL_SHEET_DAYS = { min: 1, max: 30, default: 7 } as const;

export const EnrolSheetQuerySchema = Type.Object(
  { ...ScopeQueryFields, days: Type.Optional(Type.Integer({ minimum: ENROL_SHEET_DAYS.min, maximum: ENROL_SHEET_DAYS.max, default: ENROL_SHEET_DAYS.default })) },
  { additionalProperties: false },
);
export type EnrolSheetQuery = Static<typeof EnrolSheetQuerySchema>;
