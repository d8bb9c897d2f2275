/** QR decoding with zxing-wasm off the main thread: frames arrive transferred, the wasm comes from the app's own origin. */
import * as Comlink from 'comlink';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

// The library's default would fetch the wasm from a CDN; the tablet has no network, and the service worker precaches this URL.
prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } });

/** QR only, one code, no rotated or inverted retries: a phone screen held to the box needs none, and each retry costs a pass. */
const READER: ReaderOptions = { formats: ['QRCode'], tryHarder: true, tryRotate: false, tryInvert: false, tryDownscale: true, maxNumberOfSymbols: 1 };

let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | undefined;

/** The frame's pixels; one canvas reused for every frame, kept on the CPU as it is read back each time. */
function pixelsOf(frame: ImageBitmap): ImageData {
  if (!canvas || canvas.width !== frame.width || canvas.height !== frame.height) {
    canvas = new OffscreenCanvas(frame.width, frame.height);
    context = canvas.getContext('2d', { willReadFrequently: true }) ?? undefined;
  }
  if (!context) throw new Error('no 2d context in the QR worker');
  context.drawImage(frame, 0, 0);
  return context.getImageData(0, 0, frame.width, frame.height);
}

const api = {
  /** Compiles the wasm now, so the first code held up is not the one that waits for it. */
  async ready(): Promise<void> {
    await readBarcodes(new ImageData(8, 8), READER);
  },

  /** The texts of the QR codes in one frame (closed here: the worker owns it after the transfer). */
  async decode(frame: ImageBitmap): Promise<string[]> {
    try {
      const results = await readBarcodes(pixelsOf(frame), READER);
      return results.filter((r) => r.isValid).map((r) => r.text);
    } finally {
      frame.close();
    }
  },
};

export type QrApi = typeof api;

Comlink.expose(api);
