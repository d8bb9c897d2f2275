/** The scanner behind one small interface, so a faster engine can replace html5-qrcode without touching screens. */

/** Why the camera could not start, as a message key. */
export type CameraErrorKey = 'camera-denied' | 'camera-missing' | 'camera-busy' | 'camera-insecure' | 'camera-failed';

export class CameraError extends Error {
  constructor(readonly key: CameraErrorKey, cause?: unknown) {
    super(key, { cause });
  }
}

export interface CodeScanner {
  /** Starts the back camera in `host` and calls `onCode` with the text of every QR code it reads. */
  start(host: HTMLElement, onCode: (text: string) => void): Promise<void>;
  /** Gives the camera back (every track stopped) and ends the frame loop; start() may be called again. */
  stop(): Promise<void>;
  /** Whether the running camera has a torch that can be switched (false before start or where unsupported). */
  hasTorch?(): boolean;
  setTorch?(on: boolean): Promise<void>;
}

/** The User Timing mark of the moment a new code is read, before the app judges it: the benchmark splits its latency there. */
export const CODE_READ_MARK = 'kadian-code-read';

/** Passes every read on, and marks when a code other than the last one is read (one mark kept, so none pile up). */
export function markingNewCodes(onCode: (text: string) => void): (text: string) => void {
  let last: string | undefined;
  return (text) => {
    if (text !== last) {
      last = text;
      performance.clearMarks(CODE_READ_MARK);
      performance.mark(CODE_READ_MARK);
    }
    onCode(text);
  };
}

/** Where a tablet's choice of engine is kept (a settings switch writes it). */
export const SCAN_ENGINE_KEY = 'kadian-scan-engine';

/** The engines a volunteer may choose: the fast one, and html5-qrcode for devices the fast one does not suit. */
export const ENGINES = ['fast', 'html5-qrcode'] as const;
export type ScanEngine = (typeof ENGINES)[number];

/** Names a getUserMedia failure the way a volunteer can act on it. */
export function cameraErrorKey(e: unknown): CameraErrorKey {
  const name = e instanceof DOMException || e instanceof Error ? e.name : String(e);
  const text = String(e);
  if (!window.isSecureContext) return 'camera-insecure';
  if (name === 'NotAllowedError' || /NotAllowed|Permission/i.test(text)) return 'camera-denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || /NotFound|no camera/i.test(text)) return 'camera-missing';
  if (name === 'NotReadableError' || /NotReadable|Could not start/i.test(text)) return 'camera-busy';
  return 'camera-failed';
}

/** The engine this tablet is set to; anything unknown in storage means the default, the fast one. */
export function chosenEngine(): ScanEngine {
  const stored = localStorage.getItem(SCAN_ENGINE_KEY);
  return ENGINES.find((e) => e === stored) ?? 'fast';
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
