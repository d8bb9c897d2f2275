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
  stop(): Promise<void>;
}

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

/** The scanner for this device: loaded on demand so the scanner library stays out of the first chunk. */
export async function createScanner(): Promise<CodeScanner> {
  const { Html5QrcodeScanner } = await import('./html5QrcodeScanner.ts');
  return new Html5QrcodeScanner();
}
