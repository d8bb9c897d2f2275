/** Background Sync: entries scanned offline reach the server with the app closed, uploaded by the service worker itself. */
import { expect, test } from './support/test.ts';
import { injectCamera, scanResident } from './support/camera.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries } from './support/tablet.ts';
import { tabletOfflineReady } from './support/offline.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

const TAG = 'kadian-upload';

test('scans made offline are uploaded by the service worker after the app was closed', async ({ context }) => {
  const page = await context.newPage();
  await injectCamera(page);
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toBeVisible();
  await tabletOfflineReady(page);

  await context.setOffline(true);
  for (let n = 1; n <= 5; n++) await scanResident(page, n, n);
  await expect(page.locator('.status')).toHaveAttribute('data-waiting', '5');
  // The page could not send them, so it asked the browser for a sync once the network is back.
  await expect.poll(() => page.evaluate(async (tag) => {
    const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } };
    return (await registration.sync.getTags()).includes(tag);
  }, TAG)).toBe(true);

  // The volunteer closes the app; no page of the app is left open. Nothing reached the server while offline.
  await page.close();
  expect(await server.exportedRows()).toHaveLength(0);
  await context.setOffline(false);

  // The browser fires the sync when it sees the network (Chromium may do so by itself as the context goes online; that
  // is the same path): here also through DevTools, from a blank tab of the same profile, so the test does not wait on it.
  const blank = await context.newPage();
  const cdp = await context.newCDPSession(blank);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL.startsWith(server.url) && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: server.url, registrationId: await registrationId, tag: TAG, lastChance: false });

  await expect.poll(async () => (await server.exportedRows()).length, { timeout: 30_000 }).toBe(5);
  const rows = await server.exportedRows();
  expect(rows.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);

  // Marked synced on the tablet only once the server had answered: the app, opened again, has nothing waiting.
  const again = await context.newPage();
  await injectCamera(again);
  await again.goto(server.url);
  await expect(again.locator('.status')).toHaveAttribute('data-waiting', '0');
  expect((await tabletEntries(again)).map((e) => e.syncState)).toEqual(['synced', 'synced', 'synced', 'synced', 'synced']);
});
