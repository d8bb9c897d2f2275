/** A checkpoint's config as a tablet pulls it: policy, trust list, lead PIN and key persons, under one growing version. */
import { KEY_PERSON_FORMAT } from '../../core/protocol.ts';
import type { Config, ConfigUnchanged } from '../../core/wire.ts';
import { expireEndedArrivals } from '../arrivals/listing.ts';
import { ApiFailure } from '../http/errors.ts';
import { currentTrust } from '../issuer/trust.ts';
import { keyPersonDerivation } from './keyPersonDerivation.ts';
import { keyPersonList } from './keyPersonDeltas.ts';
import { revocationList } from './revocationTags.ts';
import { sealKeyPair } from './sealing.ts';
import type { Storage } from '../storage/storage.ts';

export { keyPersonDerivation, newKeyPersonDerivation } from './keyPersonDerivation.ts';

/** What a tablet says it holds when it pulls: its config version, the list format it reads, its revocation and key-person revisions. */
export interface Held {
  since?: number | undefined;
  /** The newest key-person list format the tablet reads. */
  reads?: number | undefined;
  revocations?: number | undefined;
  /** The key-person revision its list is at: a changed config then brings only what changed in the list. */
  keyPersons?: number | undefined;
}

/** The answer when the tablet holds all of it: HTTP 304, no body. */
export const NOT_MODIFIED = 'not-modified';

/**
 * A retired key leaves the trust list a code's lifetime after it was retired, which no one writes down; every other
 * change of the list bumps its stored version at once (the CLI computes the list after each). So the one-query answer
 * is given only while this process computed the list within this long; a pull after it computes the list again.
 */
const TRUST_RECHECK_MS = 10 * 60_000;
const trustCheckedAt = new Map<string, number>();

/** 304 when the checkpoint's version, the trust list's and the revocation counter are all what the tablet holds: one query. */
async function holdsAll(storage: Storage, dataDir: string, checkpointId: string, now: Date, held: Held): Promise<boolean> {
  if (held.since === undefined || held.revocations === undefined || (held.reads ?? 1) < KEY_PERSON_FORMAT) return false;
  if (now.getTime() - (trustCheckedAt.get(dataDir) ?? -Infinity) > TRUST_RECHECK_MS) return false;
  const marks = await storage.configMarks(checkpointId);
  return marks !== null && marks.checkpointVersion + marks.trustVersion === held.since && marks.revocationRevision === held.revocations;
}

/**
 * The config; `unchanged` when the tablet already has this version (`since`): the key-person list can be large, so it is
 * read only for a tablet that needs it; NOT_MODIFIED when it also holds the revocations in force (`revocations`).
 */
export async function currentConfig(storage: Storage, dataDir: string, checkpointId: string, now: Date, held: Held = {}): Promise<Config | ConfigUnchanged | typeof NOT_MODIFIED> {
  // Before anything compares versions: an arrival's listing that ended moves the versions of its community's checkpoints.
  await expireEndedArrivals(storage, now);
  if (await holdsAll(storage, dataDir, checkpointId, now, held)) return NOT_MODIFIED;
  // First, as they may bump the checkpoint's version (a checkpoint's first salt and seal key).
  const { salt, kdf } = await keyPersonDerivation(storage, checkpointId);
  const { publicKey: sealKey } = await sealKeyPair(storage, checkpointId);
  const stored = await storage.getConfig(checkpointId);
  if (!stored) throw new ApiFailure(404, 'checkpoint-unknown', checkpointId);
  const trust = await currentTrust(storage, dataDir, now);
  trustCheckedAt.set(dataDir, now.getTime());
  // Both versions only ever grow, so their sum grows when either the checkpoint's config or the trust list changes.
  const version = stored.version + trust.version;
  const serverTime = now.toISOString();
  const reads = held.reads ?? KEY_PERSON_FORMAT;
  if (held.since === version) {
    // Only what changed since the tablet's revision, if it sent one; the whole list in force to an app that did not.
    const revocations = await revocationList(storage, { salt, kdf }, now, held.revocations);
    return { version, serverTime, unchanged: true, revocations };
  }
  // An app from before format 2 would read this list as empty and flag no one: it is told to update instead, and keeps
  // the list it holds (and keeps pushing its entries) until it does.
  if (reads < KEY_PERSON_FORMAT) throw new ApiFailure(409, 'app-update-required');
  // The key persons (imported, and arrivals listed for the community: issue #20) whole, or what changed since the
  // tablet's revision (issue #19): an arrival moves the version of every checkpoint of its community.
  const [leadPin, keyPersons] = await Promise.all([
    storage.getLeadPin(checkpointId), keyPersonList(storage, checkpointId, stored.version, now, held.keyPersons),
  ]);
  // Under the salt of the list sent, which a new import may have changed since `salt` was read.
  const revocations = await revocationList(storage, { salt: keyPersons.salt, kdf: keyPersons.kdf }, now);
  return { version, serverTime, checkpoint: stored.checkpoint, policy: stored.policy, trust: trust.list, leadPin, keyPersons, revocations, sealKey };
}

/** The full config, whatever the tablet has (enrolment, and the answer to a change the tablet made). */
export async function fullConfig(storage: Storage, dataDir: string, checkpointId: string, now: Date): Promise<Config> {
  const config = await currentConfig(storage, dataDir, checkpointId, now);
  if (config === NOT_MODIFIED || 'unchanged' in config) throw new Error('a config asked for without a version came back unchanged');
  return config;
}
