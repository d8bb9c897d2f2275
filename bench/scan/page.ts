/** What the scan benchmark runs inside the page: a code shown at a known time, the verdict seen and painted, a queue of codes. */
import type { Page } from 'playwright-core';
import { CODE_READ_MARK } from '../../src/scan/codeScanner.ts';

/** The injected camera's hooks (tests/e2e/support/camera.ts). */
interface CameraWindow { __showCode: (m: boolean[][] | null) => void; __codeShownAt: number }

/** One scan's times from the frame in which the code was first drawn: to the engine reading it, and to the verdict painted. */
export interface ScanTimes { read: number; painted: number }

/**
 * Shows one code and times it from the frame in which it was first drawn. Read: the engines' User Timing mark
 * (src/scan/camera.ts) for a new code. Painted: a MutationObserver sees the verdict element with this sequence number,
 * and the task posted from the next requestAnimationFrame runs after that frame's rendering.
 */
export function scanOnce(page: Page, matrix: boolean[][], seq: number): Promise<ScanTimes> {
  return page.evaluate(({ matrix, seq, mark }) => new Promise<ScanTimes>((resolve, reject) => {
    const camera = window as unknown as CameraWindow;
    const selector = `[data-verdict][data-seq="${seq}"]`;
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`no verdict #${seq} within 30 s`)); }, 30_000);
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => {
        const read = performance.getEntriesByName(mark).at(-1)?.startTime ?? NaN;
        resolve({ read: read - camera.__codeShownAt, painted: performance.now() - camera.__codeShownAt });
      }, 0));
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-seq'] });
    camera.__showCode(matrix);
  }), { matrix, seq, mark: CODE_READ_MARK });
}

/** Takes the verdict away (as a tap does) and shows an empty camera, so the next code starts from a quiet gate. */
export async function clearGate(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.querySelector<HTMLElement>('[data-verdict]')?.click();
    (window as unknown as CameraWindow).__showCode(null);
  });
}

/**
 * A queue: each code is shown the moment the previous one's verdict appears (it is logged before it is shown).
 * Resolves with the total milliseconds from the first code shown to the last verdict.
 */
export function queue(page: Page, matrices: boolean[][][], firstSeq: number): Promise<number> {
  return page.evaluate(async ({ matrices, firstSeq }) => {
    const camera = window as unknown as CameraWindow;
    const start = performance.now();
    for (const [i, matrix] of matrices.entries()) {
      const selector = `[data-verdict][data-seq="${firstSeq + i}"]`;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`no verdict for queued code ${i}`)); }, 30_000);
        const observer = new MutationObserver(() => {
          if (!document.querySelector(selector)) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-seq'] });
        camera.__showCode(matrix);
      });
    }
    return performance.now() - start;
  }, { matrices, firstSeq });
}

/** Milliseconds from navigation start until the scan screen's camera shows a picture. */
export function cameraRunningAt(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    const poll = () => {
      const video = document.querySelector('.camera video');
      if (video instanceof HTMLVideoElement && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) resolve(performance.now());
      else requestAnimationFrame(poll);
    };
    poll();
  }));
}

/** Milliseconds from navigation start until the first verdict is painted (the code was held up before the app opened). */
export function firstVerdictAt(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    const poll = () => {
      if (document.querySelector('[data-verdict][data-seq]')) requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
      else requestAnimationFrame(poll);
    };
    poll();
  }));
}
