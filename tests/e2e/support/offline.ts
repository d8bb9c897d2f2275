/** Waiting until the app may go offline: the tablet says so on its status line; any page can ask its service worker. */
import { expect, type Page } from '@playwright/test';

/** The tablet's own "ready for offline use" (every file the gate needs cached, a service worker in control). */
export async function tabletOfflineReady(page: Page): Promise<void> {
  await expect(page.locator('.status [data-offline-ready="true"]')).toBeVisible({ timeout: 60_000 });
}

/**
 * For pages without a status line (the resident's phone): the controlling service worker reports every file cached.
 * Polled through `evaluate`, which awaits the answer: `waitForFunction` takes a returned promise as truthy at once.
 */
export async function pageCachedForOffline(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => new Promise<boolean>((resolve) => {
    const controller = navigator.serviceWorker.controller;
    if (!controller) return resolve(false);
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<{ done: number; total: number }>) => resolve(event.data.total > 0 && event.data.done >= event.data.total);
    controller.postMessage({ type: 'kadian-readiness' }, [channel.port2]);
  })), { timeout: 60_000, intervals: [250] }).toBe(true);
}
