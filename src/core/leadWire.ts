/** Schemas of what lead mode adds to the wire: the lead PIN's hash, key persons, and policy changes. */
import { Type, type Static } from '@sinclair/typebox';
import { KEY_PERSON_CATEGORIES } from './keyPersons.ts';

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
 * Key persons as a tablet holds them: the ID number only as a salted SHA-256 (first 16 bytes), so a lost
 * tablet does not hand out the list in clear; the gate hashes each scanned ID number and looks it up.
 */
export const KeyPersonListSchema = Type.Object(
  {
    salt: Base64,
    persons: Type.Array(
      Type.Object(
        {
          idHash: Base64,
          category: Type.Union(KEY_PERSON_CATEGORIES.map((c) => Type.Literal(c))),
          note: Type.String({ maxLength: 100 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200_000 },
    ),
  },
  { $id: 'KeyPersonList', additionalProperties: false },
);

export type LeadPin = Static<typeof LeadPinSchema>;
export type KeyPersonList = Static<typeof KeyPersonListSchema>;
