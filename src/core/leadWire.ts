/** Schemas of what lead mode adds to the wire: the lead PIN's hash, its change and the lead's proof, and key persons. */
import { Type, type Static } from '@sinclair/typebox';

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 200 });

/** The lead PIN as PBKDF2-SHA256 (never the PIN): checked on the tablet offline, set by the operator or the lead. */
export const LeadPinSchema = Type.Object(
  {
    salt: Base64,
    hash: Base64,
    iterations: Type.Integer({ minimum: 100_000, maximum: 10_000_000 }),
    /** The checkpoint's private key, wrapped with a key stretched from the same PIN (own salt): lead mode reads sealed entries with it. */
    key: Type.Optional(
      Type.Object({ salt: Base64, iv: Base64, data: Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 400 }) }, { additionalProperties: false }),
    ),
  },
  { $id: 'LeadPin', additionalProperties: false },
);

/**
 * Proof that the lead unlocked what a tablet sends: HMAC-SHA256 (Base64, 32 bytes) under a key only the checkpoint's
 * private key gives, over the change (leadProof.ts). A device token alone cannot make one.
 */
export const LeadProofSchema = Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: 'HMAC-SHA256 of the change under the lead key (leadProof.ts)' });

/** A lead's new PIN, from a tablet (PUT /lead-pin): proven with the key the old PIN unwrapped. */
export const LeadPinChangeSchema = Type.Object(
  {
    /** The new record; it must carry the checkpoint key wrapped with the new PIN, or leads could no longer open sealed entries. */
    leadPin: LeadPinSchema,
    /** The `hash` of the record this one replaces: a change made against a PIN the operator has since replaced is refused. */
    replaces: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' }),
    /** The tablet's clock when the lead saved it. */
    changedAt: Type.String({ format: 'date-time' }),
    proof: LeadProofSchema,
  },
  { $id: 'LeadPinChange', additionalProperties: false },
);

/**
 * Key persons as the server sends them (format 2, core/keyPersonLookup.ts): per person, a tag and a box, both from
 * scrypt(ID number, salt) with `kdf`'s parameters; the box (AES-256-GCM) holds the category and note. A lost tablet
 * hands out no ID number, category or note: each guess at an ID number costs a scrypt. Tablets that still hold a list
 * of the format before (salted SHA-256, category and note in clear) read it until their next pull (LegacyKeyPersons).
 */
export const KeyPersonListSchema = Type.Object(
  {
    format: Type.Literal(2),
    kdf: Type.Object(
      {
        name: Type.Literal('scrypt'),
        // A power of two; bounded so a list cannot ask a tablet for more than 64 MiB or a long stall per scan.
        N: Type.Integer({ minimum: 16, maximum: 65_536 }),
        r: Type.Integer({ minimum: 1, maximum: 16 }),
        p: Type.Integer({ minimum: 1, maximum: 4 }),
      },
      { additionalProperties: false },
    ),
    salt: Base64,
    persons: Type.Array(
      Type.Object(
        {
          tag: Type.String({ pattern: '^[A-Za-z0-9+/]{22}==$' }),
          // IV, the padded category and note (at most 1 + 300 bytes, so 304), GCM's tag: at most 332 bytes.
          box: Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 444 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200_000 },
    ),
    // Issue #19: a tablet that sends the revision it holds (GET /config?keyPersonRevision=R) may get only what changed.
    /** The checkpoint's key-person revision this list is complete up to (absent from servers before revisions). */
    revision: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Present on a delta: `persons` are those added or changed after this revision, the one the tablet sent; merge, do not replace. */
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    /** On a delta: the tags taken off the list after `after`. */
    removed: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9+/]{22}==$' }), { maxItems: 200_000 })),
  },
  { $id: 'KeyPersonList', additionalProperties: false },
);

export type LeadPin = Static<typeof LeadPinSchema>;
export type LeadPinChange = Static<typeof LeadPinChangeSchema>;
export type KeyPersonList = Static<typeof KeyPersonListSchema>;
