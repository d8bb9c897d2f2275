/** Tablets: enrolment codes, enrolment, the token check on every request, the bookkeeping of what each last said, revocation. */
import type { Selectable } from 'kysely';
import { err, ok, type Result } from '../../core/result.ts';
import { bookkeeping, compiledOnce, noFlushWait, type Db } from './db.ts';
import type { DeviceTable } from './schema.ts';
import type { Device, RedeemError, RedeemRequest } from './storage.ts';

/**
 * A device's last_seen_at is written at most once a minute: every push authenticates, and a write (an fsync on
 * SQLite) per push only to move "last seen" by a few seconds cost more than storing the batch.
 */
export const SEEN_RESOLUTION_MS = 60_000;

/** Whether `seenAt` is worth writing over the stored `lastSeenAt`. */
export const seenIsStale = (lastSeenAt: string | null, seenAt: string): boolean =>
  lastSeenAt === null || !(Date.parse(seenAt) - Date.parse(lastSeenAt) < SEEN_RESOLUTION_MS);

type DeviceRow = Pick<Selectable<DeviceTable>, 'id' | 'checkpoint_id' | 'label' | 'enrolled_at' | 'last_seen_at' | 'waiting' | 'retained_seq' | 'retained_hash' | 'retained_prev_hash'>;

const toDevice = (row: DeviceRow): Device => ({
  id: row.id, checkpointId: row.checkpoint_id, label: row.label, enrolledAt: row.enrolled_at, lastSeenAt: row.last_seen_at, waiting: row.waiting,
  ...(row.retained_seq !== null && row.retained_hash !== null && row.retained_prev_hash !== null
    && { retained: { seq: Number(row.retained_seq), hash: row.retained_hash, prevHash: row.retained_prev_hash } }),
});

export async function createEnrolmentCode(db: Db, code: { codeHash: string; checkpointId: string; createdAt: string; expiresAt: string }): Promise<void> {
  await db.kysely.insertInto('enrolment_codes')
    .values({ code_hash: code.codeHash, checkpoint_id: code.checkpointId, created_at: code.createdAt, expires_at: code.expiresAt })
    .execute();
}

/**
 * The code is marked used only while it is unused: of two servers (or a server and the CLI) redeeming one code at once,
 * the second's update finds it used (on PostgreSQL after waiting for the first's row lock; on SQLite IMMEDIATE makes
 * them take turns), and that transaction creates no device.
 */
export async function redeemEnrolmentCode(db: Db, { codeHash, now, device }: RedeemRequest): Promise<Result<Device, RedeemError>> {
  return db.kysely.transaction().execute(async (trx): Promise<Result<Device, RedeemError>> => {
    const code = await trx.selectFrom('enrolment_codes').select(['checkpoint_id', 'expires_at', 'used_at', 'revoked_at'])
      .where('code_hash', '=', codeHash).executeTakeFirst();
    if (!code) return err('enrol-code-invalid');
    if (code.revoked_at !== null) return err('enrol-code-revoked');
    if (code.used_at !== null) return err('enrol-code-used');
    if (Date.parse(code.expires_at) <= Date.parse(now)) return err('enrol-code-expired');
    const used = await trx.updateTable('enrolment_codes').set({ used_at: now })
      .where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
    if (used.numUpdatedRows !== 1n) return err('enrol-code-used');
    await trx.insertInto('devices')
      .values({ id: device.id, checkpoint_id: code.checkpoint_id, token_hash: device.tokenHash, label: device.label, enrolled_at: now })
      .execute();
    return ok({ id: device.id, checkpointId: code.checkpoint_id, label: device.label, enrolledAt: now, lastSeenAt: null, waiting: null });
  });
}

// The link retention kept comes with the device the push authenticates anyway: the push checks against it at no extra query.
const deviceByToken = compiledOnce((db, tokenHash: string) => db.kysely.selectFrom('devices')
  .select(['id', 'checkpoint_id', 'label', 'enrolled_at', 'last_seen_at', 'waiting', 'retained_seq', 'retained_hash', 'retained_prev_hash'])
  .where('token_hash', '=', tokenHash).where('revoked_at', 'is', null));

// Revoked meanwhile: the write finds nothing.
const seen = compiledOnce((db, id: string, seenAt: string) => db.kysely.updateTable('devices').set({ last_seen_at: seenAt })
  .where('id', '=', id).where('revoked_at', 'is', null).where(noFlushWait(db)));

// No change, no write: a tablet that keeps up sends waiting 0 push after push.
const waitingNow = compiledOnce((db, id: string, waiting: number) => db.kysely.updateTable('devices').set({ waiting })
  .where('id', '=', id).where('waiting', 'is distinct from', waiting).where(noFlushWait(db)));

export async function authenticateDevice(db: Db, tokenHash: string, seenAt: string): Promise<Device | null> {
  const [row] = (await deviceByToken(db, [tokenHash])).rows;
  if (!row) return null;
  // A read on most pushes; the write once a minute per device.
  if (seenIsStale(row.last_seen_at, seenAt)) {
    await bookkeeping(db, (on) => seen(db, [row.id, seenAt], on));
    row.last_seen_at = seenAt;
  }
  return toDevice(row);
}

export async function recordWaiting(db: Db, deviceId: string, waiting: number): Promise<void> {
  await bookkeeping(db, (on) => waitingNow(db, [deviceId, waiting], on));
}

export async function revokeDevice(db: Db, deviceId: string, revokedAt: string): Promise<boolean> {
  const result = await db.kysely.updateTable('devices').set({ revoked_at: revokedAt })
    .where('id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** A new label (or none); false for an unknown device. A revoked one may be relabelled: the label is the operator's note. */
export async function labelDevice(db: Db, deviceId: string, label: string | null): Promise<boolean> {
  const result = await db.kysely.updateTable('devices').set({ label }).where('id', '=', deviceId).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function revokedDeviceOf(db: Db, tokenHash: string): Promise<string | null> {
  const row = await db.kysely.selectFrom('devices').select('id')
    .where('token_hash', '=', tokenHash).where('revoked_at', 'is not', null).executeTakeFirst();
  return row?.id ?? null;
}
