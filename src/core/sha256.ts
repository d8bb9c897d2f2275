/** SHA-256 through WebCrypto, which browsers, workers and Node ≥ 19 all expose as `globalThis.crypto`. */

interface Platform {
  crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
  TextEncoder: new () => { encode(text: string): Uint8Array };
}
// Core compiles without DOM or Node types, so it names the platform calls it needs.
const platform = globalThis as unknown as Platform;
const { subtle } = platform.crypto;
const encoder = new platform.TextEncoder();

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text`. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
