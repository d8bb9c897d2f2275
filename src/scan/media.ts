/** Opening the back camera on cheap tablets: a preference for the back camera, retries while it is busy, the torch. */
import { CameraError, cameraErrorKey } from './codeScanner.ts';

/** Attempts on NotReadableError: a camera just released by another app or tab often frees up within a second. */
const BUSY_ATTEMPTS = 4;
const BUSY_DELAY_MS = 300;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

// html5-qrcode turns the DOMException into a string, so the name is looked for in the text too.
const isBusy = (e: unknown) => (e instanceof Error && e.name === 'NotReadableError') || /NotReadable/.test(String(e));

/** Runs `open` again while the camera is busy (NotReadableError), a few times with a short pause; other errors at once. */
export async function retryWhileBusy<T>(open: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (e) {
      if (!isBusy(e) || attempt >= BUSY_ATTEMPTS) throw e;
      await sleep(BUSY_DELAY_MS * attempt);
    }
  }
}

/** The back camera's stream. 'environment' is a preference, not `exact`: cheap tablets often label their cameras oddly. */
export async function openBackCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError(window.isSecureContext ? 'camera-missing' : 'camera-insecure');
  try {
    return await retryWhileBusy(() =>
      navigator.mediaDevices.getUserMedia({
        audio: false,
        // 720p is enough for a phone screen's code at arm's length and keeps each frame cheap to crop.
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      }),
    );
  } catch (e) {
    throw new CameraError(cameraErrorKey(e), e);
  }
}

/** The torch fields lib.dom does not declare (Chrome on Android has them). */
interface TorchCapabilities { torch?: boolean }

export function capabilitiesHaveTorch(capabilities: MediaTrackCapabilities | undefined): boolean {
  return (capabilities as (MediaTrackCapabilities & TorchCapabilities) | undefined)?.torch === true;
}

/** The constraints that switch the torch; `advanced`, so a camera that cannot is not an error. */
export const torchConstraints = (on: boolean): MediaTrackConstraints => ({ advanced: [{ torch: on } as MediaTrackConstraintSet] });

export function trackHasTorch(track: MediaStreamTrack | undefined): boolean {
  // getCapabilities is missing on some old WebViews.
  return capabilitiesHaveTorch(track?.getCapabilities?.());
}

export async function setTrackTorch(track: MediaStreamTrack | undefined, on: boolean): Promise<void> {
  if (!track || !trackHasTorch(track)) return;
  await track.applyConstraints(torchConstraints(on));
}
