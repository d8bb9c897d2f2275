/** The uploader: sends waiting entries in batches until none wait, one at a time (Web Locks); it runs in a worker, never on the page's main thread. */
import type { Entry } from '../core/entry.ts';
import { heldKeyPersonRevision, mergeKeyPersons } from '../core/keyPersonDeltas.ts';
import { isLegacyList } from '../core/keyPersonLookup.ts';
import { mergeRevocations } from '../core/revocations.ts';
import type { RevocationListWire } from '../core/wire.ts';
import type { SealedPerson } from '../core/personSeal.ts';
import { MAX_BATCH } from '../core/protocol.ts';
import { loadDevice, saveDevice, type Device } from '../store/device.ts';
import { markResults, pendingBatch, pendingCount } from '../store/log.ts';
import { retentionCutoff, wipeSynced } from '../store/retention.ts';
import type { StoredEntry } from '../store/db.ts';
import { CONFIG_HELD, pullConfig, pushEntries, type CallError } from './api.ts';
import { refreshPlaceCount } from './placePoll.ts';
import { sendPending } from './pendingChanges.ts';
import { acknowledgementsOf, smallerBatch } from './batches.ts';
import { recordAttempt } from '../store/syncStatus.ts';
import { SYNC_LOCK, type SyncRun } from './syncLock.ts';

/** An entry whose ID number and name travel sealed in place of `personId` and `name`. */
type PushedSealedEntry = Omit<Entry, 'personId' | 'name'> & { sealed: SealedPerson };

/**
 * The operator revoked this tablet (lost, or taken out of service): what the server has is wiped now, and the tablet stops
 * scanning and syncing. Entries the server never got stay, sealed, in the lead's log and export.
 */
async function withdraw(device: Device): Promise<void> {
  await wipeSynced(device.deviceId, null);
  const latest = (await loadDevice()) ?? device;
  await saveDevice({ ...latest, revokedAt: new Date().toISOString() });
}

/** The message key a failed call is shown as. */
export function callErrorKey(e: CallError): string {
  return e.kind === 'server' ? e.error : e.kind === 'timeout' ? 'sync-timeout' : 'sync-offline';
}

/** Only the wire fields: local bookkeeping never leaves the tablet; a sealed person goes sealed, for the server to open. */
function toWire({ syncState: _s, refusedReason: _r, sealed, ...entry }: StoredEntry): Entry | PushedSealedEntry {
  if (!sealed) return entry;
  const { personId: _p, name: _n, ...rest } = entry;
  return { ...rest, sealed };
}

/** Batches a proxy on the way refused as too large (413) stay smaller for the page's life: the proxy will not change. */
let batchLimit = MAX_BATCH;

async function pushAll(device: Device): Promise<CallError | null> {
  for (;;) {
    const batch = await pendingBatch(device.deviceId, batchLimit);
    if (batch.length === 0) return null;
    const waiting = (await pendingCount(device.deviceId)) - batch.length;
    const reply = await pushEntries(device.token, { entries: batch.map(toWire), waiting });
    if (!reply.ok) {
      const smaller = smallerBatch(batch.length, reply.error);
      if (smaller === null) return reply.error;
      batchLimit = smaller;
      continue;
    }
    const acks = acknowledgementsOf(batch.map((e) => e.seq), reply.value);
    if (!acks.ok) return acks.error;
    await markResults(device.deviceId, acks.value, reply.value.place);
  }
}

/** The revocations the device holds after a pull that answered `pulled`: a delta merged, a full list as it came. */
function revocationsAfter(held: Device['config'], pulled: RevocationListWire | undefined): RevocationListWire | undefined {
  if (!pulled) return held.revocations;
  return mergeRevocations(held.revocations, pulled, Date.now()) ?? undefined;
}

async function refreshConfig(): Promise<CallError | null> {
  const device = await loadDevice();
  if (!device) return null;
  // A list of the format before (kept from an older app) is replaced at once: the version alone may say "unchanged".
  const since = isLegacyList(device.config.keyPersons) ? 0 : device.config.version;
  // A key-person delta that does not follow the list held is asked again at once without the revision: the whole list.
  for (const keyPersonRevision of [heldKeyPersonRevision(device.config.keyPersons), undefined]) {
    const reply = await pullConfig(device.token, since, device.config.revocations?.revision, keyPersonRevision);
    if (!reply.ok) return reply.error;
    const now = new Date().toISOString();
    if (reply.value === CONFIG_HELD) {
      await saveDevice({ ...device, configAt: now });
      return null;
    }
    // Revocations change with residents' colours, not with the version: an unchanged config may still bring some.
    const revocations = revocationsAfter(device.config, reply.value.revocations);
    if ('unchanged' in reply.value) {
      await saveDevice({ ...device, config: { ...device.config, revocations }, configAt: now });
      return null;
    }
    const keyPersons = mergeKeyPersons(device.config.keyPersons, reply.value.keyPersons);
    if (keyPersons === null) continue;
    await saveDevice({ ...device, config: { ...reply.value, keyPersons, revocations }, configAt: now });
    return null;
  }
  return null;
}

/** One full sync (push everything waiting, then pull the config and the place's count), unless another tab is at it. */
export async function syncOnce(): Promise<SyncRun> {
  const run = await syncLocked();
  // The count is a help, not part of the sync: it needs no lock and the next push never waits on it (a slow GET held the
  // scheduler's loop); a server from before counts answers 404, and the gate counts on its own.
  if (run === 'done') void loadDevice().then((device) => (device ? refreshPlaceCount(device.token) : false)).catch(() => false);
  return run;
}

async function syncLocked(): Promise<SyncRun> {
  return navigator.locks.request(SYNC_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return 'busy';
    const device = await loadDevice();
    if (!device) return 'not-enrolled';
    if (device.revokedAt) return 'revoked';
    const failure = (await pushAll(device)) ?? (await sendPending(device)) ?? (await refreshConfig());
    await recordAttempt(failure ? callErrorKey(failure) : null);
    if (failure?.kind === 'server' && failure.error === 'device-revoked') {
      await withdraw(device);
      return 'revoked';
    }
    if (!failure) await wipeSynced(device.deviceId, retentionCutoff(device.config.policy.retentionDays));
    return failure ? 'failed' : 'done';
  });
}
