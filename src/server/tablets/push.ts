/** Accepting a pushed batch: each entry checked on its own, the accepted ones stored in one transaction. */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { canonical } from '../../core/chain.ts';
import { followUpProblem } from '../../core/followUp.ts';
import { vehicleProblem } from '../../core/vehicle.ts';
import { commitmentText } from '../../core/personSeal.ts';
import { GENESIS_HASH, type Entry } from '../../core/entry.ts';
import { EARLIEST_ENTRY_TIME, ENTRY_TIME_AHEAD_MS } from '../../core/protocol.ts';
import type { PushResult } from '../../core/wire.ts';
import { unsealBatch, type Opened } from './sealing.ts';
import type { ChainLink, ChainStorage, Device, EntryConflict, ReceivedEntry, RetainedLink, Storage } from '../storage/storage.ts';
import type { AlertHub } from '../console/alertHub.ts';
import { raiseAlerts } from '../console/alerts.ts';
import { flagDoubleEntries } from '../places/doubleEntries.ts';
import { firstError } from '../http/ajvErrors.ts';
import { entryValidator } from '../http/validation.ts';
import { malformedTextPath } from '../http/wellFormedText.ts';

type Refusal = {
  reason: 'entry-schema' | 'entry-sealed' | 'entry-device' | 'entry-checkpoint' | 'text-malformed' | 'entry-time' | 'entry-hash' | 'entry-link' | 'entry-conflict';
  detail: string;
};

const EARLIEST_MS = Date.parse(EARLIEST_ENTRY_TIME);

/**
 * Whether an entry's time is one the log can hold: a real instant (not a leap second's 23:59:60, which the format allows
 * but no tablet clock makes, and which would be stored with no instant and fall out of every time query) between the
 * epidemic's start and a day after the server's clock. Refused, not stored with a flag: a year-9999 or 1999 entry would
 * land in the wrong day's figures and in no retention window; refused, it stays on the tablet, shown to the lead.
 */
export function timeProblem(at: string, now: Date): string | null {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return `at ${at} is not an instant (a leap second, or a form this server does not read)`;
  if (ms < EARLIEST_MS) return `at ${at} is before ${EARLIEST_ENTRY_TIME}: the tablet's clock is wrong`;
  if (ms > now.getTime() + ENTRY_TIME_AHEAD_MS) return `at ${at} is more than a day after the server's time ${now.toISOString()}: the tablet's clock is wrong`;
  return null;
}

const refused = (index: number, seq: number | null, r: Refusal): PushResult => ({ index, seq, status: 'refused', reason: r.reason, detail: r.detail });

/** The seq of whatever was sent, if it is readable, so the tablet can find the entry even when refused. */
function readableSeq(raw: unknown): number | null {
  const seq = typeof raw === 'object' && raw !== null ? (raw as { seq?: unknown }).seq : undefined;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1 ? seq : null;
}

/**
 * The same hash as core's entryHash, computed synchronously: WebCrypto's digest is a thread-pool job and a
 * promise per call, which made hashing a third of a 500-entry push; node:crypto on a short string is a few µs.
 */
const entryHashNow = (entry: Entry): string => createHash('sha256').update(canonical(entry)).digest('hex');

/**
 * An entry that commits to its person (v2, core/chain.ts) is hashed over the commitment, not the person: the server
 * must see that the person the box held is the one committed to, or it would store a person the chain never covered.
 */
function commitmentProblem(entry: Entry, personSalt: string | null): string | null {
  if (entry.personCommit === undefined) return null; // v1: the hash covers the person itself
  if (entry.personCommit === null) return entry.personId === null && entry.name === null ? null : `entry ${entry.seq} names a person it does not commit to`;
  if (personSalt === null) return `entry ${entry.seq} commits to a person but did not bring it sealed with its salt`;
  const made = createHash('sha256').update(commitmentText(personSalt, entry)).digest('hex');
  return made === entry.personCommit ? null : `the sealed person of entry ${entry.seq} is not the one its hash commits to`;
}

/** Checks that need only the entry (as opened), the device and the server's clock. */
function checkAlone({ entry: raw, personSalt }: Opened, device: Device, now: Date): Entry | Refusal {
  const validate = entryValidator();
  if (!validate(raw)) return { reason: 'entry-schema', detail: firstError(validate.errors) };
  const entry = raw;
  const badFollowUp = followUpProblem(entry);
  if (badFollowUp !== null) return { reason: 'entry-schema', detail: badFollowUp };
  const badVehicle = vehicleProblem(entry);
  if (badVehicle !== null) return { reason: 'entry-schema', detail: badVehicle };
  if (entry.deviceId !== device.id) return { reason: 'entry-device', detail: `deviceId ${entry.deviceId} is not this tablet (${device.id})` };
  if (entry.checkpointId !== device.checkpointId) {
    return { reason: 'entry-checkpoint', detail: `checkpointId ${entry.checkpointId} is not this tablet's checkpoint (${device.checkpointId})` };
  }
  // After opening: a sealed entry's name is only seen here. Half a surrogate pair would be stored as U+FFFD and the
  // entry would no longer verify against its hash when read back.
  const malformed = malformedTextPath(entry, [], '');
  if (malformed !== null) return { reason: 'text-malformed', detail: `${malformed} of entry ${entry.seq} is not well-formed text` };
  const late = timeProblem(entry.at, now);
  if (late !== null) return { reason: 'entry-time', detail: late };
  const uncommitted = commitmentProblem(entry, personSalt);
  if (uncommitted !== null) return { reason: 'entry-sealed', detail: uncommitted };
  if (entry.hash !== entryHashNow(entry)) return { reason: 'entry-hash', detail: `the hash of entry ${entry.seq} does not match its fields` };
  return entry;
}

