/** Base64 (standard alphabet) to bytes and back, with the atob/btoa every runtime of core has. */

const platform = globalThis as unknown as { atob(s: string): string; btoa(s: string): string };

/** Bytes from Base64; undefined for text that is not Base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  try {
    const binary = platform.atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return platform.btoa(binary);
}
