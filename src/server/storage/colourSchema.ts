/** The rows of migration 017's tables (colour rules, issued codes, revocations) as Kysely reads and writes them; on their own, so schema.ts imports no storage module. */

/** The operator's colour for a key-person category (core/colourFromLists.ts); a category without a row keeps its default. */
export interface ColourRuleRow {
  category: string;
  colour: string;
  days: number;
  updated_at: string;
}

/** The last health code issued to a person: what a worse colour is measured against, until it expires. */
export interface IssuedCodeRow {
  person_id: string;
  colour: string;
  issued_at: string;
  expires_ms: number;
}

/** A person's codes issued before `not_before` are revoked; kept for a code's lifetime after it (core/revocations.ts). */
export interface CodeRevocationRow {
  person_id: string;
  not_before: string;
  not_before_ms: number;
  /** The counter's value when the row was last written (migration 021). */
  revision: number;
}

/** The one row of the revocation counter: it grows by one with each revocation written. */
export interface RevocationRevisionRow {
  id: number;
  revision: number;
}
