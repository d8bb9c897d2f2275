/** The one Storage, on SQLite or PostgreSQL alike: each call waits for the schema's migration, then runs its domain's queries. */
import type { LeadPin } from '../../core/leadWire.ts';
import type { Result } from '../../core/result.ts';
import * as checkpoints from './checkpoints.ts';
import { openPostgres, openSqlite, type Db, type PostgresOptions } from './db.ts';
import { listDevices } from './deviceReport.ts';
import * as devices from './devices.ts';
import * as entries from './entries.ts';
import * as conflicts from './entryConflicts.ts';
import { insertEntries } from './entryInsert.ts';
import type { KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import * as lead from './lead.ts';
import * as leadChanges from './leadChanges.ts';
import * as residents from './residents.ts';
import type {
  ChainLink, Checkpoint, CheckInError, ConflictPair, DccSigner, Device, DeviceReport, EntryConflict, ExportFilter, InsertOutcome, LeadProofUse,
  NewPolicyChange, PinReplaceOutcome, PolicyChangeRecord, ReceivedEntry, RedeemError, RedeemRequest, SealKeyPair, Storage, StoredCheckIn,
  StoredConfig, StoredEntry, StoredKeyPerson, TrustVersion,
} from './storage.ts';
import * as trust from './trust.ts';

export type { PostgresOptions };

export class DatabaseStorage implements Storage {
  /** The constructor stays synchronous (the server and the CLI open storage before anything async): calls wait here. */
  private readonly ready: Promise<void>;

  private constructor(private readonly db: Db, ready: Promise<void>) {
    this.ready = ready;
    // Handled here so an unused storage cannot crash the process; every call still sees the failure.
    this.ready.catch(() => undefined);
  }

  /** SQLite in `file`: a path, or ':memory:' for a throwaway database. */
  static sqlite(file: string): DatabaseStorage {
    const { db, ready } = openSqlite(file);
    return new DatabaseStorage(db, ready);
  }

  static postgres(connectionString: string, options: PostgresOptions = {}): DatabaseStorage {
    const { db, ready } = openPostgres(connectionString, options);
    return new DatabaseStorage(db, ready);
  }

  private async run<T>(work: (db: Db) => Promise<T>): Promise<T> {
    await this.ready;
    return work(this.db);
  }

  ensureDemo(): Promise<{ checkpoint: Checkpoint; created: boolean }> { return this.run((db) => checkpoints.ensureDemo(db)); }
  listCheckpoints(): Promise<Checkpoint[]> { return this.run((db) => checkpoints.listCheckpoints(db)); }
  getCheckpoint(id: string): Promise<Checkpoint | null> { return this.run((db) => checkpoints.getCheckpoint(db, id)); }
  getConfig(checkpointId: string): Promise<StoredConfig | null> { return this.run((db) => checkpoints.getConfig(db, checkpointId)); }

  createEnrolmentCode(code: { codeHash: string; checkpointId: string; createdAt: string; expiresAt: string }): Promise<void> {
    return this.run((db) => devices.createEnrolmentCode(db, code));
  }
  redeemEnrolmentCode(request: RedeemRequest): Promise<Result<Device, RedeemError>> { return this.run((db) => devices.redeemEnrolmentCode(db, request)); }
  authenticateDevice(tokenHash: string, seenAt: string): Promise<Device | null> { return this.run((db) => devices.authenticateDevice(db, tokenHash, seenAt)); }
  recordWaiting(deviceId: string, waiting: number): Promise<void> { return this.run((db) => devices.recordWaiting(db, deviceId, waiting)); }
  revokeDevice(deviceId: string, revokedAt: string): Promise<boolean> { return this.run((db) => devices.revokeDevice(db, deviceId, revokedAt)); }
  revokedDeviceOf(tokenHash: string): Promise<string | null> { return this.run((db) => devices.revokedDeviceOf(db, tokenHash)); }
  listDevices(checkpointId?: string): Promise<DeviceReport[]> { return this.run((db) => listDevices(db, checkpointId ?? null)); }
  recordEntryConflicts(found: readonly EntryConflict[]): Promise<void> { return this.run((db) => conflicts.recordEntryConflicts(db, found)); }
  listEntryConflicts(deviceId: string): Promise<ConflictPair[]> { return this.run((db) => conflicts.listEntryConflicts(db, deviceId)); }

  getLinks(checkpointId: string, deviceId: string, seqs: readonly number[]): Promise<Map<number, ChainLink>> {
    return this.run((db) => entries.getLinks(db, checkpointId, deviceId, seqs));
  }
  insertEntries(batch: readonly ReceivedEntry[], receivedAt: string): Promise<InsertOutcome[]> { return this.run((db) => insertEntries(db, batch, receivedAt)); }
  countEntries(checkpointId?: string): Promise<number> { return this.run((db) => entries.countEntries(db, checkpointId)); }

  async *exportEntries(filter: ExportFilter): AsyncGenerator<StoredEntry> {
    await this.ready;
    yield* entries.exportEntries(this.db, filter);
  }

  recordCheckIn(checkIn: StoredCheckIn): Promise<Result<{ merged: boolean }, CheckInError>> { return this.run((db) => residents.recordCheckIn(db, checkIn)); }
  listCheckIns(personId: string): Promise<StoredCheckIn[]> { return this.run((db) => residents.listCheckIns(db, personId)); }

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

  /** Waits for a migration under way, so a storage closed right after opening leaves no half-made schema behind. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.db.kysely.destroy();
  }
}
