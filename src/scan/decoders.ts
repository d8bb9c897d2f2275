/** What turns one camera frame into QR texts: the platform's BarcodeDetector where it reads QR, else zxing-wasm in a worker. */
import * as Comlink from 'comlink';
import { encode } from 'uqr';
import { cropBitmap, cropFrame, MAX_SIDE } from './crop.ts';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
// Inlined into this chunk: the worker needs no fetch of its own, so a scanner chunk that loaded has its decoder too
// (a first visit whose network drops at once, before the service worker has installed, still scans).
import QrWorker from '../workers/qr.worker.ts?worker&inline';
import type { QrApi } from '../workers/qr.worker.ts';
import { WorkerBridge, WorkerFailedError } from '../workers/bridge.ts';
import { DECODER_READY_MARK } from './codeScanner.ts';

export interface FrameDecoder {
  readonly kind: 'native' | 'wasm';
  /** Loads what decoding needs (the wasm), so the first code shown is not the one that waits for it. */
  ready(): Promise<void>;
  /** The texts of the QR codes in the centre of the video's current frame. */
  decode(video: HTMLVideoElement): Promise<string[]>;
}

/** The Shape Detection API, which lib.dom does not declare yet. */
interface DetectedBarcode { rawValue: string }
interface BarcodeDetectorInstance { detect(source: ImageBitmapSource): Promise<DetectedBarcode[]> }
interface BarcodeDetectorConstructor {
  new (options?: { formats: string[] }): BarcodeDetectorInstance;
  getSupportedFormats(): Promise<string[]>;
}

/** The platform detector, or null where there is none or it cannot read QR (some desktop builds list no formats at all). */
async function nativeDecoder(): Promise<FrameDecoder | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
  if (typeof Detector?.getSupportedFormats !== 'function') return null;
  try {
    if (!(await Detector.getSupportedFormats()).includes('qr_code')) return null;
    const detector = new Detector({ formats: ['qr_code'] });
    return {
      kind: 'native',
      ready: async () => void performance.mark(DECODER_READY_MARK),
      async decode(video) {
        const frame = await cropBitmap(video);
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
 * The wasm, from the app's own origin (the service worker's precache once installed), never a CDN; compiled as it
 * streams in, off the main thread and eligible for the browser's cache of compiled code.
 */
async function wasmModule(): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compileStreaming(fetch(wasmUrl));
  } catch {
    // Served without the application/wasm type (or the fetch failed): from the bytes, or the same error again.
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`QR wasm: HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/**
 * zxing-wasm off the main thread; one worker for the page's life, so a restarted camera finds the wasm compiled.
 * The page compiles the wasm and hands the module over (shared, not compiled again), so the worker fetches nothing.
 * A worker whose wasm could not load (the network went away before the service worker took the page) is thrown away
 * by its bridge and made again later, when the fetch may be answered from the service worker's precache.
 */
class WasmDecoder implements FrameDecoder {
  readonly kind = 'wasm';
  private readonly bridge = new WorkerBridge<QrApi>(() => new QrWorker({ name: 'kadian-qr' }), { name: 'QR' });
  private loading: Promise<void> | undefined;
  private failedAt = -Infinity;

  ready(): Promise<void> {
    if (this.loading) return this.loading;
    if (performance.now() - this.failedAt < RETRY_MS) return Promise.reject(new Error('QR worker failed to start; retrying shortly'));
    this.loading = wasmModule().then(async (module) => {
      await this.bridge.run((api) => api.load(module));
      // One decode of a known code through the same path as a frame: the first person's code does not pay for
      // zxing's first run (its allocations, and the wasm tiering up).
      const warm = await warmFrame();
      await this.bridge.run((api) => api.decode(Comlink.transfer(warm, [warm]), MAX_SIDE)).catch(() => undefined);
      performance.mark(DECODER_READY_MARK);
    }).catch((e: unknown) => {
      this.bridge.terminate();
      this.loading = undefined;
      this.failedAt = performance.now();
      throw e;
    });
    return this.loading;
  }

  async decode(video: HTMLVideoElement): Promise<string[]> {
    await this.ready();
    const frame = await cropFrame(video);
    try {
      // Transferred, not cloned: the frame moves to the worker without a copy (and is closed there).
      return await this.bridge.run((api) => api.decode(Comlink.transfer(frame, [frame]), MAX_SIDE));
    } catch (e) {
      frame.close(); // if it never left (a no-op if it did): an unclosed VideoFrame holds one of the camera's few buffers
      // A worker that died is started afresh by the bridge, without the wasm: it must be loaded again.
      if (e instanceof WorkerFailedError) this.loading = undefined;
      throw e;
    }
  }
}

/** A frame the size of a real crop with a QR code in the middle, as the camera would show one. */
async function warmFrame(): Promise<ImageBitmap> {
  const { data, size } = encode('KADIAN', { ecc: 'M', border: 4 });
  const scale = Math.floor((MAX_SIDE * 0.6) / size);
  const canvas = new OffscreenCanvas(MAX_SIDE, MAX_SIDE);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context for the warm-up frame');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, MAX_SIDE, MAX_SIDE);
  context.fillStyle = '#000';
  const left = Math.floor((MAX_SIDE - size * scale) / 2);
  data.forEach((row, y) => row.forEach((dark, x) => { if (dark) context.fillRect(left + x * scale, left + y * scale, scale, scale); }));
  return createImageBitmap(canvas);
}

let chosen: Promise<FrameDecoder> | undefined;

/** The decoder for this device, chosen once per page. */
export function frameDecoder(): Promise<FrameDecoder> {
  chosen ??= nativeDecoder().then((native) => native ?? new WasmDecoder());
  return chosen;
}

// No BarcodeDetector at all (desktop, most WebViews): the wasm is certain to be needed, so it starts loading as soon as
// this chunk does, not after the camera has opened.
if (!('BarcodeDetector' in globalThis)) void frameDecoder().then((d) => d.ready()).catch(() => undefined);
