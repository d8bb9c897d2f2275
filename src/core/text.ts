/** UTF-8 to bytes and back: core compiles without DOM or Node types, and TextEncoder/TextDecoder are everywhere core runs. */
const platform = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: 'utf-8', options: { fatal: true }) => { decode(bytes: Uint8Array): string };
};

const encoder = new platform.TextEncoder();
const decoder = new platform.TextDecoder('utf-8', { fatal: true });

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
/** Throws on bytes that are not UTF-8. */
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

/**
 * Lone surrogates (half a UTF-16 pair: no character at all) and Unicode non-characters (U+FFFE, U+FFFF, U+FDD0–U+FDEF
 * and the last two of every plane: reserved, never text). Neither survives UTF-8 storage as sent, so an entry hashed
 * with one would no longer verify once stored and read back.
 */
const MALFORMED = /[\p{Cs}\p{Noncharacter_Code_Point}]/u;

/** The index of the first lone surrogate or non-character in `text`, or -1 when it is well-formed text. */
export const malformedTextAt = (text: string): number => text.search(MALFORMED);
