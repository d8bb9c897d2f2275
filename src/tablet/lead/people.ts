/** Who each entry is about, as the unlocked lead sees it: sealed persons opened with the checkpoint key the PIN unwrapped. */
import type { StoredEntry } from '../../store/db.ts';
import { leadKey } from './session.ts';

/** An entry with its ID number and name in the clear where the lead's key opens them; `locked` where nothing could. */
export type ShownEntry = StoredEntry & { locked?: boolean };

export async function openPeople(entries: ReadonlyArray<StoredEntry | undefined>): Promise<Array<ShownEntry | undefined>> {
  const opener = leadKey()?.opener;
  return Promise.all(entries.map(async (entry): Promise<ShownEntry | undefined> => {
    if (!entry?.sealed) return entry;
    const opened = opener ? await opener.open(entry.sealed) : null;
    return opened?.ok ? { ...entry, ...opened.value } : { ...entry, locked: true };
  }));
}
