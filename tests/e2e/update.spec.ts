/** A new app version deployed mid-shift: offered, never forced, applied after the scan on screen, nothing lost. */
import { type Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { injectCamera, showCode } from './support/camera.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries } from './support/tablet.ts';

const appDir = join(mkdtempSync(join(tmpdir(), 'kadian-app-')), 'app');
let server: TestServer;
test.beforeAll(async () => {
  cpSync(resolve(import.meta.dirname, '../../dist'), appDir, { recursive: true });
  server = await TestServer.start({ APP_DIR: appDir });
  // The gate asks a temperature at each entry: a scan that waits for the volunteer, however slow the machine.
  await server.cli('policy', 'set', 'askTemperature', 'true');
});

/** Answers the temperature prompt of the scan under way. */
const temperature = (page: Page) => page.locator('[data-prompt="temperature"]').getByRole('button', { name: '36.5' }).click();
test.afterAll(async () => { await server?.stop(); });

/** A mark in the page's memory: it survives anything but a reload. */
const mark = (page: Page) => page.evaluate(() => { (window as unknown as { mark: number }).mark = 1; });
const marked = (page: Page) => page.evaluate(() => (window as unknown as { mark?: number }).mark === 1);

/** As a build deploys it: sw.js and its compressed copies (vite.config.ts precompress), which the server prefers. */
async function deployNewVersion(page: Page, version: string): Promise<void> {
  const sw = join(appDir, 'sw.js');
  appendFileSync(sw, `\n// ${version}\n`);
  writeFileSync(`${sw}.br`, brotliCompressSync(readFileSync(sw)));
  writeFileSync(`${sw}.gz`, gzipSync(readFileSync(sw)));
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
}

test('the volunteer is asked; "later" keeps working, "update" waits for the scan under way', async ({ page }) => {
  await injectCamera(page);
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
  await mark(page);

  await deployNewVersion(page, 'v2');
  const banner = page.locator('[data-update="ready"]');
  await expect(banner).toBeVisible();

  // Later: the app goes on as it was, scanning and logging.
  await page.getByRole('button', { name: '稍后' }).click();
  await expect(banner).toBeHidden();
  await showCode(page, residentCode(resident(1)));
  await temperature(page);
  await expect(page.locator('[data-verdict="pass"][data-seq="1"]')).toBeVisible();
  expect(await marked(page)).toBe(true);

  // Offered again on the next start; this time the volunteer agrees in the middle of a scan (its temperature asked;
  // a verdict on screen covers the banner, so a scan that waits for them is when they can agree mid-scan).
  await page.reload();
  await expect(banner).toBeVisible();
  await mark(page);
  await showCode(page, residentCode(resident(2)));
  await expect(page.locator('[data-prompt="temperature"]')).toBeVisible();
  await page.getByRole('button', { name: '更新' }).click();
  await expect(banner).toContainText('等待');
  expect(await marked(page)).toBe(true); // not reloaded under the scan
  await temperature(page);

  // Then the new version takes over, with every entry still there.
  await page.waitForFunction(() => (window as unknown as { mark?: number }).mark === undefined);
  await expect(page.locator('.checkpoint-name')).toBeVisible();
  await expect(banner).toBeHidden();
  expect((await tabletEntries(page)).map((e) => e.seq)).toEqual([1, 2]);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(firstWorker);
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting ?? null))).toBeNull();
  await expect.poll(async () => (await server.exportedRows()).length).toBe(2);
});
