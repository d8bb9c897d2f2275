/** The scan engines end to end: the fast engine (zxing-wasm worker, or the platform's BarcodeDetector), html5-qrcode by choice, a busy camera. */
import { type Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { cameraUse, injectCamera, showCode } from './support/camera.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries } from './support/tablet.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

/** Every URL the page and its workers asked for, to tell which decoder was loaded (the service worker precaches them all). */
function requests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (r) => { if (!r.serviceWorker()) urls.push(r.url()); });
  return urls;
}
const wasmFetched = (urls: string[]) => urls.filter((u) => /zxing_reader.*\.wasm/.test(u));

/** Counts the workers the page starts, by name (the QR worker is inlined, so no request shows it). */
async function countWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const started: string[] = [];
    (window as unknown as { __workers: string[] }).__workers = started;
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        started.push(options?.name ?? '');
      }
    };
  });
}
const workersStarted = (page: Page) => page.evaluate(() => (window as unknown as { __workers: string[] }).__workers);

async function enrol(page: Page): Promise<void> {
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toBeVisible();
}

/** Hides and shows the page the way a tablet's screen going off does, for the screen's visibility handler. */
async function setVisible(page: Page, visible: boolean): Promise<void> {
  await page.evaluate((v) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (v ? 'visible' : 'hidden') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, visible);
}

test('the fast engine reads codes through zxing-wasm in its worker, and gives the camera back when hidden', async ({ page }) => {
  const urls = requests(page);
  await countWorkers(page);
  await injectCamera(page);
  await enrol(page);
  await expect(page.locator('.camera .kadian-viewfinder video')).toBeVisible();

  for (const n of [11, 12, 13]) {
    await showCode(page, residentCode(resident(n)));
    await expect(page.locator(`[data-verdict="pass"][data-seq="${n - 10}"]`)).toContainText(resident(n).name);
  }
  expect((await tabletEntries(page)).map((e) => e.seq)).toEqual([1, 2, 3]);
  await expect.poll(async () => (await server.exportedRows()).map((r) => r.id_number)).toEqual([11, 12, 13].map((n) => resident(n).id));
  expect(await workersStarted(page)).toContain('kadian-qr');
  // The wasm came from the app's own origin, not a CDN.
  expect(wasmFetched(urls)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${server.url}/assets/zxing_reader-[\\w-]+\\.wasm$`))]));
  expect(urls.every((u) => new URL(u).origin === server.url)).toBe(true);

  await showCode(page, null);
  await setVisible(page, false);
  await expect.poll(async () => (await cameraUse(page)).live).toBe(0);
  await expect(page.locator('.kadian-viewfinder')).toHaveCount(0);

  await setVisible(page, true);
  await expect.poll(async () => (await cameraUse(page)).live).toBe(1);
  await showCode(page, residentCode(resident(14)));
  await expect(page.locator('[data-verdict="pass"][data-seq="4"]')).toContainText(resident(14).name);
});

test('where the platform has a BarcodeDetector that reads QR, it decodes and the wasm is never loaded', async ({ page }) => {
  const urls = requests(page);
  await countWorkers(page);
  await page.addInitScript(() => {
    const native = window as unknown as { __nativeCode: string | null; __detectCalls: number; __detectSizes: string[] };
    native.__nativeCode = null;
    native.__detectCalls = 0;
    native.__detectSizes = [];
    class FakeBarcodeDetector {
      static async getSupportedFormats() { return ['qr_code']; }
      constructor(readonly options?: { formats: string[] }) {}
      async detect(source: ImageBitmapSource) {
        native.__detectCalls++;
        if (source instanceof ImageBitmap && native.__detectSizes.length < 5) native.__detectSizes.push(`${source.width}x${source.height}`);
        return native.__nativeCode ? [{ rawValue: native.__nativeCode, format: 'qr_code' }] : [];
      }
    }
    (window as unknown as { BarcodeDetector: typeof FakeBarcodeDetector }).BarcodeDetector = FakeBarcodeDetector;
  });
  await injectCamera(page);
  await enrol(page);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __detectCalls: number }).__detectCalls)).toBeGreaterThan(3);

  const person = resident(21);
  await page.evaluate((code) => { (window as unknown as { __nativeCode: string }).__nativeCode = code; }, residentCode(person));
  await expect(page.locator('[data-verdict="pass"][data-seq="1"]')).toContainText(person.name);
  // The detector sees the centre crop of the 640×480 picture (70 % of its short side), as ImageBitmaps.
  expect(await page.evaluate(() => (window as unknown as { __detectSizes: string[] }).__detectSizes)).toContain('336x336');
  expect(wasmFetched(urls)).toEqual([]);
  expect(await workersStarted(page)).not.toContain('kadian-qr');
});

test('html5-qrcode still scans when a tablet is switched to it, and retries a busy camera too', async ({ page }) => {
  const urls = requests(page);
  await page.addInitScript(() => localStorage.setItem('kadian-scan-engine', 'html5-qrcode'));
  await injectCamera(page, { failFirst: 'NotReadableError' });
  await enrol(page);
  await expect(page.locator('.camera [id^="kadian-reader-"] video')).toBeVisible();
  await expect(page.locator('.kadian-viewfinder')).toHaveCount(0);
  expect(await cameraUse(page)).toEqual({ calls: 2, live: 1 });

  const person = resident(31);
  await showCode(page, residentCode(person));
  await expect(page.locator('[data-verdict="pass"][data-seq="1"]')).toContainText(person.name);
  expect(wasmFetched(urls)).toEqual([]);
});

test('a camera that is busy on the first try is asked again, and scanning starts without an error', async ({ page }) => {
  await injectCamera(page, { failFirst: 'NotReadableError' });
  await enrol(page);
  await expect(page.locator('.camera .kadian-viewfinder video')).toBeVisible();
  expect(await cameraUse(page)).toEqual({ calls: 2, live: 1 });
  await expect(page.locator('.camera-error')).toHaveCount(0);

  const person = resident(41);
  await showCode(page, residentCode(person));
  await expect(page.locator('[data-verdict="pass"][data-seq="1"]')).toContainText(person.name);
});
