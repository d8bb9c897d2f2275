/** The one typed schema of both databases: a row type per table, as Kysely reads and writes it. */
import type { ColumnType, Generated } from 'kysely';
import type { Entry } from '../../core/entry.ts';
import type { ScryptParams } from '../../core/keyPersonLookup.ts';
import type { WrappedKey } from '../../core/personSeal.ts';
import type { Policy } from '../../core/policy.ts';
import type { AreaTable, AuditTable, PasskeyTable, PlaceTable, SessionTable, UserTable, WebauthnChallengeTable } from './citySchema.ts';
import type { DoubleEntryTable } from './doubleEntrySchema.ts';
import type { KeyPersonRevisionRow, KeyPersonTagRow } from './keyPersonRevisionSchema.ts';
import type { ArrivalRulesTable, ArrivalTable } from './arrivalSchema.ts';
import type { CodeRevocationRow, ColourRuleRow, IssuedCodeRow, RevocationRevisionRow } from './colourSchema.ts';
import type { RebindCodeTable, ResidentPersonTable, ResidentPhoneTable, ResidentRequestTable, ResidentTripTable } from './residentSchema.ts';
import type { ResidentPasskeyTable } from './residentPasskeySchema.ts';
import type { RollupColumn } from './entryHours.ts';
import type { SelfPassageHourTable, SelfPassageTable, SelfPlaceTable } from './selfCheckInSchema.ts';

/** A limited route's requests from one client IP in the current window (migration 020), shared by the server processes. */
export interface RateLimitTable {
  key: string;
  count: number;
  reset_at_ms: number;
}

/** Which database a storage runs on: the few places where their SQL differs branch on it. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * A JSON value: jsonb on PostgreSQL (read back parsed), TEXT on SQLite (read back as text). Written as JSON text on
 * both: PostgreSQL casts a text parameter to jsonb. `readJson` turns either reading into the value.
 */
export type JsonColumn<T> = ColumnType<T | string, string, string>;

/** A yes/no answer: boolean on PostgreSQL, 0/1 on SQLite. Written as 0/1 on both (PostgreSQL reads '1' as true). */
export type FlagColumn = ColumnType<boolean | number, 0 | 1, 0 | 1>;

/** Written only by this server from typed values, so the parse is trusted. */
export const readJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export const readFlag = (value: boolean | number): boolean => value === true || value === 1;

export const toFlag = (value: boolean): 0 | 1 => (value ? 1 : 0);

/**
 * Kept at 1 for Kadian from before the migrations, which refuses a higher version: a migration that such a server
 * must not run against sets it to 2. Newer migrations are refused by the migrator itself (migrations/index.ts).
 */
export interface SchemaVersionTable {
  version: number;
}

