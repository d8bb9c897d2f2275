/**
 * The scan as an outsider measures it: the app opened afresh, a 4× CPU throttle, the first code shown the moment the
 * camera runs, then 20 different codes; each verdict timed by a MutationObserver on [data-verdict] (the DOM change,
 * before paint). The time uses none of the app's own marks; its code-read mark only splits the time in two.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { scanInPage } from '../../tests/e2e/support/bulkScan.ts';
import { qrMatrix } from '../../tests/e2e/support/qr.ts';
import { resident, residentCode } from '../../tests/e2e/support/residents.ts';
import type { TestServer } from '../../tests/e2e/support/server.ts';
import { GATE_WARM_MARK } from '../../src/gate/tabletGate.ts';
import { CODE_READ_MARK, DECODER_READY_MARK } from '../../src/scan/codeScanner.ts';
import { BENCH_ENGINES, enrolTablet, throttle } from './tablet.ts';

/** Codes per opened app after its first one and a warm-up, as the outsider's harness ran them. */
export const CODES_PER_OPEN = 20;

export interface OutsiderTimes {
  /** The first code after opening the app, shown as soon as the camera runs. */
  first: number;
  /** For the log: when, from the first code shown, the decoder and the gate were ready and the code was read (negative: before). */
  firstMarks: Record<string, number>;
  /** The codes after one warm-up scan. */
  rest: number[];
  /** Of each of `rest`: the part from the code shown to its read (camera and decoder); the rest is the app's pipeline. */
  restRead: number[];
  /** With a backlog: the entries still waiting when the scans after the warm-up began, and when they ended. */
  waiting?: { before: number; after: number };
}

/** Residents 200–499 make the backlog: as many different people as one run of the gate takes without a repeat. */
const BACKLOG_RESIDENTS = 300;

/**
 * `count` entries logged by the app's own gate with no upload running, as a gate offline all morning holds them: on a
 * page of the origin that is not the app (an API answer, which the service worker leaves to the network), so neither
 * the page's scheduler nor a Background Sync sends them before the app opens.
 */
async function makeBacklog(page: Page, server: TestServer, count: number): Promise<void> {
  await page.goto(`${server.url}/api/v1/health`);
  const codes = Array.from({ length: BACKLOG_RESIDENTS }, (_, i) => residentCode(resident(200 + i)));
  let saved = 0;
  // A gate per call, so each call's repeat filter is new: the same people again, as in and as out in turn.
  for (let i = 0; saved < count; i++) {
    const seqs = await scanInPage(page, codes.slice(0, count - saved), i % 2 === 0 ? 'in' : 'out');
    if (seqs.length === 0) throw new Error(`the backlog stopped at ${saved} of ${count}: the gate saved none of a batch`);
    saved += seqs.length;
  }
}

const waitingOn = (page: Page): Promise<number> => page.locator('.status').getAttribute('data-waiting').then(Number);

/** A verdict's time, and within it when the code was read (the app's mark, for the split only; NaN if there is none). */
interface VerdictTime { total: number; read: number }

/** Shows `matrix` and resolves with the milliseconds until an element with `data-verdict` and this seq is in the DOM. */
function timeVerdict(page: Page, matrix: boolean[][], seq: number): Promise<VerdictTime> {
  return page.evaluate(({ matrix, seq, readMark }) => new Promise<VerdictTime>((resolve, reject) => {
    const camera = window as unknown as { __showCode: (m: boolean[][] | null) => void; __codeShownAt: number };
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`no verdict #${seq} within 30 s`)); }, 30_000);
    const observer = new MutationObserver(() => {
      if (!document.querySelector(`[data-verdict][data-seq="${seq}"]`)) return;
      observer.disconnect();
      clearTimeout(timer);
      const total = performance.now() - camera.__codeShownAt;
      resolve({ total, read: (performance.getEntriesByName(readMark)[0]?.startTime ?? NaN) - camera.__codeShownAt });
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    camera.__showCode(matrix);
  }), { matrix, seq, readMark: CODE_READ_MARK });
}

/** Taps the verdict away and blanks the camera, as the next person steps up. */
async function nextPerson(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.querySelector<HTMLElement>('[data-verdict]')?.click();
    (window as unknown as { __showCode: (m: null) => void }).__showCode(null);
  });
  await page.waitForTimeout(400); // bench only: a gate's pause between people, not a wait for the app
}

/** How one opening is run: the CPU throttle, entries waiting to upload, where to save its CPU profile. */
export interface OutsiderOptions { rate: number; backlog: number; profileTo?: string | undefined }

/**
 * One opening of the app on an enrolled tablet (its service worker installed): a new page on `/`, throttled by `rate`
 * from the start, the first code shown when the camera has a picture, then a warm-up and CODES_PER_OPEN codes. `first`
 * numbers the residents so every code in a run is different.
 */
export async function outsiderOpen(browser: Browser, server: TestServer, first: number, { rate, backlog, profileTo }: OutsiderOptions): Promise<OutsiderTimes> {
  const tablet = await enrolTablet(browser, server, BENCH_ENGINES[0]);
  // A worker in control has installed, so has cached every file (Workbox activates after its precache): the same wait
  // for this build and for a baseline from before the status line said so.
  await tablet.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  // Uploaded from the moment the app opens again, while its codes are scanned.
  if (backlog > 0) await makeBacklog(tablet.page, server, backlog);
  await tablet.page.close();
  const page = await tablet.context.newPage();
  await throttle(page, rate);
  await page.goto(server.url + '/');
  await page.waitForFunction(() => {
    const video = document.querySelector('.camera video');
    return video instanceof HTMLVideoElement && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0;
  }, undefined, { polling: 'raf', timeout: 60_000 });
  const matrix = (n: number) => qrMatrix(residentCode(resident(first + n)));
  // The backlog's entries came first: this opening's scans follow them in the log.
  const firstMs = (await timeVerdict(page, matrix(0), backlog + 1)).total;
  const firstMarks = await page.evaluate((names) => {
    const shown = (window as unknown as { __codeShownAt: number }).__codeShownAt;
    return Object.fromEntries(names.map((n) => [n, Math.round((performance.getEntriesByName(n)[0]?.startTime ?? NaN) - shown)]));
  }, [DECODER_READY_MARK, GATE_WARM_MARK, CODE_READ_MARK]);
  await nextPerson(page);
  await timeVerdict(page, matrix(1), backlog + 2);
  const rest: number[] = [];
  const restRead: number[] = [];
  // The page's CPU profile over the scans after the warm-up (OUTSIDER_PROFILE): where their time goes, for Chromium's DevTools.
  const profiler = profileTo ? await page.context().newCDPSession(page) : undefined;
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.setSamplingInterval', { interval: 200 });
  await profiler?.send('Profiler.start');
  const waitingBefore = backlog > 0 ? await waitingOn(page) : 0;
  for (let i = 0; i < CODES_PER_OPEN; i++) {
    await nextPerson(page);
    const { total, read } = await timeVerdict(page, matrix(2 + i), backlog + 3 + i);
    rest.push(total);
    restRead.push(read);
  }
  const waiting = backlog > 0 ? { before: waitingBefore, after: await waitingOn(page) } : undefined;
  if (profiler && profileTo) writeFileSync(profileTo, JSON.stringify((await profiler.send('Profiler.stop')).profile));
  await tablet.context.close();
  return { first: firstMs, firstMarks, rest, restRead, ...(waiting && { waiting }) };
}
