/** html5-qrcode, the compatibility engine: tuned for a gate (QR only, no mirrored retry, 15 fps, a scan box), or as it comes. */
import { Html5Qrcode, Html5QrcodeSupportedFormats, type Html5QrcodeCameraScanConfig } from 'html5-qrcode';
import { CameraError, cameraErrorKey, markingNewCodes, type CodeScanner } from './codeScanner.ts';
import { capabilitiesHaveTorch, retryWhileBusy, torchConstraints } from './media.ts';

let nextId = 0;

/** `defaults` is html5-qrcode's own configuration (2 fps, all formats, mirrored retry, whole frame): the benchmark's baseline only. */
export type Html5QrcodeTuning = 'tuned' | 'defaults';

const TUNED: Html5QrcodeCameraScanConfig = {
  fps: 15,
  disableFlip: true,
  qrbox: (w, h) => { const side = Math.floor(Math.min(w, h) * 0.7); return { width: side, height: side }; },
};

export class Html5QrcodeScanner implements CodeScanner {
  private engine: Html5Qrcode | undefined;

  constructor(private readonly tuning: Html5QrcodeTuning = 'tuned') {}

  async start(host: HTMLElement, onCode: (text: string) => void): Promise<void> {
    const target = document.createElement('div');
    target.id = `kadian-reader-${nextId++}`;
    host.replaceChildren(target);
    const tuned = this.tuning === 'tuned';
    const engine = new Html5Qrcode(target.id, tuned
      ? { formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE], useBarCodeDetectorIfSupported: true, verbose: false }
      : { verbose: false });
    this.engine = engine;
    const read = markingNewCodes(onCode);
    try {
      await retryWhileBusy(() => engine.start(
        // 'environment' as a preference, not `exact`: cheap tablets often label their cameras oddly.
        { facingMode: 'environment' },
        tuned ? TUNED : { fps: undefined },
        (text) => read(text),
        () => undefined,
      ));
    } catch (e) {
      this.engine = undefined;
      throw new CameraError(cameraErrorKey(e), e);
    }
  }

  async stop(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (engine?.isScanning) await engine.stop();
    engine?.clear();
  }

  hasTorch(): boolean {
    if (!this.engine?.isScanning) return false;
    try {
      return capabilitiesHaveTorch(this.engine.getRunningTrackCapabilities());
    } catch {
      return false; // no running track yet
    }
  }

  async setTorch(on: boolean): Promise<void> {
    if (this.hasTorch()) await this.engine?.applyVideoConstraints(torchConstraints(on));
  }
}
