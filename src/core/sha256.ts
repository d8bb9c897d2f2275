/** SHA-256 through WebCrypto. */
import { subtle } from './webcrypto.ts';
import { utf8 } from './text.ts';

/** SHA-256 of bytes. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle.digest('SHA-256', data));
}

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text`. */
export async function sha256Hex(text: string): Promise<string> {
  let hex = '';
  for (const byte of await sha256(utf8(text))) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