export interface CheckpointTable {
  id: string;
  /** Its place (migration 005: today's communities became places, of an area each). */
  place_id: string;
  name: string;
  /** A Policy as it was saved; fields added since are filled from DEFAULT_POLICY on read. */
  policy: JsonColumn<Partial<Policy>>;
  /** What tablets compare to know they must pull the config again. */
  config_version: Generated<number>;
  /** The operator's own code for it (migration 005), unique when given: what a changed import file is matched by. */
  code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EnrolmentCodeTable {
  code_hash: string;
  checkpoint_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Migration 005: the code's public id (null on codes from before), its sheet, who made it, its revocation. */
  id: ColumnType<string | null, string | null | undefined, never>;
  sheet: ColumnType<string | null, string | null | undefined, never>;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  revoked_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeviceTable {
  id: string;
  checkpoint_id: string;
  token_hash: string;
  label: string | null;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  waiting: number | null;
  /** The newest link of its chain deleted by retention (migration 010): what the push checks the next entries against. */
  retained_seq: ColumnType<number | null, number | null | undefined, number | null>;
  retained_hash: ColumnType<string | null, string | null | undefined, string | null>;
  retained_prev_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * The log, keyed (checkpoint_id, device_id, seq): the distribution column first, for Citus. Times are ISO 8601 text:
 * `at` is covered by the entry hash and must come back byte for byte; `at_ms` is what time filters use.
 */
export interface EntryTable {
  checkpoint_id: string;
  device_id: string;
  seq: number;
  id: string;
  at: string;
  at_ms: number | null;
  direction: string;
  source: string;
  person_id: string | null;
  name: string | null;
  colour: string | null;
  temperature: number | null;
  verdict: string;
  reasons: JsonColumn<string[]>;
  operator: string | null;
  prev_hash: string;
  hash: string;
  received_at: string;
  /** 1: the hash covers personId and name; 2: it covers person_commit instead (core/chain.ts). */
  chain_version: Generated<number>;
  person_commit: string | null;
  /** The commitment's salt, from inside the sealed box: with it, anyone holding the row can check person against commit. */
  person_salt: string | null;
  /** A follow-up's (处置, migration 014) `followUp.of`, `.outcome` and `.note`; null on a scan. */
  follow_up_of: number | null;
  outcome: string | null;
  outcome_note: string | null;
  /** A person's vehicle at a road checkpoint (migration 015): `vehicle.plate`, `.id`, `.role`; null on foot. */
  vehicle_plate: string | null;
  vehicle_id: string | null;
  vehicle_role: string | null;
}

/** Keyed by person first: the distribution column when check-ins move to Citus. */
export interface CheckInTable {
  person_id: string;
  day: string;
  name: string;
  temperature: number;
  isolated: FlagColumn;
  symptoms: FlagColumn;
  at: string;
}

export interface DccSignerTable {
  id: string;
  kid: string;
  certificate: string;
  country: string | null;
  added_at: string;
}

export interface LeadPinTable {
  checkpoint_id: string;
  salt: string;
  hash: string;
  iterations: number;
  set_at: string;
  set_by: string | null;
  /** The checkpoint's seal key wrapped with the PIN, for the lead's tablet. */
  lead_key: JsonColumn<WrappedKey> | null;
}

export interface SealKeyTable {
  checkpoint_id: string;
  public_key: string;
  private_key: string;
}

export interface PolicyChangeTable {
  checkpoint_id: string;
  version: number;
  device_id: string | null;
  device_label: string | null;
  changed_at: string;
  received_at: string;
  policy_before: JsonColumn<Partial<Policy>>;
  policy_after: JsonColumn<Partial<Policy>>;
  /** The version an operator's restore went back to (migration 003); null for any other change. */
  restored_from: ColumnType<number | null, number | null | undefined, number | null>;
  /** The console user who made the change, and their name then (migration 011); null for a tablet's or the CLI's. */
  user_id: ColumnType<string | null, string | null | undefined, string | null>;
  user_name: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A proof a lead's change was accepted with (migration 003): the same proof never makes a change twice. */
export interface LeadProofTable {
  checkpoint_id: string;
  proof: string;
  route: string;
  device_id: string;
  received_at: string;
}

/** An entry refused because its device had already used its seq for another entry (migration 003), kept as sent. */
export interface EntryConflictTable {
  checkpoint_id: string;
  device_id: string;
  seq: number;
  hash: string;
  received_at: string;
  entry: JsonColumn<Entry>;
}

export interface KeyPersonListTable {
  checkpoint_id: string;
  salt: string;
  updated_at: string | null;
  /** scrypt's parameters the list is derived with (migration 004; text on both databases). */
  kdf: JsonColumn<ScryptParams>;
}

/** `tag` and `box` (migration 004, in place of the SHA-256 `id_hash`) are what tablets get; the rest stays here. */
export interface KeyPersonTable {
  checkpoint_id: string;
  person_id: string;
  category: string;
  note: string;
  tag: string;
  box: string;
  /** When the person was put on this list in this category (migration 017): a category's colour counts its days from it. */
  added_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One row (id 1): the trust list's version and the fingerprint of the contents it was given for. */
export interface TrustListTable {
  id: number;
  version: number;
  fingerprint: string;
  updated_at: string;
}

/** The roll-ups' counters (entryHours.ts's ROLLUP_COLUMNS), each a count of entries. */
type RollupCounters = Record<RollupColumn, number>;

/**
 * The log rolled up per checkpoint and UTC hour (migration 006): `hour` is floor(at_ms / 3,600,000); each counter is
 * entries of that hour (entryHours.ts says which), kept by the push in the entries' own transaction.
 */
export interface EntryHoursTable extends RollupCounters {
  checkpoint_id: string;
  hour: number;
}

/**
 * The same counters per area and UTC hour (migration 008): every entry counted in each area above its checkpoint (its
 * place's area and that area's ancestors), kept by the push beside entry_hours and corrected by a move (areaHours.ts).
 */
export interface AreaHoursTable extends RollupCounters {
  area_id: string;
  hour: number;
}

/** An alerting entry of one kind (migration 007): made by the push, acknowledged from the console. */
export interface AlertTable {
  checkpoint_id: string;
  device_id: string;
  seq: number;
  kind: string;
  id: string;
  at: string;
  at_ms: number | null;
  received_at: string;
  reasons: JsonColumn<string[]>;
  colour: string | null;
  /** The name and the masked ID number, never the whole ID number. */
  person: string | null;
  acknowledged_at: ColumnType<string | null, string | null | undefined, string | null>;
  acknowledged_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Where a resident's colour rules stood at the end of `day`, the last day whose check-ins retention deleted (migration 010). */
export interface CheckInStateTable {
  person_id: string;
  /** The name the deleted check-ins carried: the one name a person checks in with. */
  name: string;
  day: string;
  /** A RuleState (core/colourRules.ts). */
  state: string;
}

/** The server's own settings, one row (id 1; migration 010). */
export interface ServerSettingsTable {
  id: number;
  /** How long entries and check-ins stay on the server, in days. */
  retention_days: number;
  /** ISO 8601: entries before it may have been deleted by retention; null until retention deleted one. */
  retained_since: string | null;
  retention_ran_at: string | null;
}

/** A correction of a place's inside count (migration 012): `inside` persons were in the place at `at_ms`, said by whom and why. */
export interface PlaceCountCorrectionTable {
  id: string;
  place_id: string;
  at_ms: number;
  /** The same instant, ISO 8601, as the console and the CLI show it. */
  at: string;
  inside: number;
  reason: string;
  /** A console user's id, or 'operator' for the CLI. */
  made_by: string;
  made_by_name: string | null;
}

export interface Database {
  schema_version: SchemaVersionTable;
  areas: AreaTable;
  places: PlaceTable;
  checkpoints: CheckpointTable;
  enrolment_codes: EnrolmentCodeTable;
  devices: DeviceTable;
  entries: EntryTable;
  checkins: CheckInTable;
  dcc_signers: DccSignerTable;
  lead_pins: LeadPinTable;
  seal_keys: SealKeyTable;
  policy_changes: PolicyChangeTable;
  key_person_lists: KeyPersonListTable;
  key_persons: KeyPersonTable;
  key_person_revisions: KeyPersonRevisionRow;
  key_person_tags: KeyPersonTagRow;
  trust_list: TrustListTable;
  lead_proofs: LeadProofTable;
  entry_conflicts: EntryConflictTable;
  users: UserTable;
  passkeys: PasskeyTable;
  sessions: SessionTable;
  webauthn_challenges: WebauthnChallengeTable;
  audit_log: AuditTable;
  entry_hours: EntryHoursTable;
  area_hours: AreaHoursTable;
  alerts: AlertTable;
  server_settings: ServerSettingsTable;
  checkin_states: CheckInStateTable;
  place_count_corrections: PlaceCountCorrectionTable;
  double_entries: DoubleEntryTable;
  resident_phones: ResidentPhoneTable;
  resident_persons: ResidentPersonTable;
  resident_trips: ResidentTripTable;
  resident_requests: ResidentRequestTable;
  rebind_codes: RebindCodeTable;
  resident_passkeys: ResidentPasskeyTable;
  colour_rules: ColourRuleRow;
  issued_codes: IssuedCodeRow;
  code_revocations: CodeRevocationRow;
  arrivals: ArrivalTable;
  arrival_rules: ArrivalRulesTable;
  self_places: SelfPlaceTable;
  self_passages: SelfPassageTable;
  self_passage_hours: SelfPassageHourTable;
  revocation_revision: RevocationRevisionRow;
  rate_limits: RateLimitTable;
}