/** Checks against the neighbours already stored or accepted earlier in this batch. */
function checkLinks(entry: Entry, stored: Map<number, ChainLink>, accepted: Map<number, Entry>): Refusal | null {
  const twin = stored.get(entry.seq) ?? accepted.get(entry.seq);
  if (twin) {
    // The same entry again is a duplicate, settled by the insert; a different one can never be stored.
    return twin.hash === entry.hash ? null : { reason: 'entry-conflict', detail: `another entry with seq ${entry.seq} is already stored or in this batch` };
  }
  if (entry.seq === 1 && entry.prevHash !== GENESIS_HASH) return { reason: 'entry-link', detail: 'entry 1 must carry the genesis prevHash' };
  const before = stored.get(entry.seq - 1) ?? accepted.get(entry.seq - 1);
  if (before && before.hash !== entry.prevHash) return { reason: 'entry-link', detail: `prevHash is not the hash of entry ${entry.seq - 1}` };
  const after = stored.get(entry.seq + 1) ?? accepted.get(entry.seq + 1);
  if (after && after.prevHash !== entry.hash) return { reason: 'entry-link', detail: `entry ${entry.seq + 1} does not link to this entry` };
  return null;
}

/**
 * An entry at or below the newest link retention deleted that is no longer stored: the server held it (or a neighbour as
 * old) and deleted it with the log past its retention. Acknowledged as a duplicate, so the tablet marks it synced, and
 * never stored again: it would be counted a second time in the roll-ups and deleted again within the hour. At the kept
 * link itself the hash is known, so a different entry there is still a conflict; below it nothing of the deleted
 * entries is left to compare with (what is past the retention no longer matters to anyone).
 */
function pastRetention(entry: Entry, retained: RetainedLink | null): 'duplicate' | Refusal {
  if (retained !== null && entry.seq === retained.seq && entry.hash !== retained.hash) {
    return { reason: 'entry-conflict', detail: `another entry with seq ${entry.seq} was stored (and deleted since by the server's retention)` };
  }
  return 'duplicate';
}

/** Where a push says that a device's seq came twice: one warning line per conflicting entry. */
export type PushLog = Pick<FastifyBaseLogger, 'warn'>;

/**
 * A tablet never uses a seq twice (it is assigned in the entry's own transaction): another entry at a seq already taken
 * was made by another holder of the token (a copy), or by a tablet restored from a backup. Either way the operator must
 * know: each is kept as sent, logged with both hashes, and flags the device in `kadian devices`.
 */
async function keepConflicts(storage: ChainStorage, log: PushLog, device: Device, found: ReadonlyArray<{ entry: ReceivedEntry; storedHash: string | null }>, now: Date): Promise<void> {
  if (found.length === 0) return;
  const receivedAt = now.toISOString();
  for (const { entry, storedHash } of found) {
    log.warn({ deviceId: device.id, checkpointId: device.checkpointId, seq: entry.seq, storedHash, pushedHash: entry.hash },
      'entry-conflict: this device already used this seq for another entry (possible copied token)');
  }
  // Kept as the tablet's entry (the person opened, as the server keeps every entry), without the push's bookkeeping.
  const conflicts: EntryConflict[] = found.map(({ entry: { personSalt: _salt, ...entry } }) => ({
    checkpointId: device.checkpointId, deviceId: device.id, seq: entry.seq, hash: entry.hash, receivedAt, entry,
  }));
  await storage.recordEntryConflicts(conflicts);
}

/**
 * The tail of each device's running push in this process. Not what keeps the chain whole (Storage.withChain does, in the
 * database, across processes): it saves a push that would only wait at the device's lock from holding a pooled
 * connection meanwhile, and it is all SQLite needs.
 */
const pushing = new Map<string, Promise<unknown>>();

/**
 * One result per pushed entry, in batch order; a refused entry never stops the ones behind it.
 * Pushes of one device run one after another (two tabs, a retry overtaking a slow request, two server processes), so
 * no two batches both pass their link checks against a chain that the other is about to extend.
 * `alerts`: where the console alerts this push makes are announced (none: they are only stored).
 */
