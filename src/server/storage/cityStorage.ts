/** The storage contract above the gate (issue #14): the city, accounts and sessions, enrolment codes by sheet, and the audit log. */
import type { Result } from '../../core/result.ts';
import type { AuditFilter, AuditRecord, ChallengePurpose, NewAudit, NewUser, PasskeyRecord, SessionRecord, UserEdit, UserRecord } from './accountTypes.ts';
import type {
  AreaEdit, AreaRecord, CheckpointEdit, CheckpointRecord, CityChangeError, CityChanges, CityIndex, PlaceEdit, PlaceEditBy, PlaceRecord, Removal,
} from './cityTypes.ts';
import type { EnrolmentCodeRecord, NewEnrolmentCode } from './enrolmentCodes.ts';

export interface CityStorage {
  /** The areas of a subtree (its root included), or all of them for null; parents before children. */
  listAreas(rootId: string | null): Promise<AreaRecord[]>;
  getArea(id: string): Promise<AreaRecord | null>;
  listPlaces(rootId: string | null): Promise<PlaceRecord[]>;
  getPlace(id: string): Promise<PlaceRecord | null>;
  /** The checkpoints of a subtree, or all of them, with their place and area path. */
  listCheckpointRecords(rootId: string | null): Promise<CheckpointRecord[]>;
  getCheckpointRecord(id: string): Promise<CheckpointRecord | null>;
  /** The whole city at once, for planning an import. */
  cityIndex(): Promise<CityIndex>;
  /** An import's changes, in one transaction. */
  applyCityChanges(changes: CityChanges): Promise<void>;
  editArea(id: string, edit: AreaEdit): Promise<Result<AreaRecord, CityChangeError>>;
  moveArea(id: string, parentId: string | null): Promise<Result<AreaRecord, CityChangeError>>;
  /** A capacity given is also every gate's (their policies' `capacity`), in the same transaction, recorded in their rules' history as `by`'s. */
  editPlace(id: string, edit: PlaceEdit, by?: PlaceEditBy): Promise<Result<PlaceRecord, CityChangeError>>;
  movePlace(id: string, areaId: string): Promise<Result<PlaceRecord, CityChangeError>>;
  editCheckpoint(id: string, edit: CheckpointEdit): Promise<Result<CheckpointRecord, CityChangeError>>;
  moveCheckpoint(id: string, placeId: string): Promise<Result<CheckpointRecord, CityChangeError>>;
  /** Removes one item and all under it, or nothing: refused while a checkpoint among them has a tablet or an entry. */
  removeCity(what: { areaId?: string; placeId?: string; checkpointId?: string }): Promise<Result<Removal, CityChangeError>>;

  /** Codes with a public id, a sheet and their maker, for many checkpoints in one transaction. */
  createEnrolmentCodes(codes: readonly NewEnrolmentCode[]): Promise<void>;
  /** Codes of these checkpoints (every code for null), newest first. */
  listEnrolmentCodes(checkpointIds: readonly string[] | null): Promise<EnrolmentCodeRecord[]>;
  /** Revokes unused codes by id or by sheet; the ones it revoked. */
  revokeEnrolmentCodes(which: { id?: string; sheet?: string }, at: string): Promise<EnrolmentCodeRecord[]>;
}

export interface AccountStorage {
  createUser(user: NewUser): Promise<Result<UserRecord, 'user-name-taken'>>;
  getUser(id: string): Promise<UserRecord | null>;
  getUserByName(name: string): Promise<{ user: UserRecord; password: string | null } | null>;
  listUsers(): Promise<UserRecord[]>;
  editUser(id: string, edit: UserEdit): Promise<UserRecord | null>;
  recordSigninFailure(id: string, lockedUntil: (failures: number) => string | null): Promise<void>;
  recordSigninSuccess(id: string): Promise<void>;
  createSession(session: { tokenHash: string; userId: string; csrf: string; at: string; ip: string }): Promise<void>;
  sessionOf(tokenHash: string, now: Date, idleMs: number, maxMs: number): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<number>;
  addPasskey(passkey: PasskeyRecord): Promise<void>;
  listPasskeys(userId: string): Promise<PasskeyRecord[]>;
  getPasskey(credentialId: string): Promise<PasskeyRecord | null>;
  usePasskey(credentialId: string, counter: number, at: string): Promise<void>;
  saveChallenge(challenge: { challenge: string; purpose: ChallengePurpose; userId: string | null; expiresAt: string }): Promise<void>;
  takeChallenge(challenge: string, purpose: ChallengePurpose, now: string): Promise<{ userId: string | null } | null>;

  /** Appends one record; nothing in the storage changes or deletes one. */
  appendAudit(record: NewAudit): Promise<AuditRecord>;
  listAudit(filter: AuditFilter): Promise<AuditRecord[]>;
}
