/** html5-qrcode tuned for a gate: QR only, no mirrored retry, 15 fps, a scan box, the back camera. */
import { Html5Qrcode, Html5QrcodeSupportedFormats } from 'html5-qrcode';
import { CameraError, cameraErrorKey, type CodeScanner } from './camera.ts';

let nextId = 0;

export class Html5QrcodeScanner implements CodeScanner {
  private engine: Html5Qrcode | undefined;

  async start(host: HTMLElement, onCode: (text: string) => void): Promise<void> {
    const target = document.createElement('div');
    target.id = `kadian-reader-${nextId++}`;
    host.replaceChildren(target);
    this.engine = new Html5Qrcode(target.id, {
      formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE],
      useBarCodeDetectorIfSupported: true,
      verbose: false,
    });
    try {
      await this.engine.start(
        // 'environment' as a preference, not `exact`: cheap tablets often label their cameras oddly.
        { facingMode: 'environment' },
        { fps: 15, disableFlip: true, qrbox: (w, h) => { const side = Math.floor(Math.min(w, h) * 0.7); return { width: side, height: side }; } },
        (text) => onCode(text),
        () => undefined,
      );
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
}
