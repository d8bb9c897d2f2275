/** What the storage says of accounts, their passkeys and sessions, and of the audit log. */
import type { Role } from '../../core/roles.ts';

export interface UserRecord {
  id: string;
  name: string;
  role: Role;
  /** The root of the user's subtree; null for an admin (the whole city). */
  areaId: string | null;
  /** A lead of one place: that place (its area is `areaId`). */
  placeId: string | null;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  failedSignins: number;
  lockedUntil: string | null;
  hasPassword: boolean;
}

export interface NewUser {
  id: string;
  name: string;
  role: Role;
  areaId: string | null;
  placeId: string | null;
  /** The scrypt record, or null: passkeys only. */
  password: string | null;
  createdAt: string;
  createdBy: string;
}

/** A field left out stays as it is. */
export interface UserEdit {
  role?: Role;
  areaId?: string | null;
  placeId?: string | null;
  password?: string | null;
  disabledAt?: string | null;
}

export interface PasskeyRecord {
  credentialId: string;
  userId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface SessionRecord {
  user: UserRecord;
  csrf: string;
  createdAt: string;
  seenAt: string;
}

/** A console user's ceremonies, and a resident phone's (issue #18): a challenge is taken only for the purpose it was made for. */
export type ChallengePurpose = 'register' | 'authenticate' | 'resident-register' | 'resident-recover';

export interface AuditRecord {
  /** Time-ordered: the same order as `at`, ties broken at random. */
  id: string;
  at: string;
  /** `user:ID`, `cli`, `device:ID` (a lead's change from a tablet), or `anonymous` (a console sign-in under a name no account has). */
  actor: string;
  /** The user's name, the operating-system account of the CLI, or the tablet's label. */
  actorName: string;
  /** What was done, e.g. `areas.import`, `enrol-codes.issue`, `users.add`. */
  action: string;
  /** Area ids from the root down to the area the action concerns; null: the whole city. */
  areaPath: string[] | null;
  /** The item it was done to (a checkpoint, a user), when there is one. */
  target: string | null;
  detail: Record<string, unknown>;
  /** Where from: a client IP, or `cli user@host`. */
  origin: string;
}

export type NewAudit = Omit<AuditRecord, 'id'>;

export interface AuditFilter {
  /** Records at or after this instant (ISO 8601). */
  since?: string;
  /** Only records about this subtree (records about the whole city are an admin's). */
  within?: readonly string[];
  /** At most this many, newest first; default 1,000. */
  limit?: number;
}
