/** Who each entry is about, as the unlocked lead sees it: sealed persons opened with the checkpoint key the PIN unwrapped. */
import type { Person } from '../../core/personSeal.ts';
import type { StoredEntry } from '../../store/db.ts';
import { leadKey } from './session.ts';

/** An entry with its ID number and name in the clear where the lead's key opens them; `locked` where nothing could. */
export type ShownEntry = StoredEntry & { locked?: boolean };

export async function openPeople(entries: ReadonlyArray<StoredEntry | undefined>): Promise<Array<ShownEntry | undefined>> {
  const opener = leadKey()?.opener;
  return Promise.all(entries.map(async (entry): Promise<ShownEntry | undefined> => {
    if (!entry?.sealed) return entry;
    const opened = opener ? await opener.open(entry.sealed) : null;
    return opened?.ok ? { ...entry, personId: opened.value.personId, name: opened.value.name } : { ...entry, locked: true };
  }));
}

/** The persons of a page of entries for the log's search: null where the entry stays locked. */
export async function readPersons(entries: readonly StoredEntry[]): Promise<Array<Person | null>> {
  return (await openPeople(entries)).map((e) => (e && !e.locked ? { personId: e.personId, name: e.name } : null));
}
