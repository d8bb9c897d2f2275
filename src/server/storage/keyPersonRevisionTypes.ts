/** The key-person revisions' storage contract (migration 022), apart from the queries so storage.ts imports no query module. */
import type { KeyPersonDerivation } from '../../core/keyPersonLookup.ts';

/** A sealed person as tablets get them. */
export interface SealedTag {
  tag: string;
  box: string;
}

/** A sealed person to publish: `said`, a digest of the category and note in the box (a box sealed again with the same is no change). */
export interface PublishedTag extends SealedTag {
  said: string;
}

/** Where a checkpoint's published list stands. */
export interface KeyPersonRevision {
  derivation: KeyPersonDerivation;
  revision: number;
  /** The lowest revision a delta can be made from. */
  deltaFrom: number;
  /** The checkpoint's config version the list was last computed at. */
  configVersion: number;
}

/** Tombstones kept: those changed before `removedBefore` (ISO 8601), and all but the newest `removedMax`, are forgotten. */
export interface RemovalsKept {
  removedBefore: string;
  removedMax: number;
}

/** What publishing did: `stale` when the list's derivation is no longer the one the persons were sealed with (compute again). */
export type Publication = 'published' | 'already' | 'stale';

export interface KeyPersonRevisionStorage {
  /** The list last published for the checkpoint; null: never. */
  keyPersonRevision(checkpointId: string): Promise<KeyPersonRevision | null>;
  /**
   * Records `persons`, sealed with `derivation` and computed at the checkpoint's config version `version`, as the list its
   * tablets hold: what differs from the list published before (a tag new, gone, or saying otherwise) becomes one new revision (a new derivation: the whole list,
   * deltas starting over). Once per version across processes: `already` when one at this version or later stands.
   */
  publishKeyPersons(checkpointId: string, version: number, derivation: KeyPersonDerivation, persons: readonly PublishedTag[], at: string, kept: RemovalsKept): Promise<Publication>;
  /** The published list's persons (unordered): all of them, or with `after` those changed after it, and the tags removed after it. */
  keyPersonTags(checkpointId: string, after?: number): Promise<{ persons: SealedTag[]; removed: string[] }>;
}
