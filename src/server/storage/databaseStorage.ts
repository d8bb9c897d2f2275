/** The one Storage, on SQLite or PostgreSQL alike: each call waits for the schema's migration, then runs its domain's queries. */
import type { LeadPin } from '../../core/leadWire.ts';
import type { Result } from '../../core/result.ts';
import * as accounts from './accounts.ts';
import type { AuditFilter, AuditRecord, ChallengePurpose, NewAudit, NewUser, PasskeyRecord, SessionRecord, UserEdit, UserRecord } from './accountTypes.ts';
import * as alerts from './alerts.ts';
import type { AlertFilter, AlertRecord, NewAlert } from './alerts.ts';
import * as audit from './audit.ts';
import * as checkpoints from './checkpoints.ts';
import { replicaLag } from './replicas.ts';
import * as city from './city.ts';
import * as cityMoves from './cityMoves.ts';
import type {
  AreaEdit, AreaRecord, CheckpointEdit, CheckpointRecord, CityChangeError, CityChanges, CityIndex, PlaceEdit, PlaceEditBy, PlaceRecord, Removal,
} from './cityTypes.ts';
import * as enrolmentCodes from './enrolmentCodes.ts';
import * as figures from './figures.ts';
import type { HourRange, RollupSums, TabletFreshness } from './figures.ts';
import type { EnrolmentCodeRecord, NewEnrolmentCode } from './enrolmentCodes.ts';
import { openPostgres, openSqlite, type Db, type PostgresOptions } from './db.ts';
import { listDevices, type DeviceSelection } from './deviceReport.ts';
import * as devices from './devices.ts';
import * as entries from './entries.ts';
import * as conflicts from './entryConflicts.ts';
import { insertEntries } from './entryInsert.ts';
import { holdChain } from './deviceChain.ts';
import { listen, notify } from './notices.ts';
import { countRequest } from './rateLimitCounts.ts';
import type { KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import * as lead from './lead.ts';
import * as keyPersonRevisions from './keyPersonRevisions.ts';
import type { KeyPersonRevision, Publication, PublishedTag, RemovalsKept, SealedTag } from './keyPersonRevisionTypes.ts';
import * as leadChanges from './leadChanges.ts';
import * as residents from './residents.ts';
import * as retention from './retention.ts';
import type { RetentionRun, ServerRetention } from './retention.ts';
import { retainedSince } from './retention.ts';
import type {
  CarriedCheckIns, ChainLink, ColourFacts, ChainStorage, SharedStorage, Checkpoint, ConfigMarks, CheckInError, ConflictPair, DccSigner, Device, DeviceReport, EntryConflict, ExportFilter, InsertOutcome, LeadProofUse,
  KeyPersonListSummary, NewPolicyChange, PinReplaceOutcome, PolicyChangeRecord, ReceivedEntry, RedeemError, RedeemRequest, SealKeyPair, Storage, StoredCheckIn,
  StoredConfig, StoredEntry, StoredKeyPerson, TrustVersion,
} from './storage.ts';
import * as trace from './trace.ts';
import * as placeCounts from './placeCounts.ts';
import type { PlaceCount } from '../../core/placeCount.ts';
import * as doubleEntries from './doubleEntries.ts';
import * as arrivals from './arrivals.ts';
import type { ArrivalRule } from '../../core/arrivalRules.ts';
import * as colours from './colours.ts';
import type { ColourRule, Listing } from '../../core/colourFromLists.ts';
import type { KeyPersonCategory } from '../../core/keyPersons.ts';
import * as residentAccounts from './residentAccounts.ts';
import * as residentRecords from './residentRecords.ts';
import * as residentPasskeys from './residentPasskeys.ts';
import type { PasskeyAdded, PhoneRecovery, ResidentPasskey } from './residentPasskeyTypes.ts';
import type { BindError, Binding, Bound, BoundPerson, NewRebindCode, OpenRebindCode, PersonFacts, StoredRequest } from './residentTypes.ts';
import type { Trip } from '../../core/residentWire.ts';
import * as trust from './trust.ts';
import * as selfCheckIns from './selfCheckIns.ts';
import type { NewSelfPassage, SelfPassageError, SelfPlace, StoredSelfPassage } from './selfCheckInTypes.ts';

export type { PostgresOptions };

export class DatabaseStorage implements Storage {
  /** The constructor stays synchronous (the server and the CLI open storage before anything async): calls wait here. */
  private readonly ready: Promise<void>;

  readonly shared: SharedStorage | null;

  /** `listener`: PostgreSQL's address and schema, for the connection each process listens on (notices.ts). */
  private constructor(private readonly db: Db, ready: Promise<void>, listener: { connectionString: string; schema: string | null } | null = null) {
    this.ready = ready;
    // Handled here so an unused storage cannot crash the process; every call still sees the failure.
    this.ready.catch(() => undefined);
    this.shared = listener === null ? null : {
      countRequest: (key, windowMs) => this.run((on) => countRequest(on, key, windowMs)),
      notify: (channel, payload) => this.run((on) => notify(on, channel, payload)),
      listen: (channel, on, lost) => listen(listener.connectionString, listener.schema, channel, on, lost),
    };
  }

  /** SQLite in `file`: a path, or ':memory:' for a throwaway database. */
  static sqlite(file: string): DatabaseStorage {
    const { db, ready } = openSqlite(file);
    return new DatabaseStorage(db, ready);
  }

  static postgres(connectionString: string, options: PostgresOptions = {}): DatabaseStorage {
    const { db, ready } = openPostgres(connectionString, options);
    // A standby takes no LISTEN (it is in recovery): a replica's storage shares nothing between processes.
    return new DatabaseStorage(db, ready, options.replica === true ? null : { connectionString, schema: options.schema ?? null });
  }

  replicaLag(): Promise<number | null> { return this.run((db) => replicaLag(db)); }

  private async run<T>(work: (db: Db) => Promise<T>): Promise<T> {
    await this.ready;
    return work(this.db);
  }

  ensureDemo(): Promise<{ checkpoint: Checkpoint; created: boolean }> { return this.run((db) => checkpoints.ensureDemo(db)); }
  listCheckpoints(): Promise<Checkpoint[]> { return this.run((db) => checkpoints.listCheckpoints(db)); }
  getCheckpoint(id: string): Promise<Checkpoint | null> { return this.run((db) => checkpoints.getCheckpoint(db, id)); }
  getConfig(checkpointId: string): Promise<StoredConfig | null> { return this.run((db) => checkpoints.getConfig(db, checkpointId)); }
  configMarks(checkpointId: string): Promise<ConfigMarks | null> { return this.run((db) => checkpoints.configMarks(db, checkpointId)); }

  createEnrolmentCode(code: { codeHash: string; checkpointId: string; createdAt: string; expiresAt: string }): Promise<void> {
    return this.run((db) => devices.createEnrolmentCode(db, code));
  }
  redeemEnrolmentCode(request: RedeemRequest): Promise<Result<Device, RedeemError>> { return this.run((db) => devices.redeemEnrolmentCode(db, request)); }
  authenticateDevice(tokenHash: string, seenAt: string): Promise<Device | null> { return this.run((db) => devices.authenticateDevice(db, tokenHash, seenAt)); }
  recordWaiting(deviceId: string, waiting: number): Promise<void> { return this.run((db) => devices.recordWaiting(db, deviceId, waiting)); }
  revokeDevice(deviceId: string, revokedAt: string): Promise<boolean> { return this.run((db) => devices.revokeDevice(db, deviceId, revokedAt)); }
  revokedDeviceOf(tokenHash: string): Promise<string | null> { return this.run((db) => devices.revokedDeviceOf(db, tokenHash)); }
  listDevices(of?: string | DeviceSelection): Promise<DeviceReport[]> {
    return this.run((db) => listDevices(db, typeof of === 'string' ? { checkpointIds: [of] } : (of ?? {})));
  }
  labelDevice(deviceId: string, label: string | null): Promise<boolean> { return this.run((db) => devices.labelDevice(db, deviceId, label)); }
  recordEntryConflicts(found: readonly EntryConflict[]): Promise<void> { return this.run((db) => conflicts.recordEntryConflicts(db, found)); }
  listEntryConflicts(deviceId: string): Promise<ConflictPair[]> { return this.run((db) => conflicts.listEntryConflicts(db, deviceId)); }

  getLinks(checkpointId: string, deviceId: string, seqs: readonly number[]): Promise<Map<number, ChainLink>> {
    return this.run((db) => entries.getLinks(db, checkpointId, deviceId, seqs));
  }
  insertEntries(batch: readonly ReceivedEntry[], receivedAt: string): Promise<InsertOutcome[]> { return this.run((db) => insertEntries(db, batch, receivedAt)); }
  withChain<T>(deviceId: string, work: (chain: ChainStorage) => Promise<T>): Promise<T> {
    return this.run((db) => holdChain(db, deviceId, (held) => work({
      getLinks: (checkpointId, device, seqs) => entries.getLinks(held, checkpointId, device, seqs),
      insertEntries: (batch, receivedAt) => insertEntries(held, batch, receivedAt),
      recordEntryConflicts: (found) => conflicts.recordEntryConflicts(held, found),
    })));
  }
  countEntries(checkpointId?: string): Promise<number> { return this.run((db) => entries.countEntries(db, checkpointId)); }

  async *exportEntries(filter: ExportFilter): AsyncGenerator<StoredEntry> {
    await this.ready;
    yield* entries.exportEntries(this.db, filter);
  }

  recordAlerts(made: readonly NewAlert[]): Promise<NewAlert[]> { return this.run((db) => alerts.recordAlerts(db, made)); }
  listAlerts(filter: AlertFilter): Promise<AlertRecord[]> { return this.run((db) => alerts.listAlerts(db, filter)); }
  getAlert(id: string): Promise<AlertRecord | null> { return this.run((db) => alerts.getAlert(db, id)); }
  acknowledgeAlert(id: string, at: string, userId: string): Promise<{ alert: AlertRecord; now: boolean } | null> {
    return this.run((db) => alerts.acknowledgeAlert(db, id, at, userId));
  }

  recordCheckIn(checkIn: StoredCheckIn): Promise<Result<{ merged: boolean }, CheckInError>> { return this.run((db) => residents.recordCheckIn(db, checkIn)); }
  listCheckIns(personId: string): Promise<StoredCheckIn[]> { return this.run((db) => residents.listCheckIns(db, personId)); }
  checkInsCarried(personId: string): Promise<CarriedCheckIns | null> { return this.run((db) => residents.checkInsCarried(db, personId)); }
  colourFactsOf(personIds: readonly string[]): Promise<Map<string, ColourFacts>> { return this.run((db) => residents.colourFactsOf(db, personIds)); }

  addDccSigner(signer: DccSigner): Promise<boolean> { return this.run((db) => trust.addDccSigner(db, signer)); }
  listDccSigners(): Promise<DccSigner[]> { return this.run((db) => trust.listDccSigners(db)); }
  recordTrustList(fingerprint: string, at: string): Promise<TrustVersion> { return this.run((db) => trust.recordTrustList(db, fingerprint, at)); }

  getLeadPin(checkpointId: string): Promise<LeadPin | null> { return this.run((db) => lead.getLeadPin(db, checkpointId)); }
  setLeadPin(checkpointId: string, pin: LeadPin, setAt: string, setBy: string | null): Promise<boolean> {
    return this.run((db) => lead.setLeadPin(db, checkpointId, pin, setAt, setBy));
  }
  changePolicy(change: NewPolicyChange): Promise<PolicyChangeRecord | null> { return this.run((db) => lead.changePolicy(db, change)); }
  listPolicyChanges(checkpointId: string): Promise<PolicyChangeRecord[]> { return this.run((db) => lead.listPolicyChanges(db, checkpointId)); }
  replaceLeadPin(checkpointId: string, pin: LeadPin, replaces: string, setAt: string, setBy: string): Promise<PinReplaceOutcome> {
    return this.run((db) => leadChanges.replaceLeadPin(db, checkpointId, pin, replaces, setAt, setBy));
  }
  leadProofUsed(checkpointId: string, proof: string): Promise<boolean> { return this.run((db) => leadChanges.leadProofUsed(db, checkpointId, proof)); }
  recordLeadProof(use: LeadProofUse): Promise<void> { return this.run((db) => leadChanges.recordLeadProof(db, use)); }
  ensureKeyPersonList(checkpointId: string, candidate: KeyPersonDerivation): Promise<KeyPersonDerivation> {
    return this.run((db) => lead.ensureKeyPersonList(db, checkpointId, candidate));
  }
  ensureSealKey(checkpointId: string, candidate: SealKeyPair): Promise<SealKeyPair> { return this.run((db) => lead.ensureSealKey(db, checkpointId, candidate)); }
  listKeyPersons(checkpointId: string): Promise<StoredKeyPerson[]> { return this.run((db) => lead.listKeyPersons(db, checkpointId)); }
  replaceKeyPersons(checkpointId: string, derivation: KeyPersonDerivation, persons: readonly StoredKeyPerson[], at: string): Promise<void> {
    return this.run((db) => lead.replaceKeyPersons(db, checkpointId, derivation, persons, at));
  }
  keyPersonListSummaries(checkpointIds: readonly string[]): Promise<KeyPersonListSummary[]> { return this.run((db) => lead.keyPersonListSummaries(db, checkpointIds)); }
  // Key-person lists by revision (issue #19): storage/keyPersonRevisions.ts.
  keyPersonRevision(checkpointId: string): Promise<KeyPersonRevision | null> { return this.run((db) => keyPersonRevisions.keyPersonRevision(db, checkpointId)); }
  publishKeyPersons(checkpointId: string, version: number, derivation: KeyPersonDerivation, persons: readonly PublishedTag[], at: string, kept: RemovalsKept): Promise<Publication> {
    return this.run((db) => keyPersonRevisions.publishKeyPersons(db, checkpointId, version, derivation, persons, at, kept));
  }
  keyPersonTags(checkpointId: string, after?: number): Promise<{ persons: SealedTag[]; removed: string[] }> { return this.run((db) => keyPersonRevisions.keyPersonTags(db, checkpointId, after)); }

  listAreas(rootId: string | null): Promise<AreaRecord[]> { return this.run((db) => city.listAreas(db, rootId)); }
  getArea(id: string): Promise<AreaRecord | null> { return this.run((db) => city.getArea(db, id)); }
  listPlaces(rootId: string | null): Promise<PlaceRecord[]> { return this.run((db) => city.listPlaces(db, rootId)); }
  getPlace(id: string): Promise<PlaceRecord | null> { return this.run((db) => city.getPlace(db, id)); }
  listCheckpointRecords(rootId: string | null): Promise<CheckpointRecord[]> { return this.run((db) => city.listCheckpointRecords(db, rootId)); }
  getCheckpointRecord(id: string): Promise<CheckpointRecord | null> { return this.run((db) => city.getCheckpointRecord(db, id)); }
  cityIndex(): Promise<CityIndex> { return this.run((db) => city.cityIndex(db)); }
  applyCityChanges(changes: CityChanges): Promise<void> { return this.run((db) => city.applyCityChanges(db, changes)); }
  editArea(id: string, edit: AreaEdit): Promise<Result<AreaRecord, CityChangeError>> { return this.run((db) => city.editArea(db, id, edit)); }
  moveArea(id: string, parentId: string | null): Promise<Result<AreaRecord, CityChangeError>> { return this.run((db) => cityMoves.moveArea(db, id, parentId)); }
  editPlace(id: string, edit: PlaceEdit, by?: PlaceEditBy): Promise<Result<PlaceRecord, CityChangeError>> { return this.run((db) => city.editPlace(db, id, edit, by)); }
  movePlace(id: string, areaId: string): Promise<Result<PlaceRecord, CityChangeError>> { return this.run((db) => cityMoves.movePlace(db, id, areaId)); }
  editCheckpoint(id: string, edit: CheckpointEdit): Promise<Result<CheckpointRecord, CityChangeError>> { return this.run((db) => city.editCheckpoint(db, id, edit)); }
  moveCheckpoint(id: string, placeId: string): Promise<Result<CheckpointRecord, CityChangeError>> { return this.run((db) => cityMoves.moveCheckpoint(db, id, placeId)); }
  removeCity(what: { areaId?: string; placeId?: string; checkpointId?: string }): Promise<Result<Removal, CityChangeError>> { return this.run((db) => cityMoves.removeCity(db, what)); }
  createEnrolmentCodes(codes: readonly NewEnrolmentCode[]): Promise<void> { return this.run((db) => enrolmentCodes.createEnrolmentCodes(db, codes)); }
  listEnrolmentCodes(checkpointIds: readonly string[] | null): Promise<EnrolmentCodeRecord[]> { return this.run((db) => enrolmentCodes.listEnrolmentCodes(db, checkpointIds)); }
  revokeEnrolmentCodes(which: { id?: string; sheet?: string }, at: string): Promise<EnrolmentCodeRecord[]> {
    return this.run((db) => enrolmentCodes.revokeEnrolmentCodes(db, which, at));
  }

  createUser(user: NewUser): Promise<Result<UserRecord, 'user-name-taken'>> { return this.run((db) => accounts.createUser(db, user)); }
  getUser(id: string): Promise<UserRecord | null> { return this.run((db) => accounts.getUser(db, id)); }
  getUserByName(name: string): Promise<{ user: UserRecord; password: string | null } | null> { return this.run((db) => accounts.getUserByName(db, name)); }
  listUsers(): Promise<UserRecord[]> { return this.run((db) => accounts.listUsers(db)); }
  editUser(id: string, edit: UserEdit): Promise<UserRecord | null> { return this.run((db) => accounts.editUser(db, id, edit)); }
  recordSigninFailure(id: string, lockedUntil: (failures: number) => string | null): Promise<void> { return this.run((db) => accounts.recordSigninFailure(db, id, lockedUntil)); }
  recordSigninSuccess(id: string): Promise<void> { return this.run((db) => accounts.recordSigninSuccess(db, id)); }
  createSession(session: { tokenHash: string; userId: string; csrf: string; at: string; ip: string }): Promise<void> { return this.run((db) => accounts.createSession(db, session)); }
  sessionOf(tokenHash: string, now: Date, idleMs: number, maxMs: number): Promise<SessionRecord | null> { return this.run((db) => accounts.sessionOf(db, tokenHash, now, idleMs, maxMs)); }
  deleteSession(tokenHash: string): Promise<void> { return this.run((db) => accounts.deleteSession(db, tokenHash)); }
  deleteUserSessions(userId: string): Promise<number> { return this.run((db) => accounts.deleteUserSessions(db, userId)); }
  addPasskey(passkey: PasskeyRecord): Promise<void> { return this.run((db) => accounts.addPasskey(db, passkey)); }
  listPasskeys(userId: string): Promise<PasskeyRecord[]> { return this.run((db) => accounts.listPasskeys(db, userId)); }
  getPasskey(credentialId: string): Promise<PasskeyRecord | null> { return this.run((db) => accounts.getPasskey(db, credentialId)); }
  usePasskey(credentialId: string, counter: number, at: string): Promise<void> { return this.run((db) => accounts.usePasskey(db, credentialId, counter, at)); }
  saveChallenge(challenge: { challenge: string; purpose: ChallengePurpose; userId: string | null; expiresAt: string }): Promise<void> {
    return this.run((db) => accounts.saveChallenge(db, challenge));
  }
  takeChallenge(challenge: string, purpose: ChallengePurpose, now: string): Promise<{ userId: string | null } | null> {
    return this.run((db) => accounts.takeChallenge(db, challenge, purpose, now));
  }
  appendAudit(record: NewAudit): Promise<AuditRecord> { return this.run((db) => audit.appendAudit(db, record)); }
  listAudit(filter: AuditFilter): Promise<AuditRecord[]> { return this.run((db) => audit.listAudit(db, filter)); }

  // The server's retention (issue #16): storage/retention.ts.
  serverRetention(): Promise<ServerRetention> { return this.run((db) => retention.serverRetention(db)); }
  setServerRetentionDays(days: number): Promise<{ before: number; after: number }> { return this.run((db) => retention.setServerRetentionDays(db, days)); }
  applyRetention(now: Date, timeZone: string, signal?: AbortSignal): Promise<RetentionRun> {
    return this.run(async (db) => retention.applyRetention(db, now, (await retention.serverRetention(db)).days, { timeZone, ...(signal && { signal }) }));
  }

  // The console's figures (issue #15): storage/figures.ts.
  figuresByCheckpoint(ids: readonly string[], hours: HourRange): Promise<Map<string, RollupSums>> { return this.run((db) => figures.figuresByCheckpoint(db, ids, hours)); }
  figuresByHour(ids: readonly string[], hours: HourRange): Promise<Map<number, RollupSums>> { return this.run((db) => figures.figuresByHour(db, ids, hours)); }
  scansByCheckpointHour(ids: readonly string[], hours: HourRange): Promise<Array<{ checkpointId: string; hour: number; scans: number }>> {
    return this.run((db) => figures.scansByCheckpointHour(db, ids, hours));
  }
  figuresByArea(ids: readonly string[], hours: HourRange): Promise<Map<string, RollupSums>> { return this.run((db) => figures.figuresByArea(db, ids, hours)); }
  figuresByHourOfAreas(ids: readonly string[], hours: HourRange): Promise<Map<number, RollupSums>> { return this.run((db) => figures.figuresByHourOfAreas(db, ids, hours)); }
  scansByAreaHour(ids: readonly string[], hours: HourRange): Promise<Array<{ areaId: string; hour: number; scans: number }>> {
    return this.run((db) => figures.scansByAreaHour(db, ids, hours));
  }
  tabletFreshness(ids: readonly string[]): Promise<Map<string, TabletFreshness>> { return this.run((db) => figures.tabletFreshness(db, ids)); }

  // Tracing (issue #16): storage/trace.ts, and retention's mark of what no longer exists (storage/retention.ts).
  tracePassages(query: trace.PassageQuery): Promise<trace.TraceRow[]> { return this.run((db) => trace.tracePassages(db, query)); }
  traceCity(which: { checkpointIds?: readonly string[]; placeIds?: readonly string[] }): Promise<trace.TraceCity> { return this.run((db) => trace.traceCity(db, which)); }
  listTraceAudit(actor: string | null, limit: number): Promise<AuditRecord[]> { return this.run((db) => trace.listTraceAudit(db, actor, limit)); }
  retainedSince(): Promise<string | null> { return this.run((db) => retainedSince(db)); }

  // Offline double entries (issue #17): storage/doubleEntries.ts.
  passageNeighbours(held: readonly doubleEntries.HeldPassage[], boundMs?: number): Promise<doubleEntries.PassageNeighbours[]> {
    return this.run((db) => doubleEntries.passageNeighbours(db, held, boundMs));
  }
  recordDoubleEntries(found: readonly doubleEntries.NewDoubleEntry[]): Promise<number> { return this.run((db) => doubleEntries.recordDoubleEntries(db, found)); }
  listDoubleEntries(filter: doubleEntries.DoubleEntryFilter): Promise<doubleEntries.DoubleEntryRecord[]> { return this.run((db) => doubleEntries.listDoubleEntries(db, filter)); }

  // A place's shared inside count (issue #17): storage/placeCounts.ts.
  placeCountOfCheckpoint(checkpointId: string, now: Date, timeZone: string): Promise<PlaceCount | null> {
    return this.run((db) => placeCounts.placeCountOfCheckpoint(db, checkpointId, now, timeZone));
  }
  placeCounts(placeIds: readonly string[], now: Date, timeZone: string): Promise<Map<string, PlaceCount>> { return this.run((db) => placeCounts.placeCounts(db, placeIds, now, timeZone)); }
  correctPlaceCount(c: placeCounts.PlaceCountCorrection): Promise<boolean> { return this.run((db) => placeCounts.correctPlaceCount(db, c)); }
  setPlaceResetTime(placeId: string, resetTime: string | null): Promise<boolean> { return this.run((db) => placeCounts.setPlaceResetTime(db, placeId, resetTime)); }

  // Resident accounts (issue #18): storage/residentAccounts.ts and residentRecords.ts.
  authenticatePhone(phoneId: string, secretHash: string, seenAt: string): Promise<boolean> { return this.run((db) => residentAccounts.authenticatePhone(db, phoneId, secretHash, seenAt)); }
  boundPerson(personId: string): Promise<BoundPerson | null> { return this.run((db) => residentAccounts.boundPerson(db, personId)); }
  householdOf(phoneId: string): Promise<BoundPerson[]> { return this.run((db) => residentAccounts.householdOf(db, phoneId)); }
  bindPerson(binding: Binding, maxHousehold: number): Promise<Result<Bound, BindError>> { return this.run((db) => residentAccounts.bindPerson(db, binding, maxHousehold)); }
  unbindPerson(phoneId: string, personId: string): Promise<boolean> { return this.run((db) => residentAccounts.unbindPerson(db, phoneId, personId)); }
  replaceTrips(personId: string, trips: readonly Trip[]): Promise<void> { return this.run((db) => residentRecords.replaceTrips(db, personId, trips)); }
  tripsOf(personIds: readonly string[]): Promise<Map<string, Trip[]>> { return this.run((db) => residentRecords.tripsOf(db, personIds)); }
  addRequest(request: StoredRequest, maxOpen: number): Promise<StoredRequest | null> { return this.run((db) => residentRecords.addRequest(db, request, maxOpen)); }
  requestsOf(personIds: readonly string[], since?: string): Promise<StoredRequest[]> { return this.run((db) => residentRecords.requestsOf(db, personIds, since)); }
  getRequest(requestId: string): Promise<StoredRequest | null> { return this.run((db) => residentRecords.getRequest(db, requestId)); }
  closeRequest(requestId: string, done: { at: string; note: string; by: string }): Promise<StoredRequest | null> {
    return this.run((db) => residentRecords.closeRequest(db, requestId, done));
  }
  personsInAreas(areaIds: readonly string[] | null): Promise<BoundPerson[]> { return this.run((db) => residentRecords.personsInAreas(db, areaIds)); }
  personFacts(personIds: readonly string[], sinceDay: string, feverCelsius: number): Promise<Map<string, PersonFacts>> {
    return this.run((db) => residentRecords.personFacts(db, personIds, sinceDay, feverCelsius));
  }
  addRebindCode(code: NewRebindCode): Promise<void> { return this.run((db) => residentRecords.addRebindCode(db, code)); }
  openRebindCode(codeHash: string, now: string, maxAttempts: number): Promise<OpenRebindCode | null> { return this.run((db) => residentRecords.openRebindCode(db, codeHash, now, maxAttempts)); }
  countRebindAttempt(personId: string, now: string): Promise<void> { return this.run((db) => residentRecords.countRebindAttempt(db, personId, now)); }

  // Residents' passkeys (issue #18): storage/residentPasskeys.ts.
  addResidentPasskey(passkey: ResidentPasskey, max: number): Promise<PasskeyAdded> { return this.run((db) => residentPasskeys.addResidentPasskey(db, passkey, max)); }
  residentPasskeys(phoneId: string): Promise<ResidentPasskey[]> { return this.run((db) => residentPasskeys.residentPasskeys(db, phoneId)); }
  residentPasskey(credentialId: string): Promise<ResidentPasskey | null> { return this.run((db) => residentPasskeys.residentPasskey(db, credentialId)); }
  recoverPhone(recovery: PhoneRecovery): Promise<boolean> { return this.run((db) => residentPasskeys.recoverPhone(db, recovery)); }

  // Colours from the comparison and revoked codes (issue #18): storage/colours.ts.
  colourRules(): Promise<Array<{ category: KeyPersonCategory; rule: ColourRule }>> { return this.run((db) => colours.colourRules(db)); }
  setColourRule(category: KeyPersonCategory, rule: ColourRule, at: string): Promise<ColourRule | null> { return this.run((db) => colours.setColourRule(db, category, rule, at)); }
  resetColourRules(): Promise<number> { return this.run((db) => colours.resetColourRules(db)); }
  listingsOf(personId: string): Promise<Listing[]> { return this.run((db) => colours.listingsOf(db, personId)); }
  recordIssuedCode(code: colours.IssuedCode, nowMs: number): Promise<colours.IssuedCode | null> { return this.run((db) => colours.recordIssuedCode(db, code, nowMs)); }
  recordRevocation(revocation: colours.Revocation, pruneBeforeMs: number): Promise<void> { return this.run((db) => colours.recordRevocation(db, revocation, pruneBeforeMs)); }
  listRevocations(sinceMs: number, afterRevision?: number): Promise<colours.RevocationsAt> { return this.run((db) => colours.listRevocations(db, sinceMs, afterRevision)); }
  listedWithCodes(checkpointIds: readonly string[] | null, nowMs: number): Promise<colours.IssuedCode[]> { return this.run((db) => colours.listedWithCodes(db, checkpointIds, nowMs)); }

  // Self check-in at a place's poster (issue #20): storage/selfCheckIns.ts.
  ensureSelfPlace(placeId: string, ids: { checkpointId: string; deviceId: string }, now: string): Promise<SelfPlace | null> {
    return this.run((db) => selfCheckIns.ensureSelfPlace(db, placeId, ids, now));
  }
  selfPlace(placeId: string): Promise<SelfPlace | null> { return this.run((db) => selfCheckIns.selfPlace(db, placeId)); }
  setPosterWithdrawn(placeId: string, withdrawn: { at: string; by: string } | null): Promise<boolean> { return this.run((db) => selfCheckIns.setPosterWithdrawn(db, placeId, withdrawn)); }
  withdrawnPosters(placeIds: readonly string[]): Promise<string[]> { return this.run((db) => selfCheckIns.withdrawnPosters(db, placeIds)); }
  appendSelfPassage(self: SelfPlace, passage: NewSelfPassage): Promise<Result<StoredSelfPassage, SelfPassageError>> {
    return this.run((db) => selfCheckIns.appendSelfPassage(db, self, passage));
  }

  // Arrivals (入市登记, issue #20): storage/arrivals.ts.
  addArrival(arrival: arrivals.StoredArrival): Promise<arrivals.ArrivalAdded> { return this.run((db) => arrivals.addArrival(db, arrival)); }
  listArrivals(filter: arrivals.ArrivalFilter): Promise<arrivals.StoredArrival[]> { return this.run((db) => arrivals.listArrivals(db, filter)); }
  listedArrivalsAt(checkpointId: string, now: string): Promise<arrivals.StoredArrival[]> { return this.run((db) => arrivals.listedArrivalsAt(db, checkpointId, now)); }
  listedArrivalCounts(checkpointId: string, now: string): Promise<Partial<Record<KeyPersonCategory, number>>> { return this.run((db) => arrivals.listedArrivalCounts(db, checkpointId, now)); }
  arrivalsDue(now: string): Promise<boolean> { return this.run((db) => arrivals.arrivalsDue(db, now)); }
  expireArrivals(now: string): Promise<arrivals.StoredArrival[]> { return this.run((db) => arrivals.expireArrivals(db, now)); }
  arrivalsOf(personId: string): Promise<arrivals.StoredArrival[]> { return this.run((db) => arrivals.arrivalsOf(db, personId)); }
  getArrival(arrivalId: string): Promise<arrivals.StoredArrival | null> { return this.run((db) => arrivals.getArrival(db, arrivalId)); }
  withdrawArrival(arrivalId: string, withdrawal: arrivals.ArrivalWithdrawal): Promise<arrivals.ArrivalWithdrawn | null> { return this.run((db) => arrivals.withdrawArrival(db, arrivalId, withdrawal)); }
  arrivalRules(): Promise<ArrivalRule[] | null> { return this.run((db) => arrivals.arrivalRules(db)); }
  setArrivalRules(rules: readonly ArrivalRule[], at: string): Promise<void> { return this.run((db) => arrivals.setArrivalRules(db, rules, at)); }
  resetArrivalRules(): Promise<boolean> { return this.run((db) => arrivals.resetArrivalRules(db)); }

  /** Waits for a migration under way, so a storage closed right after opening leaves no half-made schema behind. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.db.kysely.destroy();
  }
}