export function acceptPush(storage: Storage, device: Device, batch: readonly unknown[], now: Date, log: PushLog, alerts: AlertHub | null = null): Promise<PushResult[]> {
  const before = pushing.get(device.id) ?? Promise.resolve();
  const run = before.then(() => acceptInOrder(storage, device, batch, now, log, alerts));
  const tail = run.catch(() => undefined);
  pushing.set(device.id, tail);
  void tail.then(() => {
    if (pushing.get(device.id) === tail) pushing.delete(device.id);
  });
  return run;
}

/**
 * Checks the candidates against their stored neighbours, inserts the accepted ones and keeps the conflicts, filling in
 * `results`; gives back the entries the server now holds (stored now or before), for the alerts and double entries.
 */
async function checkAndInsert(
  chain: ChainStorage, log: PushLog, device: Device, candidates: ReadonlyArray<{ index: number; entry: ReceivedEntry }>,
  results: Array<PushResult | undefined>, now: Date,
): Promise<ReceivedEntry[]> {
  const seqs = new Set<number>();
  for (const { entry } of candidates) for (const s of [entry.seq - 1, entry.seq, entry.seq + 1]) if (s >= 1) seqs.add(s);
  const stored = await chain.getLinks(device.checkpointId, device.id, [...seqs]);
  // The newest link retention deleted stands in for its entry: the next entries are checked against it as if stored.
  const retained = device.retained && !stored.has(device.retained.seq) ? device.retained : null;
  const below = retained === null ? 0 : retained.seq;
  if (retained) stored.set(retained.seq, { hash: retained.hash, prevHash: retained.prevHash });

  const accepted = new Map<number, Entry>();
  const toInsert: Array<{ index: number; entry: ReceivedEntry }> = [];
  const conflicts: Array<{ entry: ReceivedEntry; storedHash: string | null }> = [];
  for (const { index, entry } of candidates) {
    if (entry.seq <= below && (entry.seq === below || !stored.has(entry.seq))) {
      const gone = pastRetention(entry, retained);
      if (gone === 'duplicate') results[index] = { index, seq: entry.seq, status: 'duplicate' };
      else {
        results[index] = refused(index, entry.seq, gone);
        conflicts.push({ entry, storedHash: retained?.hash ?? null });
      }
      continue;
    }
    const problem = checkLinks(entry, stored, accepted);
    if (problem) {
      results[index] = refused(index, entry.seq, problem);
      if (problem.reason === 'entry-conflict') conflicts.push({ entry, storedHash: (stored.get(entry.seq) ?? accepted.get(entry.seq))?.hash ?? null });
      continue;
    }
    accepted.set(entry.seq, entry);
    toInsert.push({ index, entry });
  }

  const outcomes = await chain.insertEntries(toInsert.map((c) => c.entry), now.toISOString());
  const held: ReceivedEntry[] = [];
  toInsert.forEach(({ index, entry }, i) => {
    const outcome = outcomes[i];
    if (outcome === 'stored' || outcome === 'duplicate') {
      results[index] = { index, seq: entry.seq, status: outcome };
      held.push(entry);
      return;
    }
    // Stored between this push's link check and its insert by a writer that does not hold the chain (every push holds
    // it; this is the insert's own guard): the hash it holds was not read.
    results[index] = refused(index, entry.seq, { reason: 'entry-conflict', detail: `another entry with seq ${entry.seq} is already stored` });
    conflicts.push({ entry, storedHash: null });
  });
  await keepConflicts(chain, log, device, conflicts, now);
  return held;
}

async function acceptInOrder(storage: Storage, device: Device, batch: readonly unknown[], now: Date, log: PushLog, alerts: AlertHub | null): Promise<PushResult[]> {
  const results: Array<PushResult | undefined> = new Array<PushResult | undefined>(batch.length);
  const candidates: Array<{ index: number; entry: ReceivedEntry }> = [];
  const opened = await unsealBatch(storage, device.checkpointId, batch);
  for (const [index, raw] of batch.entries()) {
    const plain = opened[index]!;
    if (!plain.ok) {
      results[index] = refused(index, readableSeq(raw), { reason: 'entry-sealed', detail: `the sealed ID number and name cannot be opened (${plain.error})` });
      continue;
    }
    const checked = checkAlone(plain.value, device, now);
    if ('reason' in checked) results[index] = refused(index, readableSeq(raw), checked);
    else candidates.push({ index, entry: { ...checked, personSalt: plain.value.personSalt } });
  }

  // The link check, the insert and the conflicts' record hold the device's chain: in the database on PostgreSQL.
  const held = candidates.length === 0 ? [] : await storage.withChain(device.id, (chain) => checkAndInsert(chain, log, device, candidates, results, now));
  // After the insert, never before: an alert names an entry the server holds. Before the answer: a failure here fails
  // the push, the tablet sends the batch again, and its duplicates make the alerts missed.
  await raiseAlerts(storage, alerts, held, now.toISOString());
  await flagDoubleEntries(storage, held, now);
  return results.map((r, index) => r ?? refused(index, null, { reason: 'entry-schema', detail: 'not processed' }));
}
