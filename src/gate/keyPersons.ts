/** The key-person lookup for the list in force, built once per list: a list may hold many thousands. */
import { keyPersonIndex, type KeyPersonIndex } from '../core/keyPersons.ts';
import type { Config } from '../core/wire.ts';

let cached: { key: string; index: KeyPersonIndex } | undefined;

/**
 * The index of the config's list, made again only when another list comes: the device is read afresh from storage
 * after every sync, so the list object changes even when its contents do not; the server bumps the config version
 * whenever the list changes, and the salt and length tell lists of different checkpoints apart.
 */
export function keyPersonsOf(config: Config): KeyPersonIndex {
  const key = `${config.checkpoint.id}\u0000${config.version}\u0000${config.keyPersons.salt}\u0000${config.keyPersons.persons.length}`;
  if (cached?.key !== key) cached = { key, index: keyPersonIndex(config.keyPersons) };
  return cached.index;
}
