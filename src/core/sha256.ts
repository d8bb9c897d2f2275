/** SHA-256, synchronous (@noble/hashes): the tablet hashes an entry inside its IndexedDB transaction, which an await on WebCrypto would let close. */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { utf8 } from './text.ts';

/** SHA-256 of bytes. */
export const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data);

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text`. */
export const sha256Hex = (text: string): string => bytesToHex(nobleSha256(utf8(text)));
