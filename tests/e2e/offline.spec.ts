/** Offline: the app reloads from the service worker with the server down, logs 20 scans, and syncs each once when back. */
import { expect, test } from './support/test.ts';
import { injectCamera, showCode } from './support/camera.ts';
import { resident, residentCode } from './support/residents.ts';
import { TestServer } from './support/server.ts';
import { tabletEntries } from './support/tablet.ts';
import { tabletOfflineReady } from './support/offline.ts';

let server: TestServer;
test.beforeAll(async () => { server = await TestServer.start(); });
test.afterAll(async () => { await server?.stop(); });

test('20 scans made offline reach the server exactly once each', async ({ page, context }) => {
  await injectCamera(page);
  await page.goto(await server.enrolmentUrl());
  await expect(page.locator('.checkpoint-name')).toBeVisible();
  // The first visit installs the service worker, which takes the page once it holds every file the gate needs.
  await tabletOfflineReady(page);

  await showCode(page, residentCode(resident(0)));
  await expect(page.locator('[data-verdict="pass"][data-seq="1"]')).toBeVisible();
  await expect.poll(async () => (await server.exportedRows()).length).toBe(1);

  // The network and the server both go away; the app must come back from the service worker alone.
  await server.stop();
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('.checkpoint-name')).toBeVisible();
  await expect(page.locator('.status')).toHaveAttribute('data-online', 'false');

  for (let n = 1; n <= 20; n++) {
    await showCode(page, residentCode(resident(n)));
    await expect(page.locator(`[data-verdict="pass"][data-seq="${n + 1}"]`)).toBeVisible();
  }
  await expect(page.locator('.status')).toHaveAttribute('data-waiting', '20');
  const offline = await tabletEntries(page);
  expect(offline).toHaveLength(21);
  expect(offline.filter((e) => e.syncState === 'pending')).toHaveLength(20);

  await server.restart();
  await context.setOffline(false);
  await expect(page.locator('.status')).toHaveAttribute('data-waiting', '0', { timeout: 60_000 });

  const rows = await server.exportedRows();
  expect(rows).toHaveLength(21);
  expect(rows.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  expect(new Set(rows.map((r) => r.id_number)).size).toBe(21);
  expect(rows.map((r) => r.id_number).sort()).toEqual(Array.from({ length: 21 }, (_, n) => resident(n).id).sort());
  expect((await tabletEntries(page)).every((e) => e.syncState === 'synced')).toBe(true);
});
