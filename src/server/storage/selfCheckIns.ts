/**
 * Self check-in at a place's poster (issue #20, migration 019): each place's server-owned checkpoint and device, its
 * poster withdrawn or open, and the one append to its chain: exactly once per phone-made id, serialised per place.
 */
import type { Kysely } from 'kysely';
import { isColour, type Entry } from '../../core/entry.ts';
import { DEFAULT_POLICY } from '../../core/policy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Db } from './db.ts';
import { insertEntries } from './entryInsert.ts';
import { sql } from './kysely.ts';
import { DEFAULT_SERVER_RETENTION_DAYS } from './retention.ts';
import type { Database } from './schema.ts';
import { SELF_TOKEN_PREFIX, type NewSelfPassage, type SelfPassageError, type SelfPlace, type StoredSelfPassage } from './selfCheckInTypes.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The checkpoint's name as the console, the exports and the traces show it. */
export const SELF_CHECKPOINT_NAME = '扫码自助登记';

/**
 * The ids of a place's self check-in checkpoint and device: `self-<placeId>` while that fits the 64 characters of an id,
 * else a digest of the place id (`digest`: SHA-256 hex, given by the caller; storage hashes nothing).
 */
export function selfIds(placeId: string, digest: string): { checkpointId: string; deviceId: string } {
  const id = placeId.length <= 59 ? `self-${placeId}` : `self-${digest.slice(0, 32)}`;
  return { checkpointId: id, deviceId: id };
}

/**
 * Never the SHA-256 of a token (those are 64 hex digits), so no token authenticates as the place's device: only this
 * server appends to its chain.
 */
const tokenHashOf = (placeId: string): string => `${SELF_TOKEN_PREFIX}${placeId}`;

async function readSelfPlace(on: Kysely<Database>, placeId: string): Promise<SelfPlace | null> {
  const row = await on.selectFrom('self_places as s').innerJoin('places as p', 'p.id', 's.place_id')
    .select(['s.place_id', 'p.name', 's.checkpoint_id', 's.device_id', 's.withdrawn_at'])
    .where('s.place_id', '=', placeId).executeTakeFirst();
  return row ? { placeId: row.place_id, placeName: row.name, checkpointId: row.checkpoint_id, deviceId: row.device_id, withdrawnAt: row.withdrawn_at } : null;
}

/** The place's self check-in, made at the first poster or passage (null: no such place). */
export async function ensureSelfPlace(db: Db, placeId: string, ids: { checkpointId: string; deviceId: string }, now: string): Promise<SelfPlace | null> {
  const known = await readSelfPlace(db.kysely, placeId);
  if (known) return known;
  return db.kysely.transaction().execute(async (trx) => {
    const place = await trx.selectFrom('places').select('id').where('id', '=', placeId).executeTakeFirst();
    if (!place) return null;
    // Two servers making it at once: the second's inserts do nothing, and both read the one row.
    await trx.insertInto('checkpoints').values({
      id: ids.checkpointId, place_id: placeId, name: SELF_CHECKPOINT_NAME, code: null, config_version: 1, policy: JSON.stringify({ ...DEFAULT_POLICY, capacity: null }),
    }).onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto('devices').values({
      id: ids.deviceId, checkpoint_id: ids.checkpointId, token_hash: tokenHashOf(placeId), label: SELF_CHECKPOINT_NAME, enrolled_at: now,
      revoked_at: null, last_seen_at: null, waiting: null,
    }).onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto('self_places').values({ place_id: placeId, checkpoint_id: ids.checkpointId, device_id: ids.deviceId, created_at: now, withdrawn_at: null, withdrawn_by: null })
      .onConflict((oc) => oc.doNothing()).execute();
    const made = await readSelfPlace(trx, placeId);
    if (!made || made.checkpointId !== ids.checkpointId) throw new Error(`the self check-in checkpoint ${ids.checkpointId} is taken by another place`);
    return made;
  });
}

