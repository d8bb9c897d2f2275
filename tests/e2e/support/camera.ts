/** A camera the test controls: getUserMedia answers with a canvas stream that shows whatever QR code the test says. */
import { expect, type Page } from '@playwright/test';
import { qrMatrix } from './qr.ts';
import { resident, residentCode } from './residents.ts';

/** How the injected camera misbehaves: `failFirst` names the error its first getUserMedia call throws (a busy camera). */
export interface CameraOptions { failFirst?: string }

/** Installs the injected camera before the app's scripts run (in one page, or every page of a context); blank until `showCode`. */
export async function injectCamera(page: Pick<Page, 'addInitScript'>, options: CameraOptions = {}): Promise<void> {
  await page.addInitScript(({ failFirst }) => {
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
    const camera = window as unknown as CameraWindow;
    camera.__cameraCalls = 0;
    camera.__cameraStreams = [];
    // The time the code was first drawn, where a benchmark starts its clock.
    camera.__showCode = (m) => { camera.__codeShownAt = performance.now(); matrix = m; draw(); };
    navigator.mediaDevices.getUserMedia = async () => {
      if (++camera.__cameraCalls === 1 && failFirst) throw new DOMException('Could not start video source', failFirst);
      const stream = canvas.captureStream(30);
      camera.__cameraStreams.push(stream);
      return stream;
    };
  }, options);
}

/** What the injected camera records in the page. */
interface CameraWindow {
  __showCode: (m: boolean[][] | null) => void;
  __codeShownAt: number;
  __cameraCalls: number;
  __cameraStreams: MediaStream[];
}

/** How often the page asked for the camera, and how many of the streams it got still have a live track. */
export function cameraUse(page: Page): Promise<{ calls: number; live: number }> {
  return page.evaluate(() => {
    const camera = window as unknown as CameraWindow;
    return { calls: camera.__cameraCalls, live: camera.__cameraStreams.filter((s) => s.getTracks().some((t) => t.readyState === 'live')).length };
  });
}

/** Puts `text`'s QR code in front of the injected camera (null: nothing). */
export async function showCode(page: Page, text: string | null): Promise<void> {
  const matrix = text === null ? null : qrMatrix(text);
  await page.evaluate((m) => (window as unknown as { __showCode: (m: boolean[][] | null) => void }).__showCode(m), matrix);
}

/** Resident `n` in front of the camera until the verdict "pass, saved" for entry `seq` shows, then the camera sees nothing again. */
export async function scanResident(page: Page, n: number, seq: number): Promise<void> {
  await showCode(page, residentCode(resident(n)));
  await expect(page.locator(`[data-verdict="pass"][data-saved="true"][data-seq="${seq}"]`)).toBeVisible();
  await showCode(page, null);
}

/**
 * Waits until entry `seq` is logged (the recent list shows it), then takes its verdict off the screen if it is still up.
 * A pass leaves by itself after 3 s, and a loaded machine may get here later: a tap then would wait for a verdict that has left.
 */
export async function dismissVerdict(page: Page, seq: number): Promise<void> {
  await expect(page.locator(`.recent [data-seq="${seq}"]`)).toBeAttached();
  const verdict = `[data-verdict][data-seq="${seq}"]`;
  await page.evaluate((s) => (document.querySelector(s) as HTMLElement | null)?.click(), verdict);
  await expect(page.locator(verdict)).toBeHidden();
}
