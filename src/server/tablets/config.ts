/** A checkpoint's config as a tablet pulls it: policy, trust list, lead PIN and key persons, under one growing version. */
import { toBase64 } from '../../core/base64.ts';
import { KEY_PERSON_FORMAT, KEY_PERSON_KDF, type KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import { KEY_PERSON_SALT_BYTES } from '../../core/keyPersons.ts';
import { randomBytes } from '../../core/webcrypto.ts';
import type { Config, ConfigUnchanged } from '../../core/wire.ts';
import { ApiFailure } from '../http/errors.ts';
import { currentTrust } from '../issuer/trust.ts';
import { revocationList } from './revocationTags.ts';
import { sealKeyPair } from './sealing.ts';
import type { Storage } from '../storage/storage.ts';

/** A new list's derivation: 16 random bytes of salt and today's scrypt parameters. */
export const newKeyPersonDerivation = (): KeyPersonDerivation => ({ salt: toBase64(randomBytes(KEY_PERSON_SALT_BYTES)), kdf: KEY_PERSON_KDF });

/** The checkpoint's key-person derivation, made the first time anyone asks. */
export async function keyPersonDerivation(storage: Storage, checkpointId: string): Promise<KeyPersonDerivation> {
  return storage.ensureKeyPersonList(checkpointId, newKeyPersonDerivation());
}

/**
 * The config, or `unchanged` when the tablet already has this version (`since`): the key-person list can be large,
 * so it is read only for a tablet that needs it. `reads` is the newest key-person list format the tablet reads.
 */
export async function currentConfig(
  storage: Storage, dataDir: string, checkpointId: string, now: Date, since?: number, reads: number = KEY_PERSON_FORMAT,
): Promise<Config | ConfigUnchanged> {
  // First, as they may bump the checkpoint's version (a checkpoint's first salt and seal key).
  const { salt, kdf } = await keyPersonDerivation(storage, checkpointId);
  const { publicKey: sealKey } = await sealKeyPair(storage, checkpointId);
  const stored = await storage.getConfig(checkpointId);
  if (!stored) throw new ApiFailure(404, 'checkpoint-unknown', checkpointId);
  const trust = await currentTrust(storage, dataDir, now);
  // Both versions only ever grow, so their sum grows when either the checkpoint's config or the trust list changes.
  const version = stored.version + trust.version;
  const serverTime = now.toISOString();
  // Revocations change with residents' colours, not with the version: every answer carries the list in force.
  const revocations = await revocationList(storage, { salt, kdf }, now);
  if (since === version) return { version, serverTime, unchanged: true, revocations };
  // An app from before format 2 would read this list as empty and flag no one: it is told to update instead, and keeps
  // the list it holds (and keeps pushing its entries) until it does.
  if (reads < KEY_PERSON_FORMAT) throw new ApiFailure(409, 'app-update-required');
  const [leadPin, persons] = await Promise.all([storage.getLeadPin(checkpointId), storage.listKeyPersons(checkpointId)]);
  // In tag order: in ID-number order, a tag's place in the list would hint at its region and birth date.
  const sealed = persons.map((p) => ({ tag: p.tag, box: p.box })).sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return {
    version, serverTime, checkpoint: stored.checkpoint, policy: stored.policy, trust: trust.list, leadPin,
    keyPersons: { format: KEY_PERSON_FORMAT, kdf, salt, persons: sealed }, revocations, sealKey,
  };
}

/** The full config, whatever the tablet has (enrolment, and the answer to a change the tablet made). */
export async function fullConfig(storage: Storage, dataDir: string, checkpointId: string, now: Date): Promise<Config> {
  const config = await currentConfig(storage, dataDir, checkpointId, now);
  if ('unchanged' in config) throw new Error('a config asked for without a version came back unchanged');
  return config;
}
