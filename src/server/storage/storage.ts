/** The server's storage contract: async, so PostgreSQL (and Citus) can sit behind it later as SQLite does now. */
import type { CarriedState } from '../../core/colourRules.ts';
import type { Listing } from '../../core/colourFromLists.ts';
import type { Entry } from '../../core/entry.ts';
import type { KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import type { KeyPersonCategory } from '../../core/keyPersons.ts';
import type { LeadPin } from '../../core/leadWire.ts';
import type { Policy } from '../../core/policy.ts';
import type { Result } from '../../core/result.ts';
import type { Checkpoint } from '../../core/wire.ts';
import type { DeviceReport, DeviceSelection } from './deviceReport.ts';
import type { AlertFilter, AlertRecord, NewAlert } from './alerts.ts';
import type { AccountStorage, CityStorage } from './cityStorage.ts';
import type { HourRange, RollupSums, TabletFreshness } from './figures.ts';
import type { RetentionRun, ServerRetention } from './retention.ts';
import type { TraceStorage } from './trace.ts';
import type { PlaceCountStorage } from './placeCounts.ts';
import type { DoubleEntryStorage } from './doubleEntries.ts';
import type { ArrivalStorage } from './arrivalTypes.ts';
import type { KeyPersonRevisionStorage } from './keyPersonRevisionTypes.ts';
import type { ColourStorage } from './colours.ts';
import type { ResidentStorage } from './residentTypes.ts';
import type { ResidentPasskeyStorage } from './residentPasskeyTypes.ts';
import type { SelfCheckInStorage } from './selfCheckInTypes.ts';
import type { Listening, NoticeChannel } from './notices.ts';
import type { RequestCount } from './rateLimitCounts.ts';

export type { AlertFilter, AlertRecord, Checkpoint, DeviceReport, DeviceSelection, NewAlert, RetentionRun, ServerRetention };

/** A checkpoint's config as a tablet pulls it, minus the server time added per response. */
export interface StoredConfig {
  version: number;
  checkpoint: Checkpoint;
  policy: Policy;
}

/** An enrolled tablet; its token is never stored, only the token's hash. */
export interface Device {
  id: string;
  checkpointId: string;
  label: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  /** Entries the tablet said were still queued at its last push. */
  waiting: number | null;
  /** The newest link of its chain that retention deleted; absent while retention has deleted none. */
  retained?: RetainedLink;
}

export type RedeemError = 'enrol-code-invalid' | 'enrol-code-used' | 'enrol-code-expired' | 'enrol-code-revoked';

export interface RedeemRequest {
  codeHash: string;
  /** Server time of the request, ISO 8601. */
  now: string;
  device: { id: string; tokenHash: string; label: string | null };
}

/** What the server knows of one link of a device's chain. */
export interface ChainLink {
  hash: string;
  prevHash: string;
}

/** A link deleted by retention, kept by seq so the push can check the entries around it (storage/retentionEntries.ts). */
export interface RetainedLink extends ChainLink {
  seq: number;
}

/** stored: new; duplicate: the same entry was already there; conflict: another entry holds its key. */
export type InsertOutcome = 'stored' | 'duplicate' | 'conflict';

/**
 * What the server processes on one PostgreSQL share through it, where one process would keep it in memory: request
 * counts for the rate limits, notices to each other (the console's live alerts). Null on SQLite: one process serves it.
 */
export interface SharedStorage {
  /** Counts a request under `key` (route and client IP) in a window of `windowMs` (storage/rateLimitCounts.ts). */
  countRequest(key: string, windowMs: number): Promise<RequestCount>;
  /** Sends `payload` (at most MAX_NOTICE_BYTES) to every process listening on `channel`, this one included. */
  notify(channel: NoticeChannel, payload: string): Promise<void>;
  /** Listens on a connection of this process's own until stopped (storage/notices.ts). */
  listen(channel: NoticeChannel, on: (payload: string) => void, lost: (error: unknown) => void): Listening;
}

/** What a push does with one device's chain while it holds it (Storage.withChain). */
export type ChainStorage = Pick<Storage, 'getLinks' | 'insertEntries' | 'recordEntryConflicts'>;

/** An entry as kept centrally: the tablet's entry plus when the server received it. */
export type StoredEntry = Entry & { receivedAt: string };

/** An entry as the push accepted it: with the salt of its person's commitment, from the opened box (null when none). */
export type ReceivedEntry = Entry & { personSalt?: string | null };

export interface ExportFilter {
  /** ISO 8601; entries whose device time `at` is at or after it. */
  since?: string;
  /** ISO 8601; entries whose device time `at` is before it (a day range's end: the next day's first instant). */
  until?: string;
  checkpointId?: string;
  /** Only these checkpoints' entries (the console's subtree, already checked); empty: none. */
  checkpointIds?: readonly string[];
  /** Entries of every checkpoint in this area's subtree (a community from before areas is an area too). */
  areaId?: string;
}

/** A resident's check-in for one calendar day; a second one the same day replaces the first. */
export interface StoredCheckIn {
  /** The 18-character ID number. */
  personId: string;
  /** YYYY-MM-DD in the issuer's time zone. */
  day: string;
  name: string;
  temperature: number;
  isolated: boolean;
  symptoms: boolean;
  /** Server time of the check-in, ISO 8601. */
  at: string;
}

/** None any more (issue #18): who may check in is the person's binding to a phone, checked before (storage/residentAccounts.ts). */
export type CheckInError = never;

/** Where a person's colour rules stood at the end of the last day whose check-ins retention deleted, and the name they carried. */
export type CarriedCheckIns = CarriedState & { name: string };

/** What a person's colour is computed from: check-ins (oldest day first), the state retention carried, and listings. */
export interface ColourFacts {
  history: StoredCheckIn[];
  carried: CarriedCheckIns | null;
  listings: Listing[];
}

/** An EU DCC signer certificate the operator trusts; `id` is the SHA-256 hex of the DER (kid is only 8 bytes). */
export interface DccSigner {
  id: string;
  kid: string;
  /** Base64 DER. */
  certificate: string;
  country?: string;
  addedAt: string;
}

/** The trust list's own version: it grows each time the list's contents change. */
export interface TrustVersion {
  version: number;
  updatedAt: string;
}

/** A change of a checkpoint's rules: by which tablet, when (its clock and the server's), the rules before and after. */
export interface PolicyChangeRecord {
  checkpointId: string;
  /** The config version this change made; with the checkpoint, the record's key. */
  version: number;
  /** Null when not made from a tablet. */
  deviceId: string | null;
  deviceLabel: string | null;
  /** The tablet's clock when the lead saved it. */
  changedAt: string;
  receivedAt: string;
  before: Policy;
  after: Policy;
  /** The version whose rules an operator's restore brought back; null for any other change. */
  restoredFrom: number | null;
  /** The console user who made it, and their name then; absent for a lead's change from a tablet and the operator's at the CLI. */
  user?: { id: string; name: string };
}

/** What the caller gives: storage adds the rules before and the version, in the same transaction. */
export type NewPolicyChange = Omit<PolicyChangeRecord, 'version' | 'before' | 'restoredFrom'> & { restoredFrom?: number };

/** A checkpoint's key-person list at a glance, for the console: how many persons, of which category, since when; never who. */
export interface KeyPersonListSummary {
  checkpointId: string;
  persons: number;
  byCategory: Partial<Record<KeyPersonCategory, number>>;
  /** When the list was last replaced by an import; null: never imported. */
  updatedAt: string | null;
}

/** A lead's proof a change was accepted with: kept, so the same proof never makes a change twice. */
export interface LeadProofUse {
  checkpointId: string;
  proof: string;
  route: 'policy' | 'lead-pin';
  deviceId: string;
  receivedAt: string;
}

/** replaced; stale: the record in force is no longer the one the change replaces; unknown: no such checkpoint. */
export type PinReplaceOutcome = 'replaced' | 'stale' | 'unknown';

/** An entry refused because its device had already used its seq for another one, as it was sent. */
export interface EntryConflict {
  checkpointId: string;
  deviceId: string;
  seq: number;
  hash: string;
  receivedAt: string;
  entry: Entry;
}

/** A conflict beside the entry the server holds at that seq (null only if that one was never stored: a race lost in the batch). */
export interface ConflictPair {
  conflict: EntryConflict;
  stored: StoredEntry | null;
}

/**
 * A key person of one checkpoint: the ID number, category and note stay on the server; tablets get only `tag` and `box`
 * (core/keyPersonLookup.ts), made at import with the list's derivation.
 */
export interface StoredKeyPerson {
  personId: string;
  category: KeyPersonCategory;
  note: string;
  tag: string;
  box: string;
}

/** A checkpoint's key pair for sealed personal fields: raw P-256 public key and PKCS#8 private key, Base64. */
export interface SealKeyPair {
  publicKey: string;
  privateKey: string;
}

export const DEMO = {
  communityId: 'demo-community',
  communityName: '示范社区',
  checkpointId: 'demo-gate',
  checkpointName: '东门卡点',
} as const;

/** What a conditional config pull compares: the checkpoint's version, the trust list's and the revocation counter. */
export interface ConfigMarks {
  checkpointVersion: number;
  /** 0 until a trust list was first recorded. */
  trustVersion: number;
  revocationRevision: number;
}

export interface Storage extends CityStorage, AccountStorage, TraceStorage, DoubleEntryStorage, PlaceCountStorage, ResidentStorage, ResidentPasskeyStorage, ColourStorage, SelfCheckInStorage, ArrivalStorage, KeyPersonRevisionStorage {
  /** Creates the demo community and checkpoint if missing; `created` tells whether this call made them. */
  ensureDemo(): Promise<{ checkpoint: Checkpoint; created: boolean }>;
  listCheckpoints(): Promise<Checkpoint[]>;
  getCheckpoint(id: string): Promise<Checkpoint | null>;
  getConfig(checkpointId: string): Promise<StoredConfig | null>;
  /** Seconds this database's data is behind its primary's, for a streaming replica; null for a primary (and SQLite). */
  replicaLag(): Promise<number | null>;
  /** The versions a conditional config pull compares, in one query; null for an unknown checkpoint. */
  configMarks(checkpointId: string): Promise<ConfigMarks | null>;

  createEnrolmentCode(code: { codeHash: string; checkpointId: string; createdAt: string; expiresAt: string }): Promise<void>;
  /** Uses the code once and creates the device, atomically: two tablets can never share a code. */
  redeemEnrolmentCode(request: RedeemRequest): Promise<Result<Device, RedeemError>>;
  /** The device holding this token, if not revoked; records that it was seen (to the minute: SEEN_RESOLUTION_MS). */
  authenticateDevice(tokenHash: string, seenAt: string): Promise<Device | null>;
  recordWaiting(deviceId: string, waiting: number): Promise<void>;
  revokeDevice(deviceId: string, revokedAt: string): Promise<boolean>;
  /** The revoked device this token was issued to, or null: asked only once authenticateDevice has refused the token. */
  revokedDeviceOf(tokenHash: string): Promise<string | null>;
  /** Every enrolled device (of one checkpoint, or of a selection, when given), revoked ones too, with what it sent and what is missing. */
  listDevices(of?: string | DeviceSelection): Promise<DeviceReport[]>;
  /** A new label for a device (null: none); false when there is no such device. */
  labelDevice(deviceId: string, label: string | null): Promise<boolean>;
  /** Keeps entries refused as conflicts; the same version (device, seq, hash) again is kept once. */
  recordEntryConflicts(conflicts: readonly EntryConflict[]): Promise<void>;
  /** A device's conflicts by seq, each beside the entry stored at its seq. */
  listEntryConflicts(deviceId: string): Promise<ConflictPair[]>;

  /** The stored links among `seqs` of one device's chain, in one round trip. */
  getLinks(checkpointId: string, deviceId: string, seqs: readonly number[]): Promise<Map<number, ChainLink>>;
  /** Inserts already-validated entries in one transaction; one outcome per entry, in order. */
  insertEntries(entries: readonly ReceivedEntry[], receivedAt: string): Promise<InsertOutcome[]>;
  /**
   * Runs `work` holding the device's chain (storage/deviceChain.ts): on PostgreSQL in one transaction under an advisory
   * lock on the device, so no push of the same tablet in any server process reads its links until this one's entries
   * and conflicts are committed (or rolled back with `work`'s failure). SQLite: one process; push.ts queues instead.
   */
  withChain<T>(deviceId: string, work: (chain: ChainStorage) => Promise<T>): Promise<T>;
  /** PostgreSQL: what the server processes share through it; null on SQLite. */
  readonly shared: SharedStorage | null;
  countEntries(checkpointId?: string): Promise<number>;
  /** Streams entries ordered by checkpoint, device, seq, without holding them all in memory. */
  exportEntries(filter: ExportFilter): AsyncIterable<StoredEntry>;

  /** Inserts the alerts not there yet (one per entry and kind) and gives back those it inserted. */
  recordAlerts(alerts: readonly NewAlert[]): Promise<NewAlert[]>;
  /** Alerts of a subtree, newest first. */
  listAlerts(filter: AlertFilter): Promise<AlertRecord[]>;
  getAlert(id: string): Promise<AlertRecord | null>;
  /** Acknowledges it unless it already is (the first acknowledgement stays); `now`: this call did. Null: no such alert. */
  acknowledgeAlert(id: string, at: string, userId: string): Promise<{ alert: AlertRecord; now: boolean } | null>;

  /**
   * Stores the day's check-in, replacing an earlier one of the same person and day; refused, atomically,
   * when the person's check-ins so far carry another name.
   */
  recordCheckIn(checkIn: StoredCheckIn): Promise<Result<{ merged: boolean }, CheckInError>>;
  /** One person's check-ins, oldest day first. */
  listCheckIns(personId: string): Promise<StoredCheckIn[]>;
  /** Where the person's rules stood when retention deleted their older check-ins; null when it deleted none. Read after listCheckIns. */
  checkInsCarried(personId: string): Promise<CarriedCheckIns | null>;
  /** The same of many persons at once, with their listings (a list's colours); every id has an entry. */
  colourFactsOf(personIds: readonly string[]): Promise<Map<string, ColourFacts>>;

  /** False when this certificate was already there. */
  addDccSigner(signer: DccSigner): Promise<boolean>;
  listDccSigners(): Promise<DccSigner[]>;
  /** Bumps the trust list's version when `fingerprint` (of its contents) differs from the last one recorded. */
  recordTrustList(fingerprint: string, at: string): Promise<TrustVersion>;

  /** The checkpoint's lead PIN (PBKDF2 record, never the PIN), or null when none was set. */
  getLeadPin(checkpointId: string): Promise<LeadPin | null>;
  /** Sets it and bumps the config version; `setBy` is the device that did it, null for the operator. False for an unknown checkpoint. */
  setLeadPin(checkpointId: string, pin: LeadPin, setAt: string, setBy: string | null): Promise<boolean>;
  /** Stores the rules, bumps the config version and records the change, atomically; null for an unknown checkpoint. */
  changePolicy(change: NewPolicyChange): Promise<PolicyChangeRecord | null>;
  /** A checkpoint's policy changes, oldest first. */
  listPolicyChanges(checkpointId: string): Promise<PolicyChangeRecord[]>;
  /** Sets the PIN only while the record in force is the one with hash `replaces` (a lead's change), bumping the version. */
  replaceLeadPin(checkpointId: string, pin: LeadPin, replaces: string, setAt: string, setBy: string): Promise<PinReplaceOutcome>;
  /** Whether a change was already accepted with this proof. */
  leadProofUsed(checkpointId: string, proof: string): Promise<boolean>;
  recordLeadProof(use: LeadProofUse): Promise<void>;
  /** The checkpoint's key-person derivation; stores `candidate` and bumps the config version when it has none yet. */
  ensureKeyPersonList(checkpointId: string, candidate: KeyPersonDerivation): Promise<KeyPersonDerivation>;
  /** The checkpoint's seal key pair; stores `candidate` and bumps the config version when it has none yet. */
  ensureSealKey(checkpointId: string, candidate: SealKeyPair): Promise<SealKeyPair>;
  /** A checkpoint's key persons, by ID number. */
  listKeyPersons(checkpointId: string): Promise<StoredKeyPerson[]>;
  /** Replaces the checkpoint's whole list and its derivation (the persons are sealed with it) in one transaction, and bumps the config version. */
  replaceKeyPersons(checkpointId: string, derivation: KeyPersonDerivation, persons: readonly StoredKeyPerson[], at: string): Promise<void>;
  /** The size, categories and last import of each checkpoint's list (one per id asked, in that order), counted in the database. */
  keyPersonListSummaries(checkpointIds: readonly string[]): Promise<KeyPersonListSummary[]>;

  // The server's retention (issue #16, storage/retention.ts).
  /** How long entries and check-ins are kept, and where retention has got to. */
  serverRetention(): Promise<ServerRetention>;
  /** Sets how many days entries and check-ins are kept (1–3650); the days before and after. */
  setServerRetentionDays(days: number): Promise<{ before: number; after: number }>;
  /**
   * Deletes what is older than the retention as set, in batches; what it deleted. `timeZone`: the one check-ins are
   * dated in; `signal`: stops it between two batches (RetentionStopped).
   */
  applyRetention(now: Date, timeZone: string, signal?: AbortSignal): Promise<RetentionRun>;

  // The console's figures (issue #15, storage/figures.ts): from the hourly roll-ups, never from the log itself.
  /** Each checkpoint's counters over the hours; a checkpoint without entries in them is missing. */
  figuresByCheckpoint(checkpointIds: readonly string[], hours: HourRange): Promise<Map<string, RollupSums>>;
  /** The checkpoints' counters together, hour by hour; an hour without entries is missing. */
  figuresByHour(checkpointIds: readonly string[], hours: HourRange): Promise<Map<number, RollupSums>>;
  /** Scans (in + out) per checkpoint and hour, for the heat map. */
  scansByCheckpointHour(checkpointIds: readonly string[], hours: HourRange): Promise<Array<{ checkpointId: string; hour: number; scans: number }>>;
  /** The same counters per area, each its whole subtree's, from area_hours (an area missing: no entries in the hours). */
  figuresByArea(areaIds: readonly string[], hours: HourRange): Promise<Map<string, RollupSums>>;
  /** The areas' counters together, hour by hour (the areas apart from each other, none inside another). */
  figuresByHourOfAreas(areaIds: readonly string[], hours: HourRange): Promise<Map<number, RollupSums>>;
  scansByAreaHour(areaIds: readonly string[], hours: HourRange): Promise<Array<{ areaId: string; hour: number; scans: number }>>;
  /** Per checkpoint, its unrevoked tablets and the oldest last-seen of them. */
  tabletFreshness(checkpointIds: readonly string[]): Promise<Map<string, TabletFreshness>>;

  close(): Promise<void>;
}
