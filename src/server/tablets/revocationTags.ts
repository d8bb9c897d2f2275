/** The revocations a checkpoint's tablets pull: each revoked person's key-person tag under that checkpoint's salt, derived once per process and salt. */
import type { KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import { REVOCATION_KEEP_MS } from '../../core/revocations.ts';
import type { RevocationListWire } from '../../core/wire.ts';
import { deriveKeyPersonNative, derivationJobs } from '../operator/keyPersonSeal.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * Tags derived so far, by salt, parameters and ID number: a config pull of a checkpoint whose salt it has seen derives
 * only the persons revoked since. Bounded (the oldest go first); only a cache, so each server process keeps its own.
 */
const TAGS_KEPT = 100_000;
const tags = new Map<string, string>();

async function tagOf(derivation: KeyPersonDerivation, salt: Buffer, personId: string): Promise<string> {
  const key = `${derivation.salt}\u0000${derivation.kdf.N}\u0000${derivation.kdf.r}\u0000${derivation.kdf.p}\u0000${personId}`;
  const known = tags.get(key);
  if (known !== undefined) return known;
  const { tag } = await deriveKeyPersonNative(salt, personId, derivation.kdf);
  tags.set(key, tag);
  if (tags.size > TAGS_KEPT) tags.delete(tags.keys().next().value as string);
  return tag;
}

/**
 * The revocations in force at `now` for a checkpoint whose key-person list has `derivation`: tablets match them with the
 * tag they already derive for the key-person lookup, so the list names no one a tablet has not scanned, and guessing an
 * ID number from it costs the same scrypt per guess as the key-person list does. In tag order, like that list.
 * With `after` (the revision a tablet holds), only the persons revised since: a delta, which the tablet merges.
 */
export async function revocationList(storage: Storage, derivation: KeyPersonDerivation, now: Date, after?: number): Promise<RevocationListWire> {
  const { revision, revocations: revoked } = await storage.listRevocations(now.getTime() - REVOCATION_KEEP_MS, after);
  const salt = Buffer.from(derivation.salt, 'base64');
  const persons = new Array<{ tag: string; notBefore: string }>(revoked.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < revoked.length) {
      const i = next++;
      const r = revoked[i]!;
      persons[i] = { tag: await tagOf(derivation, salt, r.personId), notBefore: r.notBefore };
    }
  };
  await Promise.all(Array.from({ length: Math.min(derivationJobs(), revoked.length) }, worker));
  persons.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return { salt: derivation.salt, persons, revision, ...(after !== undefined && { after }) };
}
