/** A checkpoint's config as a tablet pulls it: policy, trust list, lead PIN and key persons, under one growing version. */
import { toBase64 } from '../../core/base64.ts';
import { KEY_PERSON_SALT_BYTES } from '../../core/keyPersons.ts';
import { randomBytes } from '../../core/webcrypto.ts';
import type { Config, ConfigUnchanged } from '../../core/wire.ts';
import { ApiFailure } from '../http/errors.ts';
import { currentTrust } from '../issuer/trust.ts';
import { sealKeyPair } from './sealing.ts';
import type { Storage } from '../storage/storage.ts';

/** The checkpoint's key-person salt, made (16 random bytes) the first time anyone asks. */
export async function keyPersonSalt(storage: Storage, checkpointId: string): Promise<string> {
  return storage.ensureKeyPersonSalt(checkpointId, toBase64(randomBytes(KEY_PERSON_SALT_BYTES)));
}

/**
 * The config, or `unchanged` when the tablet already has this version (`since`): the key-person list can be large,
 * so it is read only for a tablet that needs it.
 */
export async function currentConfig(storage: Storage, dataDir: string, checkpointId: string, now: Date, since?: number): Promise<Config | ConfigUnchanged> {
  // First, as they may bump the checkpoint's version (a checkpoint's first salt and seal key).
  const salt = await keyPersonSalt(storage, checkpointId);
  const { publicKey: sealKey } = await sealKeyPair(storage, checkpointId);
  const stored = await storage.getConfig(checkpointId);
  if (!stored) throw new ApiFailure(404, 'checkpoint-unknown', checkpointId);
  const trust = await currentTrust(storage, dataDir, now);
  // Both versions only ever grow, so their sum grows when either the checkpoint's config or the trust list changes.
  const version = stored.version + trust.version;
  const serverTime = now.toISOString();
  if (since === version) return { version, serverTime, unchanged: true };
  const [leadPin, persons] = await Promise.all([storage.getLeadPin(checkpointId), storage.listKeyPersons(checkpointId)]);
  return {
    version, serverTime, checkpoint: stored.checkpoint, policy: stored.policy, trust: trust.list, leadPin,
    keyPersons: { salt, persons: persons.map((p) => ({ idHash: p.idHash, category: p.category, note: p.note })) }, sealKey,
  };
}

/** The full config, whatever the tablet has (enrolment, and the answer to a change the tablet made). */
export async function fullConfig(storage: Storage, dataDir: string, checkpointId: string, now: Date): Promise<Config> {
  const config = await currentConfig(storage, dataDir, checkpointId, now);
  if ('unchanged' in config) throw new Error('a config asked for without a version came back unchanged');
  return config;
}
