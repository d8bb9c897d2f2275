/** What turns one camera frame into QR texts: the platform's BarcodeDetector where it reads QR, else zxing-wasm in a worker. */
import * as Comlink from 'comlink';
import type { QrApi } from '../workers/qr.worker.ts';

export interface FrameDecoder {
  readonly kind: 'native' | 'wasm';
  /** Loads what decoding needs (the wasm), so the first code shown is not the one that waits for it. */
  ready(): Promise<void>;
  /** The texts of the QR codes in `frame`. Takes ownership: the frame is closed or transferred, never reused. */
  decode(frame: ImageBitmap): Promise<string[]>;
}

/** The Shape Detection API, which lib.dom does not declare yet. */
interface DetectedBarcode { rawValue: string }
interface BarcodeDetectorInstance { detect(source: ImageBitmapSource): Promise<DetectedBarcode[]> }
interface BarcodeDetectorConstructor {
  new (options?: { formats: string[] }): BarcodeDetectorInstance;
  getSupportedFormats(): Promise<string[]>;
}

/** The platform detector, or null where there is none or it cannot read QR (desktop Linux has the class but no formats). */
async function nativeDecoder(): Promise<FrameDecoder | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
  if (typeof Detector?.getSupportedFormats !== 'function') return null;
  try {
    if (!(await Detector.getSupportedFormats()).includes('qr_code')) return null;
    const detector = new Detector({ formats: ['qr_code'] });
    return {
      kind: 'native',
      ready: async () => undefined,
      async decode(frame) {
        try {
          return (await detector.detect(frame)).map((code) => code.rawValue);
        } finally {
          frame.close();
        }
      },
    };
  } catch {
    return null; // a detector that cannot even list its formats is not one to rely on
  }
}

/** After a failed start, the worker is not tried again for this long (a frame loop would otherwise retry 30 times a second). */
const RETRY_MS = 1000;

/**
 * zxing-wasm off the main thread; one worker for the page's life, so a restarted camera finds the wasm compiled.
 * A worker whose script or wasm could not load (the network went away before the service worker took the page) is
 * thrown away and made again later: a new worker is fetched through the service worker, from the precache.
 */
class WasmDecoder implements FrameDecoder {
  readonly kind = 'wasm';
  private worker: Worker | undefined;
  private booting: Promise<Comlink.Remote<QrApi>> | undefined;
  private failedAt = -Infinity;

  async ready(): Promise<void> {
    await this.boot();
  }

  async decode(frame: ImageBitmap): Promise<string[]> {
    let api: Comlink.Remote<QrApi>;
    try {
      api = await this.boot();
    } catch (e) {
      frame.close();
      throw e;
    }
    // Transferred, not cloned: the frame's pixels move to the worker without a copy.
    return api.decode(Comlink.transfer(frame, [frame]));
  }

  private boot(): Promise<Comlink.Remote<QrApi>> {
    if (this.booting) return this.booting;
    if (performance.now() - this.failedAt < RETRY_MS) return Promise.reject(new Error('QR worker failed to start; retrying shortly'));
    const worker = new Worker(new URL('../workers/qr.worker.ts', import.meta.url), { type: 'module', name: 'kadian-qr' });
    const api = Comlink.wrap<QrApi>(worker);
    // A script that fails to load answers no message: its error event is the only word from it.
    const failed = new Promise<never>((_, reject) => worker.addEventListener('error', () => reject(new Error('QR worker did not load')), { once: true }));
    this.worker = worker;
    this.booting = Promise.race([api.ready(), failed]).then(
      () => api,
      (e: unknown) => {
        this.worker?.terminate();
        this.worker = this.booting = undefined;
        this.failedAt = performance.now();
        throw e;
      },
    );
    return this.booting;
  }
}

let chosen: Promise<FrameDecoder> | undefined;

/** The decoder for this device, chosen once per page. */
export function frameDecoder(): Promise<FrameDecoder> {
  chosen ??= nativeDecoder().then((native) => native ?? new WasmDecoder());
  return chosen;
}
