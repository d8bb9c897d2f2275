/** What every scan engine implements and throws: the CodeScanner interface, camera errors by message key, the code-read mark. */

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

/** The User Timing mark of the moment the decoder can read frames (its wasm compiled and run once): the benchmark shows it. */
export const DECODER_READY_MARK = 'kadian-decoder-ready';

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
