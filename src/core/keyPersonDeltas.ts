/** Key-person lists pulled as deltas (issue #19): what changed since the revision a tablet holds, merged into the list it holds. */
import { isLegacyList, type HeldKeyPersons, type SealedKeyPersons } from './keyPersonLookup.ts';

/** A list as the server sends it, whole or as a delta (leadWire's KeyPersonList has this shape; declared here so the page bundles no schema library). */
export interface PulledKeyPersons extends SealedKeyPersons {
  /** The server's key-person revision the list is complete up to; absent from servers before revisions. */
  revision?: number | undefined;
  /** On a delta only: the revision the tablet held; `persons` are those added or changed after it. */
  after?: number | undefined;
  /** On a delta only: the tags taken off the list after `after`. */
  removed?: readonly string[] | undefined;
}

/** A list as the tablet keeps it (with its config): whole, with the revision to ask from next time. */
export interface KeptKeyPersons extends SealedKeyPersons {
  persons: Array<{ tag: string; box: string }>;
  revision?: number;
}

const byTag = (a: { tag: string }, b: { tag: string }): number => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);

/** The revision a tablet tells the server it holds: none for a list of the format before or from a server before revisions. */
export function heldKeyPersonRevision(held: HeldKeyPersons | undefined): number | undefined {
  if (held === undefined || isLegacyList(held) || !('revision' in held)) return undefined;
  return typeof held.revision === 'number' ? held.revision : undefined;
}

/**
 * The list a tablet keeps after a pull: a whole list replaces what it held; a delta (`after`) is applied to the list it
 * was asked against: its removals taken off, its persons put in (a tag already held gets the new box), in tag order like
 * the server's. A delta that does not follow what is held (another revision, salt or scrypt parameters: another tab
 * pulled in between, or the server's database is another) gives null: the tablet asks for the whole list.
 */
export function mergeKeyPersons(held: HeldKeyPersons | undefined, pulled: PulledKeyPersons): KeptKeyPersons | null {
  const { format, kdf, salt, revision } = pulled;
  const kept = (persons: Array<{ tag: string; box: string }>): KeptKeyPersons => ({ format, kdf, salt, persons, ...(revision !== undefined && { revision }) });
  if (pulled.after === undefined) return kept(pulled.persons.map(({ tag, box }) => ({ tag, box })));
  if (!held || isLegacyList(held) || heldKeyPersonRevision(held) !== pulled.after || held.salt !== salt) return null;
  if (held.kdf.name !== kdf.name || held.kdf.N !== kdf.N || held.kdf.r !== kdf.r || held.kdf.p !== kdf.p) return null;
  const boxes = new Map(held.persons.map((p) => [p.tag, p.box]));
  for (const tag of pulled.removed ?? []) boxes.delete(tag);
  for (const { tag, box } of pulled.persons) boxes.set(tag, box);
  return kept([...boxes].map(([tag, box]) => ({ tag, box })).sort(byTag));
}
