/** The rows of migration 022's tables (key-person lists by revision) as Kysely reads and writes them; on their own, so schema.ts imports no storage module. */

/** Per checkpoint: the key-person list as last sent to tablets, its derivation and where its revisions stand. */
export interface KeyPersonRevisionRow {
  checkpoint_id: string;
  salt: string;
  /** scrypt's parameters (JSON, core/keyPersonLookup.ts ScryptParams), as key_person_lists keeps them. */
  kdf: string;
  revision: number;
  /** A tablet holding a revision below this gets the whole list: removals before it are forgotten, or the salt changed at it. */
  delta_from: number;
  /** The checkpoint's config version the list was computed at: a pull at a newer version computes it again. */
  config_version: number;
}

/** One tag of that list and the revision it last changed at; `box` null: removed at that revision (a tombstone). */
export interface KeyPersonTagRow {
  checkpoint_id: string;
  tag: string;
  box: string | null;
  /** A digest of the category and note the box holds: the same again is no change, whatever the box's IV. */
  said: string;
  revision: number;
  changed_at: string;
}
