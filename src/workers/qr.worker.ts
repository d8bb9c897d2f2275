/** QR decoding with zxing-wasm off the main thread: frames arrive transferred, the wasm comes from the app's own origin. */
import * as Comlink from 'comlink';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** Never the library's default, a CDN: the tablet has no network, and the service worker precaches the app's own copy. */
const locateFile = (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path);

/** QR only, one code, no rotated or inverted retries: a phone screen held to the box needs none, and each retry costs a pass. */
const READER: ReaderOptions = { formats: ['QRCode'], tryHarder: true, tryRotate: false, tryInvert: false, tryDownscale: true, maxNumberOfSymbols: 1 };

let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | undefined;

/**
 * The frame's pixels, at most `maxSide` wide: a VideoFrame's visible part (the crop) is drawn, and scaled down here
 * rather than on the main thread. One canvas reused for every frame, kept on the CPU as it is read back each time.
 */
function pixelsOf(frame: ImageBitmap | VideoFrame, maxSide: number): ImageData {
  const [width, height] = frame instanceof ImageBitmap ? [frame.width, frame.height] : [frame.displayWidth, frame.displayHeight];
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.round(width * scale), h = Math.round(height * scale);
  if (!canvas || canvas.width !== w || canvas.height !== h) {
    canvas = new OffscreenCanvas(w, h);
    context = canvas.getContext('2d', { willReadFrequently: true }) ?? undefined;
  }
  if (!context) throw new Error('no 2d context in the QR worker');
  context.drawImage(frame, 0, 0, w, h);
  return context.getImageData(0, 0, w, h);
}

let compiled: Promise<unknown> | undefined;

/** Instantiates the module the page compiled; a failure is reported as the worker's error, which the page is waiting for. */
function instantiateWasm(wasm: WebAssembly.Module) {
  return (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance) => void) => {
    WebAssembly.instantiate(wasm, imports).then(receive, (e: unknown) => reportError(e));
    return undefined;
  };
}

const api = {
  /** Starts zxing on the wasm module the page compiled, so the first code shown does not wait for it. */
  async load(wasm: WebAssembly.Module): Promise<void> {
    compiled ??= prepareZXingModule({ overrides: { instantiateWasm: instantiateWasm(wasm), locateFile }, fireImmediately: true });
    await compiled;
  },

  /** The texts of the QR codes in one frame (closed here: the worker owns it after the transfer). */
  async decode(frame: ImageBitmap | VideoFrame, maxSide: number): Promise<string[]> {
    try {
      const results = await readBarcodes(pixelsOf(frame, maxSide), READER);
      return results.filter((r) => r.isValid).map((r) => r.text);
    } finally {
      frame.close();
    }
  },
};

export type QrApi = typeof api;

Comlink.expose(api);
