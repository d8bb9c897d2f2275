/** Accounts: users, the failed sign-ins that lock them, sessions (by the hash of their cookie), passkeys, and the challenges of passkey ceremonies. */
import type { Selectable } from 'kysely';
import { isRole } from '../../core/roles.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { ChallengePurpose, NewUser, PasskeyRecord, SessionRecord, UserEdit, UserRecord } from './accountTypes.ts';
import type { UserTable } from './citySchema.ts';
import type { Db } from './db.ts';
import { readJson } from './schema.ts';

/** A session's `seen_at` is written at most once a minute: every console request reads the session. */
const SEEN_RESOLUTION_MS = 60_000;

const userColumns = ['id', 'name', 'role', 'area_id', 'place_id', 'password', 'created_at', 'created_by', 'disabled_at', 'failed_signins', 'locked_until'] as const;

function toUser(r: Selectable<UserTable>): UserRecord {
  // Written only through createUser, which takes a Role.
  if (!isRole(r.role)) throw new Error(`user ${r.id} has an unknown role: ${r.role}`);
  return {
    id: r.id, name: r.name, role: r.role, areaId: r.area_id, placeId: r.place_id, createdAt: r.created_at, createdBy: r.created_by,
    disabledAt: r.disabled_at, failedSignins: r.failed_signins, lockedUntil: r.locked_until, hasPassword: r.password !== null,
  };
}

export async function createUser(db: Db, user: NewUser): Promise<Result<UserRecord, 'user-name-taken'>> {
  const made = await db.kysely.insertInto('users').values({
    id: user.id, name: user.name, role: user.role, area_id: user.areaId, place_id: user.placeId, password: user.password,
    created_at: user.createdAt, created_by: user.createdBy,
  }).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
  if (made.numInsertedOrUpdatedRows !== 1n) return err('user-name-taken');
  const stored = await getUser(db, user.id);
  if (!stored) throw new Error('a user vanished right after it was made');
  return ok(stored);
}

export async function getUser(db: Db, id: string): Promise<UserRecord | null> {
  const row = await db.kysely.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** The user of a sign-in name, with the password record only the sign-in compares. */
export async function getUserByName(db: Db, name: string): Promise<{ user: UserRecord; password: string | null } | null> {
  const row = await db.kysely.selectFrom('users').select(userColumns).where('name', '=', name).executeTakeFirst();
  return row ? { user: toUser(row), password: row.password } : null;
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  return (await db.kysely.selectFrom('users').select(userColumns).orderBy('name').execute()).map(toUser);
}

export async function editUser(db: Db, id: string, edit: UserEdit): Promise<UserRecord | null> {
  await db.kysely.updateTable('users').set({
    ...(edit.role !== undefined && { role: edit.role }), ...(edit.areaId !== undefined && { area_id: edit.areaId }),
    ...(edit.placeId !== undefined && { place_id: edit.placeId }), ...(edit.password !== undefined && { password: edit.password }),
    ...(edit.disabledAt !== undefined && { disabled_at: edit.disabledAt }),
  }).where('id', '=', id).execute();
  return getUser(db, id);
}

/** Counts a failed sign-in and locks the account until `lockedUntil` (null: not yet); the count is the caller's backoff. */
export async function recordSigninFailure(db: Db, id: string, lockedUntil: (failures: number) => string | null): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const row = await trx.updateTable('users').set((eb) => ({ failed_signins: eb('failed_signins', '+', 1) }))
      .where('id', '=', id).returning('failed_signins').executeTakeFirst();
    if (row) await trx.updateTable('users').set({ locked_until: lockedUntil(row.failed_signins) }).where('id', '=', id).execute();
  });
}

export async function recordSigninSuccess(db: Db, id: string): Promise<void> {
  await db.kysely.updateTable('users').set({ failed_signins: 0, locked_until: null }).where('id', '=', id).where('failed_signins', '>', 0).execute();
}

export async function createSession(db: Db, session: { tokenHash: string; userId: string; csrf: string; at: string; ip: string }): Promise<void> {
  await db.kysely.insertInto('sessions').values({
    token_hash: session.tokenHash, user_id: session.userId, csrf: session.csrf, created_at: session.at, seen_at: session.at, ip: session.ip,
  }).execute();
}