/** The place's self check-in as it stands; null: none made yet (or no such place). */
export const selfPlace = (db: Db, placeId: string): Promise<SelfPlace | null> => readSelfPlace(db.kysely, placeId);

/** Withdraws the poster (`by` then) or opens it again (null); false: the place has no self check-in. */
export async function setPosterWithdrawn(db: Db, placeId: string, withdrawn: { at: string; by: string } | null): Promise<boolean> {
  const result = await db.kysely.updateTable('self_places').set({ withdrawn_at: withdrawn?.at ?? null, withdrawn_by: withdrawn?.by ?? null })
    .where('place_id', '=', placeId).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Of these places, the ones whose poster is withdrawn. */
export async function withdrawnPosters(db: Db, placeIds: readonly string[]): Promise<string[]> {
  if (placeIds.length === 0) return [];
  const rows = await db.kysely.selectFrom('self_places').select('place_id').where('place_id', 'in', placeIds).where('withdrawn_at', 'is not', null).execute();
  return rows.map((r) => r.place_id);
}

/** Thrown inside the transaction to undo the hour's count, turned back into the error outside it. */
class Refused extends Error {
  constructor(readonly reason: SelfPassageError) {
    super(reason);
  }
}

/**
 * Appends one passage to the place's chain, in one transaction: the place's row read (PostgreSQL: FOR UPDATE, so two
 * servers append to one place's chain in turn; SQLite: the IMMEDIATE transaction holds the file's one writer), an earlier
 * passage with the same id answered as it was, the phone's hour counted, the head read, the entry sealed on it and stored
 * through the push's own insert (roll-ups and all), the passage recorded. Nothing of it is kept unless all of it is.
 */
export async function appendSelfPassage(db: Db, self: SelfPlace, p: NewSelfPassage): Promise<Result<StoredSelfPassage, SelfPassageError>> {
  try {
    return ok(await db.kysely.transaction().execute((trx) => appendIn(db, trx, self, p)));
  } catch (failure) {
    if (failure instanceof Refused) return err(failure.reason);
    throw failure;
  }
}

async function appendIn(db: Db, trx: Kysely<Database>, self: SelfPlace, p: NewSelfPassage): Promise<StoredSelfPassage> {
  const lock = trx.selectFrom('self_places').select(['withdrawn_at']).where('place_id', '=', self.placeId);
  const place = await (db.dialect === 'postgres' ? lock.forUpdate() : lock).executeTakeFirst();
  if (!place || place.withdrawn_at !== null) throw new Refused('place-withdrawn');

  // The place's lock does not serialise one id sent to two places at once: without this, PostgreSQL would let both miss
  // the other's uncommitted passage and the second fail on the key (SQLite's one writer already takes them in turn).
  if (db.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`kadian:self-passage:${p.clientId}`}, 0))`.execute(trx);
  const earlier = await trx.selectFrom('self_passages').selectAll().where('client_id', '=', p.clientId).executeTakeFirst();
  if (earlier) {
    if (earlier.phone_key !== p.phoneKey || earlier.place_id !== self.placeId) throw new Refused('self-passage-conflict');
    const entry = await entryAt(trx, earlier.checkpoint_id, earlier.device_id, Number(earlier.seq));
    return {
      clientId: earlier.client_id, placeId: self.placeId, placeName: self.placeName, direction: earlier.direction === 'out' ? 'out' : 'in', at: earlier.at,
      receivedAt: earlier.received_at, outcome: earlier.outcome === 'see-staff' ? 'see-staff' : 'recorded', reasons: JSON.parse(earlier.reasons) as string[],
      entry, stored: false,
    };
  }

  const nowMs = p.receivedAt.getTime();
  const hour = Math.floor(nowMs / HOUR_MS);
  const counted = await trx.insertInto('self_passage_hours').values({ phone_key: p.phoneKey, hour, passages: 1 })
    .onConflict((oc) => oc.columns(['phone_key', 'hour']).doUpdateSet((eb) => ({ passages: eb('self_passage_hours.passages', '+', 1) })))
    .returning('passages').executeTakeFirstOrThrow();
  if (counted.passages > p.maxPerHour) throw new Refused('self-passages-hourly');

  const head = await chainHead(trx, self);
  const { entry, outcome, reasons } = p.seal(head);
  const receivedAt = p.receivedAt.toISOString();
  const [result] = await insertEntries(db, [entry], receivedAt, { within: trx });
  // Under the place's lock the head cannot move: anything but stored is a fault of this server, never a phone's.
  if (result !== 'stored') throw new Error(`the self check-in chain of ${self.placeId} did not take seq ${entry.seq} (${result})`);
  await trx.insertInto('self_passages').values({
    client_id: p.clientId, phone_key: p.phoneKey, place_id: self.placeId, checkpoint_id: self.checkpointId, device_id: self.deviceId, seq: entry.seq,
    direction: entry.direction, at: entry.at, received_at: receivedAt, received_ms: nowMs, outcome, reasons: JSON.stringify(reasons), phone: p.phone,
  }).execute();
  await prune(trx, nowMs);
  return { clientId: p.clientId, placeId: self.placeId, placeName: self.placeName, direction: entry.direction, at: entry.at, receivedAt, outcome, reasons, entry, stored: true };
}

/** The chain's last link: the newest stored entry, or the newest link retention deleted when it deleted them all. */
async function chainHead(trx: Kysely<Database>, self: SelfPlace): Promise<{ seq: number; hash: string } | null> {
  const last = await trx.selectFrom('entries').select(['seq', 'hash'])
    .where('checkpoint_id', '=', self.checkpointId).where('device_id', '=', self.deviceId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const device = await trx.selectFrom('devices').select(['retained_seq', 'retained_hash']).where('id', '=', self.deviceId).executeTakeFirst();
  const retained = device?.retained_seq != null && device.retained_hash !== null ? { seq: Number(device.retained_seq), hash: device.retained_hash } : null;
  const stored = last ? { seq: Number(last.seq), hash: last.hash } : null;
  if (!stored) return retained;
  return retained && retained.seq > stored.seq ? retained : stored;
}

async function entryAt(trx: Kysely<Database>, checkpointId: string, deviceId: string, seq: number): Promise<Entry> {
  const r = await trx.selectFrom('entries').selectAll().where('checkpoint_id', '=', checkpointId).where('device_id', '=', deviceId).where('seq', '=', seq)
    .executeTakeFirstOrThrow();
  return {
    id: r.id, deviceId: r.device_id, seq: Number(r.seq), checkpointId: r.checkpoint_id, at: r.at, direction: r.direction === 'out' ? 'out' : 'in',
    source: 'self', personId: r.person_id, name: r.name, colour: isColour(r.colour) ? r.colour : null,
    temperature: r.temperature, verdict: r.verdict === 'check' ? 'check' : r.verdict === 'stop' ? 'stop' : 'pass',
    reasons: typeof r.reasons === 'string' ? (JSON.parse(r.reasons) as string[]) : r.reasons, operator: r.operator,
    ...(r.person_commit !== null && { personCommit: r.person_commit }), prevHash: r.prev_hash, hash: r.hash,
  };
}

/**
 * Hours past are no longer counted against anyone; a passage's record (and the short form's number) goes when the log's
 * retention would have taken its entry: a retry that late has nothing left to be a duplicate of.
 */
async function prune(trx: Kysely<Database>, nowMs: number): Promise<void> {
  await trx.deleteFrom('self_passage_hours').where('hour', '<', Math.floor(nowMs / HOUR_MS) - 1).execute();
  const settings = await trx.selectFrom('server_settings').select('retention_days').where('id', '=', 1).executeTakeFirst();
  await trx.deleteFrom('self_passages').where('received_ms', '<', nowMs - (settings?.retention_days ?? DEFAULT_SERVER_RETENTION_DAYS) * DAY_MS).execute();
}

