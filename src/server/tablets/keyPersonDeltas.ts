/**
 * A checkpoint's key-person list as its tablets pull it (issue #19): computed (imported rows and arrivals) once per config
 * version and published under a revision, then sent whole, or as what changed since the revision a tablet holds.
 */
import { createHash } from 'node:crypto';
import { KEY_PERSON_FORMAT } from '../../core/protocol.ts';
import type { KeyPerson } from '../../core/keyPersons.ts';
import type { KeyPersonList } from '../../core/leadWire.ts';
import { arrivalKeyPersons } from '../arrivals/listing.ts';
import type { KeyPersonRevision, PublishedTag } from '../storage/keyPersonRevisionTypes.ts';
import type { Storage } from '../storage/storage.ts';
import { keyPersonDerivation } from './keyPersonDerivation.ts';

/**
 * Removals are remembered this long and at most this many per checkpoint: a tablet offline longer, or behind more of
 * them, gets the whole list (tablets pull every minute while online; beyond this many, the whole list is about as short).
 */
export const REMOVALS_KEPT_MS = 7 * 86_400_000;
export const REMOVALS_KEPT_MAX = 10_000;

/** A delta of at most this many rows is sent as it is; a longer one only when it is shorter than the whole list. */
const DELTA_ROWS_UNWEIGHED = 64;

/** Publications tried before giving up: each retry follows an import under a new salt that landed mid-way. */
const PUBLISH_TRIES = 3;

/** What a box says, as a digest: a person sealed again saying the same is no change (publishKeyPersons). */
const said = (p: KeyPerson): string => createHash('sha256').update(`${p.category}\u0000${p.note}`).digest('base64');

const byTag = (a: { tag: string }, b: { tag: string }): number => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);

/**
 * The published list, computed at config version `version` or later: the first pull after a version change computes the
 * list as it stands (the imported persons, then arrivals listed for the checkpoint's community, which a re-import leaves
 * be) and publishes what differs; every other pull only reads. Read after `version`, so the list is never older than it.
 */
async function published(storage: Storage, checkpointId: string, version: number, now: Date): Promise<KeyPersonRevision> {
  for (let tries = 0; ; tries++) {
    const state = await storage.keyPersonRevision(checkpointId);
    if (state && state.configVersion >= version) return state;
    if (tries === PUBLISH_TRIES) throw new Error(`the key-person list of ${checkpointId} changed salt during each of ${PUBLISH_TRIES} publications`);
    const derivation = await keyPersonDerivation(storage, checkpointId);
    const persons = await storage.listKeyPersons(checkpointId);
    const arrived = await arrivalKeyPersons(storage, checkpointId, derivation, new Set(persons.map((p) => p.personId)), now);
    const sealed: PublishedTag[] = [...persons, ...arrived].map((p) => ({ tag: p.tag, box: p.box, said: said(p) }));
    const kept = { removedBefore: new Date(now.getTime() - REMOVALS_KEPT_MS).toISOString(), removedMax: REMOVALS_KEPT_MAX };
    await storage.publishKeyPersons(checkpointId, version, derivation, sealed, now.toISOString(), kept);
  }
}

/**
 * The list for a tablet whose config version is older than `version`: with `after` (the revision it holds) only what
 * changed since, when the server still remembers every change since (`after` not below the published `deltaFrom`); the
 * whole list otherwise, as to an app that sends no revision. In tag order: in ID-number order, a tag's place in the list
 * would hint at its region and birth date.
 */
export async function keyPersonList(storage: Storage, checkpointId: string, version: number, now: Date, after?: number): Promise<KeyPersonList> {
  const { derivation: { salt, kdf }, revision, deltaFrom } = await published(storage, checkpointId, version, now);
  const list = { format: KEY_PERSON_FORMAT, kdf, salt, revision } as const;
  const whole = async (): Promise<KeyPersonList> => ({ ...list, persons: (await storage.keyPersonTags(checkpointId)).persons.sort(byTag) });
  if (after === undefined || after < deltaFrom || after > revision) return whole();
  const { persons, removed } = await storage.keyPersonTags(checkpointId, after);
  // Removals forgotten (or a new salt published) while the rows were read would be missing from them: checked after.
  const again = await storage.keyPersonRevision(checkpointId);
  if (!again || after < again.deltaFrom) return whole();
  const delta: KeyPersonList = { ...list, persons: persons.sort(byTag), removed: removed.sort(), after };
  if (persons.length + removed.length <= DELTA_ROWS_UNWEIGHED) return delta;
  // A list mostly replaced (thousands removed, a few added) is shorter whole: the tablet takes either. A delta of additions
  // alone is the whole list and a few bytes: kept, so the tablet keeps following revisions.
  const instead = await whole();
  return JSON.stringify(instead).length * 4 < JSON.stringify(delta).length * 3 ? instead : delta;
}
