/** A camera the test controls: getUserMedia answers with a canvas stream that shows whatever QR code the test says. */
import type { Page } from '@playwright/test';
import { qrMatrix } from './qr.ts';

/** Installs the injected camera before the app's scripts run; the canvas is blank until `showCode`. */
export async function injectCamera(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const ctx = canvas.getContext('2d')!;
    let matrix: boolean[][] | null = null;
    let frame = 0;
    const draw = () => {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 640, 480);
      if (matrix) {
        // A hand-held phone is never still: size and place drift a little, as a decoder meets them at a real gate.
        const scale = Math.floor((280 + (frame % 3) * 20) / matrix.length);
        const drift = ((frame >> 2) % 5) * 4 - 8;
        const left = (640 - matrix.length * scale) / 2 + drift, top = (480 - matrix.length * scale) / 2 - drift;
        ctx.fillStyle = '#000';
        matrix.forEach((row, y) => row.forEach((dark, x) => { if (dark) ctx.fillRect(left + x * scale, top + y * scale, scale, scale); }));
      }
      frame++;
    };
    // A timer, not requestAnimationFrame: frames keep coming in a background tab too.
    setInterval(draw, 33);
    draw();
    (window as unknown as { __showCode: (m: boolean[][] | null) => void }).__showCode = (m) => { matrix = m; draw(); };
    navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(30);
  });
}

/** Puts `text`'s QR code in front of the injected camera (null: nothing). */
export async function showCode(page: Page, text: string | null): Promise<void> {
  const matrix = text === null ? null : qrMatrix(text);
  await page.evaluate((m) => (window as unknown as { __showCode: (m: boolean[][] | null) => void }).__showCode(m), matrix);
}