/**
 * The session of a cookie's hash and its user, if neither the session is idle past `idleMs` or older than `maxMs`, nor
 * the user disabled; an expired one is deleted. Marks it seen (once a minute).
 */
export async function sessionOf(db: Db, tokenHash: string, now: Date, idleMs: number, maxMs: number): Promise<SessionRecord | null> {
  const row = await db.kysely.selectFrom('sessions').select(['user_id', 'csrf', 'created_at', 'seen_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return null;
  const at = now.getTime();
  if (at - Date.parse(row.seen_at) > idleMs || at - Date.parse(row.created_at) > maxMs) {
    await db.kysely.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  const user = await getUser(db, row.user_id);
  if (!user || user.disabledAt !== null) return null;
  let seenAt = row.seen_at;
  if (at - Date.parse(row.seen_at) >= SEEN_RESOLUTION_MS) {
    seenAt = now.toISOString();
    await db.kysely.updateTable('sessions').set({ seen_at: seenAt }).where('token_hash', '=', tokenHash).execute();
  }
  return { user, csrf: row.csrf, createdAt: row.created_at, seenAt };
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Signs a user out everywhere; how many sessions ended. */
export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  const result = await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

type PasskeyRow = { credential_id: string; user_id: string; public_key: string; counter: number; transports: string[] | string; label: string; created_at: string; last_used_at: string | null };

const toPasskey = (r: PasskeyRow): PasskeyRecord => ({
  credentialId: r.credential_id, userId: r.user_id, publicKey: r.public_key, counter: r.counter, transports: readJson(r.transports),
  label: r.label, createdAt: r.created_at, lastUsedAt: r.last_used_at,
});

const passkeyColumns = ['credential_id', 'user_id', 'public_key', 'counter', 'transports', 'label', 'created_at', 'last_used_at'] as const;

export async function addPasskey(db: Db, p: PasskeyRecord): Promise<void> {
  await db.kysely.insertInto('passkeys').values({
    credential_id: p.credentialId, user_id: p.userId, public_key: p.publicKey, counter: p.counter, transports: JSON.stringify(p.transports),
    label: p.label, created_at: p.createdAt, last_used_at: p.lastUsedAt,
  }).execute();
}

export async function listPasskeys(db: Db, userId: string): Promise<PasskeyRecord[]> {
  return (await db.kysely.selectFrom('passkeys').select(passkeyColumns).where('user_id', '=', userId).orderBy('created_at').execute()).map(toPasskey);
}

export async function getPasskey(db: Db, credentialId: string): Promise<PasskeyRecord | null> {
  const row = await db.kysely.selectFrom('passkeys').select(passkeyColumns).where('credential_id', '=', credentialId).executeTakeFirst();
  return row ? toPasskey(row) : null;
}

export async function usePasskey(db: Db, credentialId: string, counter: number, at: string): Promise<void> {
  await db.kysely.updateTable('passkeys').set({ counter, last_used_at: at }).where('credential_id', '=', credentialId).execute();
}

export async function saveChallenge(db: Db, c: { challenge: string; purpose: ChallengePurpose; userId: string | null; expiresAt: string }): Promise<void> {
  // Expired ones go with each new one: the table holds only ceremonies under way.
  await db.kysely.deleteFrom('webauthn_challenges').where('expires_at', '<', new Date().toISOString()).execute();
  await db.kysely.insertInto('webauthn_challenges').values({ challenge: c.challenge, purpose: c.purpose, user_id: c.userId, expires_at: c.expiresAt }).execute();
}

/** Uses a challenge once: deleted as it is read, so a response can be checked against it only once, by one server process. */
export async function takeChallenge(db: Db, challenge: string, purpose: ChallengePurpose, now: string): Promise<{ userId: string | null } | null> {
  const row = await db.kysely.deleteFrom('webauthn_challenges').where('challenge', '=', challenge).where('purpose', '=', purpose)
    .returning(['user_id', 'expires_at']).executeTakeFirst();
  if (!row || row.expires_at <= now) return null;
  return { userId: row.user_id };
}
