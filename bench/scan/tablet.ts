/** The benchmark's tablets: headless Chromium (as the browser tests use it), one enrolled context per engine, CPU throttling. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { injectCamera } from '../../tests/e2e/support/camera.ts';
import type { TestServer } from '../../tests/e2e/support/server.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The engines compared: the two a tablet can be set to, and html5-qrcode as it comes (the baseline, bench only). */
export const BENCH_ENGINES = [
  { id: 'fast', label: 'fast (rVFC + zxing-wasm worker)', storage: null },
  { id: 'html5-qrcode', label: 'html5-qrcode tuned (ours)', storage: 'html5-qrcode' },
  { id: 'html5-qrcode-defaults', label: 'html5-qrcode defaults', storage: 'html5-qrcode-defaults' },
] as const;
export type BenchEngine = (typeof BENCH_ENGINES)[number];

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// tsx keeps function names with a `__name` helper that functions sent into the page would call: the page gets one too.
const NAME_HELPER = 'globalThis.__name = (f) => f;';

/**
 * Makes every classic worker the page starts answer `rate` times slower: CDP's CPU throttling slows the page, not its
 * workers. Each reply is held back by (rate − 1) × the time the worker took since the message it answers, busy-waiting
 * as a slower CPU would. Bench only: the app's QR worker is a classic worker from a blob URL, which is read and rewrapped.
 */
function slowWorkersScript(rate: number): string {
  const prelude = `var __name = (f) => f; (() => {
    let started = 0;
    self.addEventListener('message', () => { started = performance.now(); });
    const post = self.postMessage.bind(self);
    self.postMessage = (message, transfer) => {
      const until = performance.now() + (performance.now() - started) * ${rate - 1};
      while (performance.now() < until) { /* a slower CPU */ }
      post(message, transfer);
    };
  })();\n`;
  return `(() => {
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url, options) {
        const href = String(url);
        if (!href.startsWith('blob:') || (options && options.type === 'module')) { super(url, options); return; }
        const xhr = new XMLHttpRequest();
        xhr.open('GET', href, false);
        xhr.send();
        super(URL.createObjectURL(new Blob([${JSON.stringify(prelude)} + xhr.responseText], { type: 'text/javascript' })), options);
      }
    };
  })();`;
}

export interface Tablet { context: BrowserContext; page: Page; nextSeq: number }

/** A new enrolled tablet on `engine`, its scan screen open; `slowWorkers` makes its workers that many times slower. */
export async function enrolTablet(browser: Browser, server: TestServer, engine: BenchEngine, slowWorkers = 1): Promise<Tablet> {
  const context = await browser.newContext();
  await context.addInitScript({ content: NAME_HELPER });
  await context.addInitScript({ content: engine.storage ? `localStorage.setItem('kadian-scan-engine', ${JSON.stringify(engine.storage)})` : `localStorage.removeItem('kadian-scan-engine')` });
  if (slowWorkers > 1) await context.addInitScript({ content: slowWorkersScript(slowWorkers) });
  await injectCamera(context);
  const page = await context.newPage();
  await page.goto(await server.enrolmentUrl());
  await page.locator('.checkpoint-name').waitFor();
  await page.locator('.camera video').waitFor();
  return { context, page, nextSeq: 1 };
}

/** CDP CPU throttling of the page (its main thread): 1 is none. */
export async function throttle(page: Page, rate: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/**
 * How much slower a worker gets when only its page is throttled by `rate`: a fixed loop in a worker, timed at 1× and
 * under the throttle (medians of 7). CDP refuses to throttle a worker target itself ("only supported for pages").
 */
export async function workerSlowdownUnder(browser: Browser, rate: number): Promise<{ oneX: number; throttled: number }> {
  const page = await browser.newPage();
  await page.addInitScript({ content: NAME_HELPER });
  await page.goto('about:blank');
  const loop = () => page.evaluate(async () => {
    const source = 'onmessage = () => { const t = performance.now(); let x = 0; for (let i = 0; i < 2e7; i++) x += Math.sqrt(i); postMessage(performance.now() - t + x * 0); }';
    const worker = new Worker(URL.createObjectURL(new Blob([source])));
    const times: number[] = [];
    for (let i = 0; i < 7; i++) times.push(await new Promise<number>((resolve) => { worker.onmessage = (e: MessageEvent<number>) => resolve(e.data); worker.postMessage(0); }));
    worker.terminate();
    return times.sort((a, b) => a - b)[3]!;
  });
  const oneX = await loop();
  await throttle(page, rate);
  const throttled = await loop();
  await page.close();
  return { oneX, throttled };
}
