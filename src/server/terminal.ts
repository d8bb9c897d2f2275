/** Terminal output for people at the server: QR codes of URLs, and the addresses a tablet could use. */
import { networkInterfaces } from 'node:os';
import { renderUnicodeCompact } from 'uqr';

/** A QR code of `text` in block characters; scannable from a terminal with a dark-on-light or light-on-dark theme. */
export function terminalQr(text: string): string {
  return renderUnicodeCompact(text, { border: 2 });
}

/** `http://ADDRESS:port` for every non-internal IPv4 address: what a tablet on the same Wi-Fi could open. */
export function lanUrls(port: number): string[] {
  const urls: string[] = [];
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) urls.push(`http://${a.address}:${port}`);
  }
  return urls;
}
