/**
 * The key-person lookup for the list in force, built once per list, with each ID number's scrypt done once per session and
 * kept in memory only; the revoked codes' lookup goes by the same tags, so a scan costs one scrypt for both.
 */
import { fromBase64 } from '../core/base64.ts';
import {
  deriveKeyPerson, isLegacyList, keyPersonIndex, memoisedDerive, type Derive, type HeldKeyPersons, type KeyPersonIndex, type SealedKeyPersons,
} from '../core/keyPersonLookup.ts';
import { revocationIndex } from '../core/revocations.ts';
import type { Config } from '../core/wire.ts';

/** ID numbers whose derivation is kept: a day's distinct people at a busy gate, about 1 MB. */
const REMEMBERED = 10_000;
/** The derivations are dropped after this: what a running tablet holds of the people it saw stays recent. */
const FORGET_AFTER_MS = 60 * 60_000;

let cached: { key: string; index: KeyPersonIndex } | undefined;
let memo: { key: string; derive: Derive; since: number } | undefined;

/**
 * The list's derivation, memoised by ID number. The memo outlives a new version of the list with the same salt and
 * parameters (an import that changed a few persons), so the people already seen are not derived again.
 */
function derivation(list: SealedKeyPersons): Derive {
  const key = `${list.salt}\u0000${list.kdf.N}\u0000${list.kdf.r}\u0000${list.kdf.p}`;
  return (idNumber) => {
    const now = Date.now();
    if (memo?.key !== key || now - memo.since > FORGET_AFTER_MS) {
      memo = { key, derive: memoisedDerive(fromBase64(list.salt) ?? new Uint8Array(0), list.kdf, REMEMBERED), since: now };
    }
    return memo.derive(idNumber);
  };
}

/**
 * The index of the config's list, made again only when another list comes: the device is read afresh from storage
 * after every sync, so the list object changes even when its contents do not; the server bumps the config version
 * whenever the list changes, and the salt and length tell lists of different checkpoints apart. A tablet updated from
 * an app before key-person format 2 may hold a list of the old format until its next pull (the uploader then asks for
 * a full config): it is read as it is.
 */
export function keyPersonsOf(config: Config): KeyPersonIndex {
  const list: HeldKeyPersons = config.keyPersons;
  const key = `${config.checkpoint.id}\u0000${config.version}\u0000${list.salt}\u0000${list.persons.length}`;
  if (cached?.key !== key) cached = { key, index: isLegacyList(list) ? keyPersonIndex(list) : keyPersonIndex(list, derivation(list)) };
  return cached.index;
}

/** A lookup of the config's revocations: the not-before (ms) of a person's codes, if any. */
export interface RevocationLookup {
  readonly size: number;
  revokedBefore(idNumber: string): number | undefined;
}

let revocationsCached: { list: Config['revocations']; key: string; lookup: RevocationLookup } | undefined;

/**
 * The revocations as a lookup by ID number, through the key-person list's memoised derivation: a person the key-person
 * lookup has just derived costs nothing more. A list under another salt than the key-person list's (pulled before a new
 * import reached this tablet) matches no one until the next pull brings both under one salt.
 */
export function revocationsOf(config: Config): RevocationLookup {
  const list: HeldKeyPersons = config.keyPersons;
  const key = `${config.checkpoint.id}\u0000${list.salt}`;
  if (revocationsCached && revocationsCached.list === config.revocations && revocationsCached.key === key) return revocationsCached.lookup;
  const index = isLegacyList(list) ? new Map<string, number>() : revocationIndex(config.revocations, list.salt);
  const derive = isLegacyList(list) ? undefined : derivation(list);
  const lookup: RevocationLookup = {
    size: index.size,
    revokedBefore: (idNumber) => (index.size === 0 || !derive ? undefined : index.get(derive(idNumber).tag)),
  };
  revocationsCached = { list: config.revocations, key, lookup };
  return lookup;
}

/** Runs scrypt once with the list's parameters on a made-up ID number, so the first person scanned does not pay its first (unoptimised) run. */
export function warmKeyPersons(config: Config): void {
  const list: HeldKeyPersons = config.keyPersons;
  keyPersonsOf(config);
  if (!isLegacyList(list) && (list.persons.length > 0 || (config.revocations?.persons.length ?? 0) > 0)) deriveKeyPerson(new Uint8Array(16), '000000000000000000', list.kdf);
}
