/** The scanner behind one small interface, so a faster engine can replace html5-qrcode without touching screens. */
import type { CodeScanner } from './codeScanner.ts';

// The screens catch CameraError and hold a CodeScanner from here; the engines import them from codeScanner.ts, not from
// this file, because this file loads the engines (an engine importing it back would be an import cycle).
export { CameraError, type CameraErrorKey, type CodeScanner } from './codeScanner.ts';

/** Where a tablet's choice of engine is kept (a settings switch writes it). */
export const SCAN_ENGINE_KEY = 'kadian-scan-engine';

/** The engines a volunteer may choose: the fast one, and html5-qrcode for devices the fast one does not suit. */
export const ENGINES = ['fast', 'html5-qrcode'] as const;
export type ScanEngine = (typeof ENGINES)[number];

/** The engine this tablet is set to; anything unknown in storage means the default, the fast one. */
export function chosenEngine(): ScanEngine {
  const stored = localStorage.getItem(SCAN_ENGINE_KEY);
  return ENGINES.find((e) => e === stored) ?? 'fast';
}

/**
 * Starts loading the fast engine's chunk now, which starts its decoder (the wasm compiled and run once): called at boot
 * on the tablet, so the decoder is ready when the camera opens instead of half a second after on a slow tablet.
 */
export function preloadScanner(): void {
  if (chosenEngine() === 'fast' && localStorage.getItem(SCAN_ENGINE_KEY) === null) void import('./fastScanner.ts').catch(() => undefined);
}

/** The scanner for this device: loaded on demand so no scanner code is in the first chunk. */
export async function createScanner(): Promise<CodeScanner> {
  const stored = localStorage.getItem(SCAN_ENGINE_KEY);
  // Only the benchmark sets this: html5-qrcode as it comes, the baseline the others are measured against.
  if (stored === 'html5-qrcode-defaults') {
    const { Html5QrcodeScanner } = await import('./html5QrcodeScanner.ts');
    return new Html5QrcodeScanner('defaults');
  }
  if (chosenEngine() === 'html5-qrcode') {
    const { Html5QrcodeScanner } = await import('./html5QrcodeScanner.ts');
    return new Html5QrcodeScanner('tuned');
  }
  const { FastScanner } = await import('./fastScanner.ts');
  return new FastScanner();
}
