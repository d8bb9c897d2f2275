/** Replacing checkpoints' key-person lists with an imported file, as the CLI (`kadian key-persons import`) and the console do it: one derivation, each list replaced whole and counted. */
import { KEY_PERSON_KDF, type KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import { KeyPersonListSchema } from '../../core/leadWire.ts';
import { revokeWorsenedByLists } from '../issuer/revocations.ts';
import type { Storage, StoredKeyPerson } from '../storage/storage.ts';
import { keyPersonDerivation, newKeyPersonDerivation } from '../tablets/config.ts';

/** What a tablet can hold (KeyPersonListSchema's maxItems). */
export const MAX_KEY_PERSONS = KeyPersonListSchema.properties.persons.maxItems ?? 200_000;

/**
 * The derivation an import seals with. Checkpoints that share one salt with today's parameters keep it, so the persons
 * they already hold unchanged are not derived again; otherwise (a first import to several, or older parameters) a new
 * salt for all of them: the list is derived once, whatever the number of checkpoints.
 */
export async function derivationFor(storage: Storage, targets: readonly string[]): Promise<{ derivation: KeyPersonDerivation; previous: StoredKeyPerson[] }> {
  const held = await Promise.all(targets.map((checkpoint) => keyPersonDerivation(storage, checkpoint)));
  const first = held[0];
  if (first === undefined) throw new Error('a key-person import needs at least one checkpoint');
  const same = (d: KeyPersonDerivation) => d.salt === first.salt && JSON.stringify(d.kdf) === JSON.stringify(KEY_PERSON_KDF);
  if (!held.every(same)) return { derivation: newKeyPersonDerivation(), previous: [] };
  return { derivation: first, previous: await storage.listKeyPersons(targets[0]!) };
}

/** What replacing one checkpoint's list did, counted against the list before. */
export interface ListChange {
  checkpointId: string;
  persons: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
}

/** Replace, not add: the file is the whole list, so a person taken off the list is gone from the tablets too (at their next config pull). */
export async function replaceList(storage: Storage, checkpointId: string, derivation: KeyPersonDerivation, persons: readonly StoredKeyPerson[], at: string): Promise<ListChange> {
  const before = new Map((await storage.listKeyPersons(checkpointId)).map((p) => [p.personId, p]));
  let added = 0, changed = 0;
  for (const p of persons) {
    const old = before.get(p.personId);
    if (!old) added++;
    else if (old.category !== p.category || old.note !== p.note) changed++;
    before.delete(p.personId);
  }
  await storage.replaceKeyPersons(checkpointId, derivation, persons, at);
  // A holder of today's code whom the list now colours worse (a close contact imported) has that code revoked.
  await revokeWorsenedByLists(storage, [checkpointId], new Date(at));
  return { checkpointId, persons: persons.length, added, changed, unchanged: persons.length - added - changed, removed: before.size };
}
